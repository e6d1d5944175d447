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

class JsonText {
 public:
  explicit JsonText(std::string& out) : out_(out) {}

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

 private:
  void open(char bracket);
  void close(char bracket);
  void separate();  // the comma before a value, unless it is the first in its object/array or follows a key

  std::string& out_;
  std::vector<bool> first_{true};  // per open object/array: nothing written in it yet
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
