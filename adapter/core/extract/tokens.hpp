#pragma once
// Splits one line of narrative into words, numbers and punctuation in a single pass. Offsets are
// byte offsets into the whole text so that facts can cite their span. Internal to extraction.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace sarcoma::core::extraction {

enum class Tok : std::uint8_t {
  word,    // letters (ASCII; other non-ASCII bytes are kept inside words)
  number,  // digits with at most one decimal point or comma between digits
  punct,   // one character; `c` holds it ('x' for U+00D7, 'G'/'L' for >= / <=, '2' for superscript two)
};

struct Token {
  std::size_t begin = 0;
  std::size_t end = 0;
  Tok kind = Tok::punct;
  char c = 0;
};

// Writes the tokens of text[begin, end) to buf[0, n) and returns n. `buf` is a reusable buffer:
// it only grows (amortised), so scanning many lines does not allocate per line.
std::size_t tokenize(std::string_view text, std::size_t begin, std::size_t end, std::vector<Token>& buf);

inline char lower_ascii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Case-insensitive equality of an ASCII word with a lower-case literal.
inline bool ieq(std::string_view word, std::string_view lower_literal) {
  if (word.size() != lower_literal.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (lower_ascii(word[i]) != lower_literal[i]) return false;
  }
  return true;
}

// Case-insensitive prefix test.
inline bool istarts(std::string_view word, std::string_view lower_prefix) {
  return word.size() >= lower_prefix.size() && ieq(word.substr(0, lower_prefix.size()), lower_prefix);
}

inline bool iends(std::string_view word, std::string_view lower_suffix) {
  return word.size() >= lower_suffix.size() &&
         ieq(word.substr(word.size() - lower_suffix.size()), lower_suffix);
}

}  // namespace sarcoma::core::extraction
