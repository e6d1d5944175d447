#pragma once
// Extraction (issue 5): a parsed FHIR pathology report -> ReportFacts (adapter/core/facts.hpp).
// Pure: no I/O, no clock, no globals; never throws on any input.
//
// Coded input: the Observations the report reaches (value[x], components, bodySite, note) and
// DiagnosticReport.conclusionCode, read through mappings/elements.json (element codes -> fact kind)
// and the Rules (histology / site codes). Narrative input: presentedForm (text/plain, text/html;
// base64), conclusion, Observation.valueString and note, read by the narrative scanner
// (adapter/core/extract/narrative.hpp). Every fact cites its source; coded/narrative disagreements
// become Conflicts; non-sarcoma and bone-sarcoma reports get their scope and no staging facts.
#include <vector>

#include "adapter/core/extract/narrative.hpp"
#include "adapter/core/facts.hpp"
#include "fhir/issue.hpp"
#include "fhir/model.hpp"
#include "fhir/resolve.hpp"
#include "fhir/result.hpp"
#include "mappings/element_codes.hpp"
#include "mappings/rules.hpp"

namespace sarcoma::core {

struct ExtractOptions {
  // The element-code table (mappings/elements.json, loaded once at start). Without it no
  // Observation code is understood: each is reported as an informational issue.
  const mappings::ElementCodes* elements = nullptr;
  bool coded = true;      // read Observations and conclusionCode
  bool narrative = true;  // read presentedForm and conclusion
};

ReportFacts extract(const fhir::ResolvedReport& report, const mappings::Rules& rules,
                    const ExtractOptions& options = {});

// Resolves every DiagnosticReport in `root` (a Bundle or a DiagnosticReport) and extracts each.
// Fails only when there is no DiagnosticReport (the resolver's issue).
Result<std::vector<ReportFacts>, fhir::Issues> extract_all(const fhir::Resource& root,
                                                           const mappings::Rules& rules,
                                                           const ExtractOptions& options = {});

// A prepared extractor for the hot path: holds the tables so callers pass only the report.
class Extractor {
 public:
  Extractor(const mappings::Rules& rules, const mappings::ElementCodes& elements) : rules_(rules) {
    options_.elements = &elements;
  }
  ReportFacts operator()(const fhir::ResolvedReport& report) const {
    return extract(report, rules_, options_);
  }
  NarrativeFacts narrative(std::string_view text) const { return scan_narrative(text, rules_); }

 private:
  const mappings::Rules& rules_;
  ExtractOptions options_;
};

}  // namespace sarcoma::core
