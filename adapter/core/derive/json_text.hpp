#pragma once
// A minimal JSON text emitter for derive: appends compact JSON to a std::string, with commas from
// a nesting stack and strings escaped exactly as RapidJSON's Writer escapes them (so the text is
// byte-identical to fhir::to_json's). Keys are trusted to need no escaping (they are element names
// written by this program). Input elements copied into the output go through the typed writer
// (fhir::write_json_member) so they keep every form the model can hold.
// Why not RapidJSON's Writer: for the many short strings of a derived Bundle its per-string set-up
// cost more than deriving itself.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "fhir/model.hpp"

namespace sarcoma::core {

// Appends `s` as a JSON string (quotes included) to `out`: '"' and '\\' backslash-escaped, control
// characters as \b \t \n \f \r or \u00XX (upper-case hex), every other byte as it is.
void append_json_string(std::string& out, std::string_view s);

// Appends to `out` through a write position of its own: `out` is grown ahead (zero-filled once per
// growth, not once per piece) and holds spare bytes past the text while a value is open. It is
// trimmed to the text when the outermost object or array closes: read `out` only after that.
class JsonText {
 public:
  explicit JsonText(std::string& out) : out_(out), end_(out.size()) {}
  JsonText(const JsonText&) = delete;
  JsonText& operator=(const JsonText&) = delete;

  void key(std::string_view k);
  void str(std::string_view s);
  void integer(int v);
  void member(std::string_view k, std::string_view v) {
    key(k);
    str(v);
  }
  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  void begin_object(std::string_view k) {
    key(k);
    begin_object();
  }
  void begin_array(std::string_view k) {
    key(k);
    begin_array();
  }

  // Members already rendered (`"a":1,"b":2`, or "" for none), e.g. by render_member below.
  void raw_members(std::string_view members);
  // A value already rendered (an object, array, string or number as JSON text), e.g. a Coding
  // rendered when its table was loaded.
  void raw_value(std::string_view value);

 private:
  void open(char bracket);
  void close(char bracket);
  void separate();  // the comma before a value, unless it is the first in its object/array or follows a key
  // `n` bytes to write at the write position, which moves past them.
  char* room(std::size_t n) {
    if (out_.size() - end_ < n) grow(n);
    char* p = out_.data() + end_;
    end_ += n;
    return p;
  }
  void grow(std::size_t n);
  void put(char c) { *room(1) = c; }
  void put(std::string_view s);

  std::string& out_;
  std::size_t end_;  // the text is out_[0, end_); out_ may be longer while a value is open
  // Per open object/array: nothing written in it yet. Bytes, not vector<bool>: this is read and
  // written for every value, and bit access costs more than the memory it saves.
  std::vector<unsigned char> first_{1};
  bool after_key_ = false;
};

// An input element as the member text `"name":value`, exactly as fhir::to_json writes it, or ""
// when there is nothing to write (an absent optional, an empty choice). Rendered once per report
// and appended to each derived resource that copies it.
std::string render_member(std::string_view name, const fhir::Reference& value);
std::string render_member(std::string_view name, const std::optional<fhir::Reference>& value);
std::string render_member(std::string_view name,
                          const std::variant<std::monostate, fhir::DateTime, fhir::Period>& value);

}  // namespace sarcoma::core
