#pragma once
// Narrative.div checks shared by both readers. Internal to the fhir library.
#include <string_view>

namespace sarcoma::fhir::detail {

// nullptr when `div` is one well-formed <div> element (no DOCTYPE/entity declarations), else why not.
const char* check_xhtml_div(std::string_view div);
// True when the text holds a markup declaration (<!DOCTYPE, <!ENTITY, ...): refused before parsing.
bool has_markup_declaration(std::string_view xml);

}  // namespace sarcoma::fhir::detail
