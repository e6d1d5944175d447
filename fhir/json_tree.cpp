#include "fhir/json_tree.hpp"

#include <algorithm>

#include "fhir/rapidjson.hpp"

namespace sarcoma::fhir::detail {
namespace {

// SAX handler appending nodes; enforces the nesting limit (the reader itself is iterative).
class TreeBuilder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, TreeBuilder> {
 public:
  TreeBuilder(std::vector<JNode>& nodes, const char* base, rapidjson::InsituStringStream& stream,
              std::size_t max_depth)
      : nodes_(nodes), base_(base), stream_(stream), max_depth_(max_depth) {}

  bool too_deep = false;

  bool Null() { return leaf(JNode::kNull, here()); }
  bool Bool(bool b) { return leaf(b ? JNode::kTrue : JNode::kFalse, here()); }
  bool RawNumber(const char* str, rapidjson::SizeType len, bool) {
    auto i = add(JNode::kNumber, off(str));
    nodes_[i].text = std::string_view(str, len);
    return true;
  }
  bool String(const char* str, rapidjson::SizeType len, bool) {
    auto i = add(JNode::kString, off(str) - 1);
    nodes_[i].text = std::string_view(str, len);
    return true;
  }
  bool Key(const char* str, rapidjson::SizeType len, bool) {
    key_ = std::string_view(str, len);
    key_offset_ = off(str) - 1;
    return true;
  }
  bool StartObject() { return open(JNode::kObject); }
  bool EndObject(rapidjson::SizeType) { return close(); }
  bool StartArray() { return open(JNode::kArray); }
  bool EndArray(rapidjson::SizeType) { return close(); }

 private:
  struct Open {
    std::uint32_t index;
    std::uint32_t last_child;
  };
  std::uint32_t off(const char* p) const { return static_cast<std::uint32_t>(p - base_); }
  std::uint32_t here() const { return static_cast<std::uint32_t>(stream_.Tell()); }

  std::uint32_t add(JNode::Type type, std::uint32_t offset) {
    auto index = static_cast<std::uint32_t>(nodes_.size());
    JNode& n = nodes_.emplace_back();
    n.type = type;
    n.offset = offset;
    if (!stack_.empty()) {
      Open& parent = stack_.back();
      JNode& p = nodes_[parent.index];
      if (p.type == JNode::kObject) {
        n.key = key_;
        n.key_offset = key_offset_;
      }
      if (p.count++ == 0) {
        p.first = index;
      } else {
        nodes_[parent.last_child].next = index;
      }
      parent.last_child = index;
    }
    return index;
  }
  bool leaf(JNode::Type type, std::uint32_t end_offset) {
    // Literals are reported after they are read; point at their start.
    std::uint32_t len = type == JNode::kNull || type == JNode::kTrue ? 4 : 5;
    add(type, end_offset >= len ? end_offset - len : 0);
    return true;
  }
  bool open(JNode::Type type) {
    if (stack_.size() >= max_depth_) {
      too_deep = true;
      return false;
    }
    // The iterative reader calls the handler before it consumes the bracket.
    auto i = add(type, here());
    stack_.push_back({i, 0});
    return true;
  }
  bool close() {
    nodes_[stack_.back().index].end = here() + 1;  // here() is the closing bracket, not yet consumed
    stack_.pop_back();
    return true;
  }

  std::vector<JNode>& nodes_;
  const char* base_;
  rapidjson::InsituStringStream& stream_;
  std::size_t max_depth_;
  std::vector<Open> stack_;
  std::string_view key_;
  std::uint32_t key_offset_ = 0;
};

}  // namespace

bool JsonTree::parse(std::string_view input, IssueSink& sink) {
  input_ = input;
  // A raw NUL is never valid JSON, and would silently end the in-situ buffer early.
  if (auto nul = input.find('\0'); nul != std::string_view::npos) {
    sink.error("structure", "malformed JSON: NUL byte", nul);
    return false;
  }
  buffer_.assign(input);
  nodes_.clear();
  nodes_.reserve(
      std::min<std::size_t>(input.size() / 24 + 16, 1u << 16));  // ~1 value per 24 bytes in FHIR JSON
  rapidjson::InsituStringStream stream(buffer_.data());
  TreeBuilder builder(nodes_, buffer_.data(), stream, sink.options().max_depth);
  rapidjson::Reader reader;
  constexpr unsigned kFlags =
      rapidjson::kParseInsituFlag | rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseIterativeFlag;
  rapidjson::ParseResult r = reader.Parse<kFlags>(stream, builder);
  if (builder.too_deep) {
    sink.error("too-costly", "nesting deeper than " + std::to_string(sink.options().max_depth),
               stream.Tell());
    return false;
  }
  if (r.IsError()) {
    sink.error("structure", std::string("malformed JSON: ") + rapidjson::GetParseError_En(r.Code()),
               r.Offset());
    return false;
  }
  if (nodes_.empty()) {
    sink.error("structure", "empty input");
    return false;
  }
  return true;
}

}  // namespace sarcoma::fhir::detail
