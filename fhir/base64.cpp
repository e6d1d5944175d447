#include "fhir/base64.hpp"

#include <array>

namespace sarcoma::fhir {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<signed char, 256> make_table() {
  std::array<signed char, 256> t{};
  for (auto& v : t) v = -1;
  for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<signed char>(i);
  return t;
}
constexpr auto kTable = make_table();

// 1 for a byte outside the alphabet (whitespace, padding, anything else), 0 inside it.
constexpr std::array<unsigned char, 256> make_outside() {
  std::array<unsigned char, 256> t{};
  for (int c = 0; c < 256; ++c)
    t[static_cast<std::size_t>(c)] = kTable[static_cast<std::size_t>(c)] < 0 ? 1 : 0;
  return t;
}
constexpr auto kOutside = make_outside();

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

}  // namespace

std::optional<std::string> base64_decode(std::string_view text) {
  // Written through a pointer into a buffer sized for the most the text can hold (a group of four
  // significant characters gives at most three bytes), then cut to what was written.
  std::string out(text.size() / 4 * 3, '\0');
  char* o = out.data();
  auto put = [&](std::uint32_t bits, int bytes) {
    *o++ = static_cast<char>((bits >> 16) & 0xFF);
    if (bytes > 1) *o++ = static_cast<char>((bits >> 8) & 0xFF);
    if (bytes > 2) *o++ = static_cast<char>(bits & 0xFF);
  };
  int quad[4];
  int n = 0;
  int pad = 0;
  const std::size_t size = text.size();
  for (std::size_t i = 0; i < size;) {
    // Fast path: a whole group of four alphabet characters (the common case: no line breaks).
    if (n == 0 && pad == 0 && i + 4 <= size) {
      int a = kTable[static_cast<unsigned char>(text[i])],
          b = kTable[static_cast<unsigned char>(text[i + 1])],
          c = kTable[static_cast<unsigned char>(text[i + 2])],
          d = kTable[static_cast<unsigned char>(text[i + 3])];
      if ((a | b | c | d) >= 0) {
        put((static_cast<std::uint32_t>(a) << 18) | (static_cast<std::uint32_t>(b) << 12) |
                (static_cast<std::uint32_t>(c) << 6) | static_cast<std::uint32_t>(d),
            3);
        i += 4;
        continue;
      }
    }
    char ch = text[i++];
    if (is_space(ch)) continue;
    if (pad > 0 && ch != '=') return std::nullopt;  // data after padding
    if (ch == '=') {
      if (n < 2) return std::nullopt;
      ++pad;
      quad[n++] = 0;
    } else {
      int v = kTable[static_cast<unsigned char>(ch)];
      if (v < 0) return std::nullopt;
      quad[n++] = v;
    }
    if (n == 4) {
      put((static_cast<std::uint32_t>(quad[0]) << 18) | (static_cast<std::uint32_t>(quad[1]) << 12) |
              (static_cast<std::uint32_t>(quad[2]) << 6) | static_cast<std::uint32_t>(quad[3]),
          3 - (pad > 2 ? 0 : pad));
      n = 0;
      if (pad > 0) pad = 3;  // nothing but whitespace may follow a padded group
    }
  }
  if (n != 0) return std::nullopt;
  out.resize(static_cast<std::size_t>(o - out.data()));
  return out;
}

bool base64_valid(std::string_view text) {
  std::size_t n = 0;  // significant characters seen
  std::size_t pad = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    // Fast path: eight alphabet characters before any padding (the common case: no line breaks)
    // leave n % 4 as it was, so only the count moves.
    if (pad == 0 && i + 8 <= text.size()) {
      const auto* p = reinterpret_cast<const unsigned char*>(text.data() + i);
      if ((kOutside[p[0]] | kOutside[p[1]] | kOutside[p[2]] | kOutside[p[3]] | kOutside[p[4]] |
           kOutside[p[5]] | kOutside[p[6]] | kOutside[p[7]]) == 0) {
        n += 8;
        i += 8;
        continue;
      }
    }
    char c = text[i];
    if (kTable[static_cast<unsigned char>(c)] >= 0) {
      if (pad) return false;  // data after padding
      ++n;
    } else if (c == '=') {
      if (n % 4 < 2) return false;
      ++pad;
      ++n;
      if (n % 4 == 0) pad = 3;  // the group is complete; nothing but whitespace may follow
    } else if (!is_space(c)) {
      return false;
    }
    ++i;
  }
  return n % 4 == 0;
}

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    std::uint32_t b = (static_cast<unsigned char>(bytes[i]) << 16) |
                      (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                      static_cast<unsigned char>(bytes[i + 2]);
    out.push_back(kAlphabet[(b >> 18) & 63]);
    out.push_back(kAlphabet[(b >> 12) & 63]);
    out.push_back(kAlphabet[(b >> 6) & 63]);
    out.push_back(kAlphabet[b & 63]);
  }
  std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t b = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2) b |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out.push_back(kAlphabet[(b >> 18) & 63]);
    out.push_back(kAlphabet[(b >> 12) & 63]);
    out.push_back(rest == 2 ? kAlphabet[(b >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

}  // namespace sarcoma::fhir
