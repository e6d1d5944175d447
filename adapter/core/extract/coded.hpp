#pragma once
// Coded input: the Observations a DiagnosticReport reaches (value[x], components, bodySite, note)
// and DiagnosticReport.conclusionCode, read through the element-code table. Strings found in coded
// elements are read by the narrative scanner (method narrative). Unknown codes become
// informational issues with the element path. Internal to extraction.
#include "adapter/core/extract/collector.hpp"
#include "fhir/resolve.hpp"
#include "mappings/element_codes.hpp"
#include "mappings/rules.hpp"

namespace sarcoma::core::extraction {

// `elements` may be null: then no Observation code is understood (each is reported).
void extract_coded(const fhir::ResolvedReport& report, const mappings::Rules& rules,
                   const mappings::ElementCodes* elements, Collector& out);

}  // namespace sarcoma::core::extraction
