// FHIR JSON -> model: walks the field descriptors of each type over a JsonTree.
#include <exception>

#include "fhir/codec_common.hpp"
#include "fhir/json_codec.hpp"
#include "fhir/json_tree.hpp"
#include "fhir/reflect.hpp"
#include "fhir/xhtml.hpp"

namespace sarcoma::fhir {
namespace detail {
namespace {

const char* json_type_name(JNode::Type t) {
  switch (t) {
    case JNode::kNull: return "null";
    case JNode::kFalse:
    case JNode::kTrue: return "a boolean";
    case JNode::kNumber: return "a number";
    case JNode::kString: return "a string";
    case JNode::kObject: return "an object";
    case JNode::kArray: return "an array";
  }
  return "?";
}

class JsonReader {
 public:
  JsonReader(const JsonTree& tree, IssueSink& sink, std::size_t bias) : t_(tree), s_(sink), bias_(bias) {}

  void read_root(Resource& out) { read_resource(t_.node(0), out, true); }

 private:
  std::size_t at(std::uint32_t offset) const { return offset + bias_; }

  void wrong_type(const JNode& v, const char* expected) {
    s_.error("structure", std::string("expected ") + expected + ", found " + json_type_name(v.type),
             at(v.offset));
  }
  void repeated(const JNode& v) { s_.error("structure", "element appears more than once", at(v.offset)); }

  // A whole resource (top level, contained, entry.resource, ...).
  void read_resource(const JNode& v, Resource& out, bool top) {
    if (v.type != JNode::kObject) return wrong_type(v, "a resource object");
    const JNode* type_node = nullptr;
    const JNode* id_node = nullptr;
    for (std::uint32_t c = v.first; c; c = t_.node(c).next) {
      const JNode& m = t_.node(c);
      if (m.key == "resourceType") type_node = &m;
      if (m.key == "id") id_node = &m;
    }
    if (!type_node || type_node->type != JNode::kString) {
      s_.error("structure", "missing or non-string resourceType",
               at(type_node ? type_node->offset : v.offset));
      return;
    }
    std::string_view type = type_node->text;
    if (!plausible_resource_type(type)) {
      s_.error("invalid", "resourceType is not a resource type name", at(type_node->offset));
      return;
    }
    int index = resource_index(type);
    if (index < 0) {
      std::string msg = "unknown resourceType '" + std::string(type) + "'";
      if (top) {
        s_.error("not-supported", msg, at(type_node->offset));
        return;
      }
      s_.warning("not-supported", msg + " (kept as is)", at(type_node->offset));
      OtherResource other;
      other.resource_type.assign(type);
      if (id_node && id_node->type == JNode::kString) other.id.assign(id_node->text);
      other.raw_json.assign(t_.input().substr(v.offset, v.end - v.offset));
      out = std::move(other);
      return;
    }
    if (top) s_.path.assign(type);
    emplace_resource(out, index, [&](auto& r) { read_object(v, r); });
  }

  template <class T>
  void read_object(const JNode& v, T& out) {
    for (std::uint32_t c = v.first; c; c = t_.node(c).next) {
      const JNode& m = t_.node(c);
      std::string_view key = m.key;
      if constexpr (is_resource_type_v<T>) {
        if (key == "resourceType") continue;
      }
      if constexpr (is_element_v<T>) {
        if (key == "id") {
          PathScope ps(s_, key);
          read_value(m, out.id);
          continue;
        }
      }
      if (with_base_extension(key, out, [&](auto& member) {
            PathScope ps(s_, key);
            read_value(m, member);
          })) {
        continue;
      }
      bool found;
      if (!key.empty() && key[0] == '_') {
        bool applies = true;
        found = find_field<T>(key.substr(1), [&](const auto& d, auto... tag) {
          PathScope ps(s_, key.substr(1));
          applies = read_underscore(m, out.*(d.member), tag...);
        });
        found = found && applies;
      } else {
        found = find_field<T>(key, [&](const auto& d, auto... tag) {
          PathScope ps(s_, key);
          if constexpr (sizeof...(tag) == 0) {
            read_value(m, out.*(d.member));
          } else {
            read_choice(m, out.*(d.member), tag...);
          }
        });
      }
      if (!found) s_.unknown(key, at(m.key_offset));
    }
    drop_empty_primitive_items(out);
    for_each_missing_required(out, [&](std::string_view name) {
      PathScope ps(s_, name);
      s_.warning("required", "missing required element", at(v.offset));
    });
  }

  template <class V, class A>
  void read_choice(const JNode& v, V& m, Tag<A>) {
    if (m.index() != 0 && !std::holds_alternative<A>(m)) {
      s_.error("structure", "more than one type given for a choice element", at(v.offset));
      return;
    }
    if (!std::holds_alternative<A>(m)) m.template emplace<A>();
    read_value(v, std::get<A>(m));
    if (!present(std::get<A>(m))) m.template emplace<0>();
  }

  // `_name`: the id and extensions of a primitive (or of each item of a primitive array).
  // False when the element is not a primitive, so `_name` is unknown.
  template <class M, class... TagA>
  bool read_underscore(const JNode& v, M& m, [[maybe_unused]] TagA... tag) {
    if constexpr (sizeof...(TagA) == 1) {
      using A = typename std::tuple_element_t<0, std::tuple<TagA...>>::type;
      if constexpr (is_prim_v<A>) {
        if (m.index() != 0 && !std::holds_alternative<A>(m)) {
          s_.error("structure", "more than one type given for a choice element", at(v.offset));
          return true;
        }
        if (!std::holds_alternative<A>(m)) m.template emplace<A>();
        read_prim_ext(v, std::get<A>(m));
        return true;
      } else {
        return false;
      }
    } else if constexpr (is_prim_v<M>) {
      read_prim_ext(v, m);
      return true;
    } else if constexpr (is_vector_v<M>) {
      if constexpr (is_prim_v<typename M::value_type>) {
        if (v.type != JNode::kArray) {
          wrong_type(v, "an array");
          return true;
        }
        std::size_t i = 0;
        for (std::uint32_t c = v.first; c; c = t_.node(c).next, ++i) {
          const JNode& item = t_.node(c);
          if (item.type == JNode::kNull) continue;
          if (m.size() <= i) m.resize(i + 1);
          PathScope ps(s_, i);
          read_prim_ext(item, m[i]);
        }
        return true;
      } else {
        return false;
      }
    } else {
      return false;
    }
  }

  template <PT K>
  void read_prim_ext(const JNode& v, Prim<K>& p) {
    if (v.type != JNode::kObject) return wrong_type(v, "an object");
    if (!p.id.empty() || !p.extension.empty()) return repeated(v);
    if (v.count == 0) s_.warning("value", "empty object", at(v.offset));
    for (std::uint32_t c = v.first; c; c = t_.node(c).next) {
      const JNode& m = t_.node(c);
      PathScope ps(s_, m.key);
      if (m.key == "id") {
        read_value(m, p.id);
      } else if (m.key == "extension") {
        read_value(m, p.extension);
      } else {
        s_.path.resize(s_.path.size() - m.key.size() - 1);  // report against the primitive itself
        s_.unknown(m.key, at(m.key_offset));
        s_.path.append(".").append(m.key);
      }
    }
  }

  template <PT K>
  void read_prim_value(const JNode& v, Prim<K>& p) {
    std::string_view text = v.text;
    switch (json_kind(K)) {
      case JsonKind::boolean:
        if (v.type != JNode::kTrue && v.type != JNode::kFalse) return wrong_type(v, "a boolean");
        text = v.type == JNode::kTrue ? "true" : "false";
        break;
      case JsonKind::number:
        if (v.type != JNode::kNumber) return wrong_type(v, "a number");
        break;
      case JsonKind::string:
        if (v.type != JNode::kString) return wrong_type(v, "a string");
        if (text.empty())
          return s_.warning("value", "empty string (not allowed in FHIR; ignored)", at(v.offset));
        break;
    }
    if (const char* err = prim_from_text<K>(text, p.value)) {
      s_.error("value", std::string(err) + " for " + std::string(prim_type_name(K)), at(v.offset));
      return;
    }
    if constexpr (K == PT::xhtml) {
      if (const char* err = check_xhtml_div(text)) s_.error("value", err, at(v.offset));
    }
  }

  template <class M>
  void read_value(const JNode& v, M& m) {
    if constexpr (std::is_same_v<M, std::string>) {
      if (v.type != JNode::kString) return wrong_type(v, "a string");
      if (v.text.empty())
        return s_.warning("value", "empty string (not allowed in FHIR; ignored)", at(v.offset));
      m.assign(v.text);
    } else if constexpr (is_prim_v<M>) {
      if (m.value) return repeated(v);
      read_prim_value(v, m);
    } else if constexpr (is_vector_v<M>) {
      using E = typename M::value_type;
      if (v.type != JNode::kArray) return wrong_type(v, "an array");
      if (v.count == 0) s_.warning("value", "empty array (not allowed in FHIR; ignored)", at(v.offset));
      if constexpr (is_prim_v<E>) {
        if (m.size() < v.count) m.resize(v.count);  // `_name` may have been read first
      } else {
        if (!m.empty()) return repeated(v);
        m.reserve(v.count);
      }
      std::size_t i = 0;
      for (std::uint32_t c = v.first; c; c = t_.node(c).next, ++i) {
        const JNode& item = t_.node(c);
        PathScope ps(s_, i);
        if constexpr (is_prim_v<E>) {
          if (item.type != JNode::kNull) read_prim_value(item, m[i]);
        } else if constexpr (std::is_same_v<E, Resource>) {
          read_resource(item, m.emplace_back(), false);
        } else {
          read_value(item, m.emplace_back());
          if (shallow_empty(m.back())) m.pop_back();
        }
      }
    } else if constexpr (is_optional_v<M>) {
      if (m.has_value()) return repeated(v);
      using X = std::decay_t<decltype(*m)>;
      if constexpr (std::is_same_v<X, Resource>) {
        read_resource(v, m.emplace(), false);
      } else {
        if (v.type != JNode::kObject) return wrong_type(v, "an object");
        if (v.count == 0)
          return s_.warning("value", "empty object (not allowed in FHIR; ignored)", at(v.offset));
        read_object(v, m.emplace());
        if (shallow_empty(*m)) m.reset();
      }
    } else {
      // A complex datatype or backbone element held by value (array items, choice alternatives).
      if (v.type != JNode::kObject) return wrong_type(v, "an object");
      if (v.count == 0) s_.warning("value", "empty object (not allowed in FHIR)", at(v.offset));
      read_object(v, m);
    }
  }

  const JsonTree& t_;
  IssueSink& s_;
  std::size_t bias_;
};

}  // namespace
}  // namespace detail

Result<Parsed, Issues> parse_json(std::string_view input, const ParseOptions& options) {
  return detail::guarded("JSON reader", [&]() -> Result<Parsed, Issues> {
    detail::IssueSink sink(options);
    if (!detail::precheck_input(input, sink)) return fail(std::move(sink.issues()));
    std::string_view body = detail::strip_bom(input);
    std::size_t bias = input.size() - body.size();
    detail::JsonTree tree;
    if (!tree.parse(body, sink)) {
      for (auto& i : sink.issues()) {
        if (i.offset) *i.offset += bias;
      }
      return fail(std::move(sink.issues()));
    }
    Parsed parsed;
    detail::JsonReader(tree, sink, bias).read_root(parsed.resource);
    return detail::finish(sink, std::move(parsed));
  });
}

}  // namespace sarcoma::fhir
