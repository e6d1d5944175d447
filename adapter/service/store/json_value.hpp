#pragma once
// A small owning JSON tree for the store. Unlike rapidjson::Document it keeps numbers as their
// original text (FHIR decimals carry precision: "1.50" is not "1.5") and keeps member order, and the
// parser refuses duplicate keys, invalid UTF-8, NUL bytes and nesting beyond a limit, so everything
// walking a parsed tree may recurse safely. RapidJSON does the lexing (through fhir/rapidjson.hpp).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fhir/issue.hpp"
#include "fhir/result.hpp"

namespace sarcoma::service::store {

struct JsonMember;

struct Json {
  enum class Kind : std::uint8_t { null, boolean, number, string, object, array, raw };
  Kind kind = Kind::null;
  bool boolean = false;
  // string: the unescaped contents; number: the literal as written; raw: serialized JSON written
  // verbatim (a stored resource embedded in a Bundle without parsing it again).
  std::string text;
  std::vector<JsonMember> members;  // object, in document order
  std::vector<Json> items;          // array

  static Json string(std::string s);
  static Json number(std::string literal);
  static Json from_bool(bool b);
  static Json raw(std::string json);
  static Json object();
  static Json array();

  bool is_object() const { return kind == Kind::object; }
  bool is_array() const { return kind == Kind::array; }
  bool is_string() const { return kind == Kind::string; }

  const Json* find(std::string_view key) const;
  Json* find(std::string_view key);
  // The member's text when it is a string, else nullptr.
  const std::string* string_member(std::string_view key) const;
  // Replaces an existing member in place, or appends.
  Json& set(std::string_view key, Json value);
  bool erase(std::string_view key);
  // Appends to an array.
  Json& push(Json value);
};

struct JsonMember {
  std::string key;
  Json value;
};

// `root` names the top of the document in error paths, e.g. "Task" -> "Task.identifier[0].system".
// Errors: "structure" (malformed JSON, duplicate key, NUL byte), "too-costly" (deeper than max_depth),
// with the byte offset in diagnostics.
Result<Json, fhir::Issue> parse_json(std::string_view text, std::size_t max_depth, std::string_view root);

std::string write_json(const Json& value);
// Object members sorted by name at every level: equal for documents that differ only in member
// order (whether a write changes a resource).
std::string write_canonical_json(const Json& value);

}  // namespace sarcoma::service::store
