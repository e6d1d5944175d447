#pragma once
// Narrative.div checks shared by both readers. Internal to the fhir library.
#include <string_view>

namespace sarcoma::fhir::detail {

// nullptr when `div` is one well-formed <div xmlns="http://www.w3.org/1999/xhtml"> element (no
// DOCTYPE/entity declarations), as R4 requires in JSON too; else what is wrong.
const char* check_xhtml_div(std::string_view div);
// True when the text holds a markup declaration (<!DOCTYPE, <!ENTITY, ...): refused before parsing.
bool has_markup_declaration(std::string_view xml);

}  // namespace sarcoma::fhir::detail
