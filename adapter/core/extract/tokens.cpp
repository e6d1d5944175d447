#include "adapter/core/extract/tokens.hpp"

#include <algorithm>

namespace sarcoma::core::extraction {
namespace {

bool is_digit(unsigned char c) {
  return c >= '0' && c <= '9';
}
bool is_alpha(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Recognised multi-byte UTF-8 characters: returns the byte length (-1: not one of ours) and sets
// `c` to the ASCII stand-in (' ' for whitespace).
int special_utf8(std::string_view t, std::size_t i, std::size_t end, char& c) {
  auto at = [&](std::size_t k) -> unsigned char {
    return i + k < end ? static_cast<unsigned char>(t[i + k]) : 0;
  };
  unsigned char b0 = at(0), b1 = at(1), b2 = at(2);
  if (b0 == 0xC2 && b1 == 0xA0) {
    c = ' ';
    return 2;
  }  // no-break space
  if (b0 == 0xC3 && b1 == 0x97) {
    c = 'x';
    return 2;
  }  // multiplication sign
  if (b0 == 0xC2 && b1 == 0xB2) {
    c = '2';
    return 2;
  }  // superscript two
  if (b0 == 0xE2 && b1 == 0x89 && b2 == 0xA5) {
    c = 'G';
    return 3;
  }  // greater-than or equal
  if (b0 == 0xE2 && b1 == 0x89 && b2 == 0xA4) {
    c = 'L';
    return 3;
  }  // less-than or equal
  if (b0 == 0xE2 && b1 == 0x80 && (b2 == 0x93 || b2 == 0x94 || b2 == 0x90 || b2 == 0x91)) {
    {
      c = '-';
      return 3;
    }  // en dash, em dash, hyphens
  }
  if (b0 == 0xE2 && b1 == 0x80 && (b2 == 0x98 || b2 == 0x99)) {
    c = '\'';
    return 3;
  }  // curly quotes
  if (b0 == 0xE2 && b1 == 0x80 && b2 == 0xA2) {
    c = '*';
    return 3;
  }  // bullet
  return -1;
}

}  // namespace

std::size_t tokenize(std::string_view text, std::size_t begin, std::size_t end, std::vector<Token>& buf) {
  std::size_t n = 0;
  auto push = [&](Token t) {
    if (n == buf.size()) buf.resize(std::max<std::size_t>(64, 2 * buf.size()));
    buf[n++] = t;
  };
  std::size_t i = begin;
  while (i < end) {
    auto ch = static_cast<unsigned char>(text[i]);
    if (ch == ' ' || ch == '\t' || ch == '\f' || ch == '\v' || ch == '\r' || ch == '\n') {
      ++i;
      continue;
    }
    if (is_digit(ch)) {
      std::size_t j = i + 1;
      while (j < end && is_digit(static_cast<unsigned char>(text[j]))) ++j;
      // One decimal separator between digits: "8.2", "8,2" (decimal comma).
      if (j + 1 < end && (text[j] == '.' || text[j] == ',') &&
          is_digit(static_cast<unsigned char>(text[j + 1]))) {
        j += 2;
        while (j < end && is_digit(static_cast<unsigned char>(text[j]))) ++j;
      }
      push({i, j, Tok::number, 0});
      i = j;
      continue;
    }
    if (ch >= 0x80) {
      char c = 0;
      int len = special_utf8(text, i, end, c);
      if (len > 0) {
        if (c != ' ') push({i, i + static_cast<std::size_t>(len), Tok::punct, c});
        i += static_cast<std::size_t>(len);
        continue;
      }
    }
    if (is_alpha(ch) || ch >= 0x80) {
      std::size_t j = i + 1;
      while (j < end) {
        auto cj = static_cast<unsigned char>(text[j]);
        if (is_alpha(cj)) {
          ++j;
        } else if (cj >= 0x80) {
          char c = 0;
          if (special_utf8(text, j, end, c) > 0) break;
          ++j;
        } else {
          break;
        }
      }
      push({i, j, Tok::word, 0});
      i = j;
      continue;
    }
    push({i, i + 1, Tok::punct, static_cast<char>(ch)});
    ++i;
  }
  return n;
}

}  // namespace sarcoma::core::extraction
