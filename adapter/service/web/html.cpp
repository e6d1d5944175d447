#include "adapter/service/web/html.hpp"

namespace sarcoma::service::web {

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    std::size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
    bool ok = len != 0 && c <= 0xf4 && i + len <= text.size();
    for (std::size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(text[i + k]) & 0xc0) == 0x80;
    if (ok) {
      out.append(text.substr(i, len));
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

std::string page(std::string_view title, std::string_view user_display, std::string_view csrf_token,
                 std::string_view main_html) {
  std::string h;
  h.reserve(main_html.size() + 2048);
  h += "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
       "<title>";
  h += escape(title);
  h += " - Sarcoma review</title><link rel=\"stylesheet\" href=\"/assets/app.css\">"
       "<script src=\"/assets/app.js\" defer></script></head><body>"
       "<a class=\"skip\" href=\"#main\">Skip to content</a><header class=\"top\"><span class=\"brand\">Sarcoma "
       "review</span>";
  if (!user_display.empty()) {
    h += "<nav aria-label=\"Main\"><a href=\"/\">Worklist</a></nav>"
         "<form class=\"signout\" method=\"post\" action=\"/logout\"><span class=\"who\">Signed in as ";
    h += escape(user_display);
    h += "</span><input type=\"hidden\" name=\"csrf\" value=\"";
    h += escape(csrf_token);
    h += "\"><button type=\"submit\">Sign out</button></form>";
  }
  h += "</header><main id=\"main\" tabindex=\"-1\">";
  h += main_html;
  h += "</main></body></html>\n";
  return h;
}

}  // namespace sarcoma::service::web
