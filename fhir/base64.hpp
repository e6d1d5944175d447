#pragma once
// base64 (RFC 4648, standard alphabet, padded) as FHIR base64Binary uses it.
#include <optional>
#include <string>
#include <string_view>

namespace sarcoma::fhir {

// Returns nullopt for invalid input. ASCII whitespace is skipped (R4 allows it); the rest must be
// whole 4-character groups with '=' padding only at the end.
std::optional<std::string> base64_decode(std::string_view text);
// Same acceptance as base64_decode, without producing the bytes (what the readers check).
bool base64_valid(std::string_view text);
std::string base64_encode(std::string_view bytes);

}  // namespace sarcoma::fhir
