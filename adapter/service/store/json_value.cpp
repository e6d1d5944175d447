#include "adapter/service/store/json_value.hpp"

#include <algorithm>
#include <memory>

#include "fhir/rapidjson.hpp"

namespace sarcoma::service::store {

Json Json::string(std::string s) {
  Json j;
  j.kind = Kind::string;
  j.text = std::move(s);
  return j;
}
Json Json::number(std::string literal) {
  Json j;
  j.kind = Kind::number;
  j.text = std::move(literal);
  return j;
}
Json Json::from_bool(bool b) {
  Json j;
  j.kind = Kind::boolean;
  j.boolean = b;
  return j;
}
Json Json::raw(std::string json) {
  Json j;
  j.kind = Kind::raw;
  j.text = std::move(json);
  return j;
}
Json Json::object() {
  Json j;
  j.kind = Kind::object;
  return j;
}
Json Json::array() {
  Json j;
  j.kind = Kind::array;
  return j;
}

const Json* Json::find(std::string_view key) const {
  for (const auto& m : members) {
    if (m.key == key) return &m.value;
  }
  return nullptr;
}
Json* Json::find(std::string_view key) {
  for (auto& m : members) {
    if (m.key == key) return &m.value;
  }
  return nullptr;
}
const std::string* Json::string_member(std::string_view key) const {
  const Json* v = find(key);
  return v && v->kind == Kind::string ? &v->text : nullptr;
}
Json& Json::set(std::string_view key, Json value) {
  if (Json* existing = find(key)) {
    *existing = std::move(value);
    return *existing;
  }
  members.push_back(JsonMember{std::string(key), std::move(value)});
  return members.back().value;
}
bool Json::erase(std::string_view key) {
  auto it = std::find_if(members.begin(), members.end(), [&](const JsonMember& m) { return m.key == key; });
  if (it == members.end()) return false;
  members.erase(it);
  return true;
}
Json& Json::push(Json value) {
  items.push_back(std::move(value));
  return items.back();
}

namespace {

// SAX -> tree. Each open object/array is a frame owning its value until it closes; the frames also
// give the FHIRPath-style location of an error.
class Builder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, Builder> {
 public:
  Builder(std::size_t max_depth, std::string_view root) : max_depth_(max_depth), root_(root) {}

  bool too_deep = false;
  bool duplicate = false;
  std::string duplicate_key;
  Json result;

  bool Null() { return add(Json()); }
  bool Bool(bool b) { return add(Json::from_bool(b)); }
  bool RawNumber(const char* str, rapidjson::SizeType len, bool) {
    return add(Json::number(std::string(str, len)));
  }
  bool String(const char* str, rapidjson::SizeType len, bool) {
    return add(Json::string(std::string(str, len)));
  }
  bool Key(const char* str, rapidjson::SizeType len, bool) {
    frames_.back().pending_key.assign(str, len);
    return true;
  }
  bool StartObject() { return open(Json::object()); }
  bool EndObject(rapidjson::SizeType) { return close(); }
  bool StartArray() { return open(Json::array()); }
  bool EndArray(rapidjson::SizeType) { return close(); }

  // Where the parser was when it stopped, e.g. "Task.identifier[0]".
  std::string path() const {
    std::string p(root_);
    for (std::size_t i = 1; i < frames_.size(); ++i) append_step(p, frames_[i - 1], frames_[i].key_in_parent);
    if (!frames_.empty()) {
      const Frame& top = frames_.back();
      if (top.value.is_object() && !top.pending_key.empty()) {
        p += '.';
        p += top.pending_key;
      } else if (top.value.is_array()) {
        p += '[' + std::to_string(top.value.items.size()) + ']';
      }
    }
    return p;
  }

 private:
  struct Frame {
    Json value;
    std::string key_in_parent;  // the member name (parent object) this value will be stored under
    std::string pending_key;    // objects: the key just read, awaiting its value
  };

  static void append_step(std::string& p, const Frame& parent, const std::string& key) {
    if (parent.value.is_object()) {
      p += '.';
      p += key;
    } else {
      p += '[' + std::to_string(parent.value.items.size()) + ']';
    }
  }

  bool add(Json v) {
    if (frames_.empty()) {
      result = std::move(v);
      return true;
    }
    Frame& f = frames_.back();
    if (f.value.is_object()) {
      f.value.members.push_back(JsonMember{std::move(f.pending_key), std::move(v)});
      f.pending_key.clear();
    } else {
      f.value.items.push_back(std::move(v));
    }
    return true;
  }
  bool open(Json v) {
    if (frames_.size() >= max_depth_) {
      too_deep = true;
      return false;
    }
    std::string key = frames_.empty() ? std::string() : frames_.back().pending_key;
    frames_.push_back(Frame{std::move(v), std::move(key), {}});
    return true;
  }
  bool close() {
    if (frames_.back().value.is_object() && has_duplicate_key(frames_.back().value)) {
      frames_.back().pending_key.clear();  // the error names the object, not its last member
      duplicate = true;
      return false;
    }
    Frame f = std::move(frames_.back());
    frames_.pop_back();
    return add(std::move(f.value));
  }
  // Duplicate names are invalid FHIR JSON and would make "which id / resourceType?" ambiguous.
  // Sorted at close: O(n log n) however many members a hostile object has.
  bool has_duplicate_key(const Json& object) {
    if (object.members.size() < 2) return false;
    std::vector<std::string_view> keys;
    keys.reserve(object.members.size());
    for (const auto& m : object.members) keys.emplace_back(m.key);
    std::sort(keys.begin(), keys.end());
    auto it = std::adjacent_find(keys.begin(), keys.end());
    if (it == keys.end()) return false;
    duplicate_key.assign(*it);
    return true;
  }

  std::size_t max_depth_;
  std::string_view root_;
  std::vector<Frame> frames_;
};

void write(rapidjson::Writer<rapidjson::StringBuffer>& w, const Json& v, bool sorted) {
  switch (v.kind) {
    case Json::Kind::null: w.Null(); break;
    case Json::Kind::boolean: w.Bool(v.boolean); break;
    case Json::Kind::number: w.RawValue(v.text.data(), v.text.size(), rapidjson::kNumberType); break;
    case Json::Kind::raw: w.RawValue(v.text.data(), v.text.size(), rapidjson::kObjectType); break;
    case Json::Kind::string: w.String(v.text.data(), static_cast<rapidjson::SizeType>(v.text.size())); break;
    case Json::Kind::object:
      w.StartObject();
      if (sorted) {
        std::vector<const JsonMember*> members;
        members.reserve(v.members.size());
        for (const auto& m : v.members) members.push_back(&m);
        std::sort(members.begin(), members.end(),
                  [](const JsonMember* a, const JsonMember* b) { return a->key < b->key; });
        for (const JsonMember* m : members) {
          w.Key(m->key.data(), static_cast<rapidjson::SizeType>(m->key.size()));
          write(w, m->value, sorted);
        }
      } else {
        for (const auto& m : v.members) {
          w.Key(m.key.data(), static_cast<rapidjson::SizeType>(m.key.size()));
          write(w, m.value, sorted);
        }
      }
      w.EndObject();
      break;
    case Json::Kind::array:
      w.StartArray();
      for (const auto& i : v.items) write(w, i, sorted);
      w.EndArray();
      break;
  }
}

fhir::Issue parse_issue(std::string code, std::string diagnostics, std::string expression,
                        std::size_t offset) {
  fhir::Issue i;
  i.severity = fhir::Severity::error;
  i.code = std::move(code);
  i.diagnostics = std::move(diagnostics);
  i.expression = std::move(expression);
  i.offset = offset;
  return i;
}

}  // namespace

Result<Json, fhir::Issue> parse_json(std::string_view text, std::size_t max_depth, std::string_view root) {
  // A raw NUL is never valid JSON; the stream would also read it as the end of input.
  if (auto nul = text.find('\0'); nul != std::string_view::npos) {
    return fail(parse_issue("structure", "malformed JSON: NUL byte", std::string(root), nul));
  }
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a UTF-8 byte order mark
  rapidjson::MemoryStream stream(text.data(), text.size());
  Builder builder(max_depth, root);
  rapidjson::Reader reader;
  // Iterative: the reader's own stack is on the heap; the builder bounds the depth of the tree.
  constexpr unsigned kFlags = rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseIterativeFlag |
                              rapidjson::kParseValidateEncodingFlag;
  rapidjson::ParseResult r = reader.Parse<kFlags>(stream, builder);
  if (builder.too_deep) {
    return fail(parse_issue("too-costly", "JSON nested deeper than " + std::to_string(max_depth) + " levels",
                            builder.path(), r.Offset()));
  }
  if (builder.duplicate) {
    return fail(parse_issue("structure", "duplicate JSON property \"" + builder.duplicate_key + "\"",
                            builder.path() + "." + builder.duplicate_key, r.Offset()));
  }
  if (r.IsError()) {
    return fail(parse_issue("structure",
                            std::string("malformed JSON: ") + rapidjson::GetParseError_En(r.Code()),
                            builder.path(), r.Offset()));
  }
  return std::move(builder.result);
}

std::string write_json(const Json& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  write(writer, value, false);
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string write_canonical_json(const Json& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  write(writer, value, true);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace sarcoma::service::store
