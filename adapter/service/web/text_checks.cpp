#include "adapter/service/web/text_checks.hpp"

namespace sarcoma::service::web {

bool is_clean_text(std::string_view text, bool allow_newlines) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      bool newline = c == '\n' || c == '\r';
      if ((c < 0x20 && c != '\t' && !(newline && allow_newlines)) || c == 0x7f) return false;
      ++i;
      continue;
    }
    // Multi-byte UTF-8: the lead byte gives the length; no overlongs, surrogates or > U+10FFFF.
    std::size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
    if (len == 0 || c > 0xf4 || i + len > text.size()) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return false;
    }
    auto c1 = static_cast<unsigned char>(text[i + 1]);
    if (c == 0xe0 && c1 < 0xa0) return false;
    if (c == 0xed && c1 >= 0xa0) return false;
    if (c == 0xf0 && c1 < 0x90) return false;
    if (c == 0xf4 && c1 >= 0x90) return false;
    // C1 controls (U+0080..U+009F) are controls too.
    if (c == 0xc2 && c1 < 0xa0) return false;
    i += len;
  }
  return true;
}

}  // namespace sarcoma::service::web
