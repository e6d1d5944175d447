#pragma once
// ICD-O-3 code spellings seen in the field, reduced to one form before lookup.
#include <optional>
#include <string>
#include <string_view>

namespace sarcoma::mappings {

// Morphology: "8890/3", "M8890/3", "M-8890/3", "88903", " 8890/3 " -> "8890/3"; nullopt otherwise.
std::optional<std::string> normalize_icdo3_morphology(std::string_view code);
// Topography: "C49.2", "C492", "c49.2" -> "C49.2"; "C48" -> "C48"; nullopt otherwise.
std::optional<std::string> normalize_icdo3_topography(std::string_view code);

}  // namespace sarcoma::mappings
