#pragma once
// FHIR R4 JSON <-> model. Decimals keep their exact text; see fhir/parse.hpp for the issue policy.
#include <string>
#include <string_view>

#include "fhir/model.hpp"
#include "fhir/parse.hpp"

namespace sarcoma::fhir {

Result<Parsed, Issues> parse_json(std::string_view input, const ParseOptions& options = {});
std::string to_json(const Resource& resource, bool pretty = false);
// Compact JSON of `resource` appended to `out` (batch output: no intermediate string per resource).
void append_json(const Resource& resource, std::string& out);

}  // namespace sarcoma::fhir
