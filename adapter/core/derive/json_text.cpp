#include "adapter/core/derive/json_text.hpp"

#include <array>
#include <charconv>
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

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  // Most strings need no escaping: one scan, then one append of quote, text and quote.
  std::size_t clean = 0;
  while (clean < s.size() && kEscapes[static_cast<unsigned char>(s[clean])] == 0) ++clean;
  if (clean == s.size()) {
    std::size_t n = out.size();
    out.resize(n + s.size() + 2);
    char* p = out.data() + n;
    *p++ = '"';
    std::memcpy(p, s.data(), s.size());
    p[s.size()] = '"';
    return;
  }
  out += '"';
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < s.size(); ++i) {
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

void JsonText::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.back()) out_ += ',';
  first_.back() = false;
}

void JsonText::key(std::string_view k) {
  // One append of [,]"k": (keys are element names: nothing to escape).
  const bool comma = !first_.back();
  first_.back() = false;
  std::size_t n = out_.size();
  out_.resize(n + (comma ? 1 : 0) + k.size() + 3);
  char* p = out_.data() + n;
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
  append_json_string(out_, s);
}

void JsonText::integer(int v) {
  separate();
  char buf[16];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

void JsonText::open(char bracket) {
  separate();
  out_ += bracket;
  first_.push_back(true);
}

void JsonText::close(char bracket) {
  first_.pop_back();
  out_ += bracket;
}

void JsonText::raw_members(std::string_view members) {
  if (members.empty()) return;
  separate();
  out_.append(members);
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
