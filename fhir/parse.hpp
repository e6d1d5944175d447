#pragma once
// Options and result of reading a FHIR resource, and format detection.
//
// Issue policy (both codecs):
//   error   - malformed JSON/XML, empty input, input over max_bytes ("too-long"), nesting over
//             max_depth ("too-costly"), invalid UTF-8 anywhere in the input ("invalid"), XML DOCTYPE or
//             entity declarations ("security", refused before parsing), wrong JSON type for an element
//             ("structure"), a bad primitive value - integer out of range, bad decimal, boolean, invalid
//             base64 ("value"), unknown resourceType at the top level ("not-supported"), two values for
//             one choice element or a repeated single element ("structure").
//   warning - unknown element ("structure"; an error when strict), unknown resourceType nested in a
//             Bundle/contained/Parameters (kept as OtherResource, "not-supported"), empty string/object/
//             array, which FHIR forbids ("value"; the element is dropped), a missing required element
//             ("required").
// Parsing fails (Result holds Issues) when any error issue was raised; on success Parsed.issues
// carries the warnings. Nothing throws across this API.
#include <cstddef>
#include <string_view>

#include "fhir/issue.hpp"
#include "fhir/model.hpp"
#include "fhir/result.hpp"

namespace sarcoma::fhir {

// Memory: JSON needs a copy of the input plus ~64 bytes per JSON value; XML, pugixml's DOM. Both
// are bounded through max_bytes.
struct ParseOptions {
  std::size_t max_bytes = 16u * 1024u * 1024u;  // 16 MiB; larger input is refused unread
  std::size_t max_depth = 64;                   // JSON object/array or XML element nesting
  bool strict = false;                          // unknown elements become errors
};

struct Parsed {
  Resource resource;
  Issues issues;  // warnings only
};

// Detects the format by the first non-whitespace byte after an optional UTF-8 BOM:
// '{' -> JSON, '<' -> XML, anything else (or nothing) -> an error issue.
Result<Parsed, Issues> parse_any(std::string_view input, const ParseOptions& options = {});

}  // namespace sarcoma::fhir
