#pragma once
// A compact read-only JSON tree built by RapidJSON's SAX reader in situ. Unlike rapidjson::Document
// it keeps numbers as their original text while remembering they were numbers, and it records the
// byte offset of every value and key (for issues) and the extent of every object (so an unknown
// resource can be kept verbatim). Internal to the fhir library.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fhir/codec_common.hpp"

namespace sarcoma::fhir::detail {

struct JNode {
  enum Type : std::uint8_t { kNull, kFalse, kTrue, kNumber, kString, kObject, kArray };
  Type type = kNull;
  std::uint32_t offset = 0;      // byte offset of the value (its first character)
  std::uint32_t key_offset = 0;  // byte offset of the member name, inside an object
  std::uint32_t end = 0;         // objects/arrays: offset one past the closing bracket
  std::uint32_t first = 0;       // first child (0 = none; the root is node 0 and never a child)
  std::uint32_t next = 0;        // next sibling (0 = none)
  std::uint32_t count = 0;       // number of children
  std::string_view key;          // member name, inside an object
  std::string_view text;         // string contents (unescaped) or number text
};

class JsonTree {
 public:
  // Parses `input` (already size- and UTF-8-checked). On failure adds an error issue and returns false.
  bool parse(std::string_view input, IssueSink& sink);
  const JNode& node(std::uint32_t i) const { return nodes_[i]; }
  std::string_view input() const { return input_; }

 private:
  std::string buffer_;  // mutable copy for in-situ parsing; node texts point into it
  std::string_view input_;
  std::vector<JNode> nodes_;
};

}  // namespace sarcoma::fhir::detail
