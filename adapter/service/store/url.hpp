#pragma once
// Query strings and path segments: percent-decoding (%7C -> '|'), splitting, and re-encoding for
// the links the store writes (Bundle.link next/self). Values are never echoed in errors: a search
// value may be a patient identifier.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fhir/result.hpp"

namespace sarcoma::service::store {

using QueryParams = std::vector<std::pair<std::string, std::string>>;  // decoded, in request order

// nullopt on a malformed escape ('%' not followed by two hex digits). `plus_is_space`: form
// encoding, used in query strings ('+' -> ' '; a literal plus arrives as %2B).
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

// "a=1&b=x%7Cy" (without the '?') -> {{"a","1"},{"b","x|y"}}. Empty pieces ("a=1&&b=2") are
// skipped; a name without '=' has an empty value. Errors say which parameter, never its value.
Result<QueryParams, std::string> parse_query(std::string_view query);

// Percent-encodes everything but RFC 3986 unreserved characters.
std::string percent_encode(std::string_view text);
// {{"a","x|y"}} -> "a=x%7Cy"
std::string build_query(const QueryParams& params);

}  // namespace sarcoma::service::store
