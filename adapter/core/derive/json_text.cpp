#include "adapter/core/derive/json_text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>

#include "fhir/json_member.hpp"

namespace sarcoma::core {
namespace {

// RapidJSON's escape table (writer.h): 0 = as it is, 'u' = \u00XX, other letters = a one-letter
// escape.
constexpr std::array<char, 256> make_escapes() {
  std::array<char, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[static_cast<std::size_t>(c)] = 'u';
  t[0x08] = 'b';
  t[0x09] = 't';
  t[0x0A] = 'n';
  t[0x0C] = 'f';
  t[0x0D] = 'r';
  t['"'] = '"';
  t['\\'] = '\\';
  return t;
}
constexpr auto kEscapes = make_escapes();

// Whether any of the eight bytes in `w` needs escaping: a control byte (< 0x20), '"' or '\\'.
// The classic SWAR tests ("has a zero byte", "has a byte less than n"): exact as a whole, which
// is all the scan needs; the byte loop below then finds which one.
bool any_needs_escape(std::uint64_t w) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
  const std::uint64_t quote = w ^ (kOnes * '"');
  const std::uint64_t backslash = w ^ (kOnes * '\\');
  const std::uint64_t control = (w - kOnes * 0x20) & ~w;
  const std::uint64_t quote_zero = (quote - kOnes) & ~quote;
  const std::uint64_t backslash_zero = (backslash - kOnes) & ~backslash;
  return ((control | quote_zero | backslash_zero) & kHighs) != 0;
}

// The length of the prefix of `s` that needs no escaping: eight bytes a step, then byte by byte.
std::size_t clean_prefix(std::string_view s) {
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if (any_needs_escape(w)) break;
  }
  while (i < s.size() && kEscapes[static_cast<unsigned char>(s[i])] == 0) ++i;
  return i;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  // Most strings need no escaping: one scan, then one append of quote, text and quote.
  const std::size_t clean = clean_prefix(s);
  out += '"';
  out.append(s.data(), clean);
  if (clean == s.size()) {
    out += '"';
    return;
  }
  std::size_t run = clean;  // start of the bytes not yet copied
  for (std::size_t i = clean; i < s.size(); ++i) {
    char e = kEscapes[static_cast<unsigned char>(s[i])];
    if (e == 0) continue;
    out.append(s.data() + run, i - run);
    out += '\\';
    out += e;
    if (e == 'u') {
      static constexpr char kHex[] = "0123456789ABCDEF";
      auto c = static_cast<unsigned char>(s[i]);
      out += '0';
      out += '0';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
    run = i + 1;
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

void JsonText::grow(std::size_t n) {
  // A window of spare bytes past the text, zero-filled once: about a whole derived Bundle (~11 KB),
  // so a report grows `out_` once or twice, yet small next to the megabytes of a batch chunk's
  // buffer that it may be appending to (zero-filling up to its capacity cost more than deriving).
  // The capacity doubles when the window does not fit.
  const std::size_t want = end_ + n + 16 * 1024;
  if (want > out_.capacity()) out_.reserve(std::max(want, out_.capacity() * 2));
  out_.resize(want);
}

void JsonText::put(std::string_view s) {
  if (!s.empty()) std::memcpy(room(s.size()), s.data(), s.size());
}

void JsonText::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.back()) put(',');
  first_.back() = 0;
}

void JsonText::key(std::string_view k) {
  // [,]"k": in one step (keys are element names: nothing to escape).
  const bool comma = !first_.back();
  first_.back() = 0;
  char* p = room(k.size() + (comma ? 4 : 3));
  if (comma) *p++ = ',';
  *p++ = '"';
  std::memcpy(p, k.data(), k.size());
  p += k.size();
  *p++ = '"';
  *p = ':';
  after_key_ = true;
}

void JsonText::str(std::string_view s) {
  separate();
  if (clean_prefix(s) == s.size()) {  // the common case: quote, text, quote
    char* p = room(s.size() + 2);
    *p++ = '"';
    std::memcpy(p, s.data(), s.size());
    p[s.size()] = '"';
    return;
  }
  std::string escaped;
  append_json_string(escaped, s);
  put(escaped);
}

void JsonText::integer(int v) {
  separate();
  char buf[16];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  put(std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
}

void JsonText::open(char bracket) {
  separate();
  put(bracket);
  first_.push_back(1);
}

void JsonText::close(char bracket) {
  first_.pop_back();
  put(bracket);
  if (first_.size() == 1) out_.resize(end_);  // the outermost value is complete: drop the spare bytes
}

void JsonText::raw_value(std::string_view value) {
  separate();
  put(value);
}

void JsonText::raw_members(std::string_view members) {
  if (members.empty()) return;
  separate();
  put(members);
}

namespace {

// The typed writer writes members only inside an object: it writes into a scratch object, and
// what stands between the braces is the member text.
template <class T>
std::string render(std::string_view name, const T& value) {
  rapidjson::StringBuffer buffer;
  fhir::JsonStringWriter writer(buffer);
  writer.StartObject();
  fhir::write_json_member(writer, name, value);
  writer.EndObject();
  std::string_view text(buffer.GetString(), buffer.GetSize());
  return text.size() <= 2 ? std::string() : std::string(text.substr(1, text.size() - 2));
}

}  // namespace

std::string render_member(std::string_view name, const fhir::Reference& value) {
  return render(name, value);
}
std::string render_member(std::string_view name, const std::optional<fhir::Reference>& value) {
  return value ? render(name, *value) : std::string();
}
std::string render_member(std::string_view name,
                          const std::variant<std::monostate, fhir::DateTime, fhir::Period>& value) {
  return std::holds_alternative<std::monostate>(value) ? std::string() : render(name, value);
}

}  // namespace sarcoma::core
