#pragma once
// What a form field or configured name may hold: valid UTF-8 without control characters (tabs
// and, where `allow_newlines`, line breaks excepted). Hostile input is refused, not repaired.
#include <string_view>

namespace sarcoma::service::web {

bool is_clean_text(std::string_view text, bool allow_newlines);

}  // namespace sarcoma::service::web
