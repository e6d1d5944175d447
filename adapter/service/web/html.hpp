#pragma once
// HTML text building: every value goes through escape() (text and attribute contexts alike), so a
// report's narrative or a crafted form value cannot become markup.
#include <string>
#include <string_view>

namespace sarcoma::service::web {

// & < > " ' escaped; invalid UTF-8 bytes replaced with U+FFFD.
std::string escape(std::string_view text);

// A page: doctype, head (title, stylesheet, script), skip link, header with navigation and the
// signed-in reviewer, <main>. `user_display` empty: signed out (no navigation).
std::string page(std::string_view title, std::string_view user_display, std::string_view csrf_token,
                 std::string_view main_html);

}  // namespace sarcoma::service::web
