#pragma once
// FHIR R4 XML <-> model (namespace http://hl7.org/fhir). Narrative div is kept verbatim.
// DOCTYPE and entity declarations are refused before parsing; see fhir/parse.hpp.
#include <string>
#include <string_view>

#include "fhir/model.hpp"
#include "fhir/parse.hpp"

namespace sarcoma::fhir {

Result<Parsed, Issues> parse_xml(std::string_view input, const ParseOptions& options = {});
std::string to_xml(const Resource& resource, bool pretty = false);

}  // namespace sarcoma::fhir
