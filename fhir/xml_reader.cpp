// FHIR XML -> model: walks the field descriptors of each type over a pugixml DOM.
#include <exception>
#include <pugixml.hpp>
#include <sstream>

#include "fhir/codec_common.hpp"
#include "fhir/reflect.hpp"
#include "fhir/xhtml.hpp"
#include "fhir/xml_codec.hpp"

namespace sarcoma::fhir {
namespace detail {
namespace {

bool blank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

std::string print_raw(pugi::xml_node n) {
  std::ostringstream os;
  n.print(os, "", pugi::format_raw, pugi::encoding_utf8);
  return os.str();
}

class XmlReader {
 public:
  explicit XmlReader(IssueSink& sink) : s_(sink) {}

  void read_root(pugi::xml_node root, Resource& out) {
    std::string_view ns = root.attribute("xmlns").value();
    if (ns != kFhirNs) {
      s_.error("structure", "root element is not in the FHIR namespace http://hl7.org/fhir", off(root));
      return;
    }
    read_resource(root, out, true);
  }

 private:
  std::optional<std::size_t> off(pugi::xml_node n) const {
    auto o = n.offset_debug();
    if (o < 0) return std::nullopt;
    return static_cast<std::size_t>(o);
  }

  void read_resource(pugi::xml_node el, Resource& out, bool top) {
    std::string_view name = el.name();
    if (!plausible_resource_type(name)) {
      s_.error("invalid", "element is not a resource type name", off(el));
      return;
    }
    int index = resource_index(name);
    if (index < 0) {
      std::string msg = "unknown resourceType '" + std::string(name) + "'";
      if (top) {
        s_.error("not-supported", msg, off(el));
        return;
      }
      s_.warning("not-supported", msg + " (kept as is)", off(el));
      OtherResource other;
      other.resource_type.assign(name);
      other.id = el.child("id").attribute("value").value();
      other.raw_xml = print_raw(el);
      out = std::move(other);
      return;
    }
    if (top) s_.path.assign(name);
    emplace_resource(out, index, [&](auto& r) { read_object(el, r); });
  }

  // <contained>, <resource>, <outcome>: exactly one resource element inside.
  void read_wrapped_resource(pugi::xml_node wrapper, Resource& out) {
    pugi::xml_node inner;
    int n = 0;
    for (pugi::xml_node c : wrapper.children()) {
      if (c.type() == pugi::node_element) {
        inner = c;
        ++n;
      }
    }
    if (n != 1) {
      s_.error("structure", "expected exactly one resource element", off(wrapper));
      return;
    }
    if (!guard_depth(inner)) return;
    read_resource(inner, out, false);
    --depth_;
  }

  bool guard_depth(pugi::xml_node n) {
    if (++depth_ > s_.options().max_depth) {
      --depth_;
      if (!too_deep_)
        s_.error("too-costly", "nesting deeper than " + std::to_string(s_.options().max_depth), off(n));
      too_deep_ = true;
      return false;
    }
    return true;
  }

  template <class T>
  void read_object(pugi::xml_node el, T& out) {
    if (!guard_depth(el)) return;
    for (pugi::xml_attribute a : el.attributes()) {
      std::string_view name = a.name();
      if (name == "xmlns" && std::string_view(a.value()) == kFhirNs) continue;
      // Namespace declarations and schema hints carry no content (HL7's examples use both).
      if (name.starts_with("xmlns:") || name == "xsi:schemaLocation") continue;
      if constexpr (is_element_v<T>) {
        if (name == "id") {
          out.id = a.value();
          continue;
        }
      }
      bool found = false;
      for_each_field<T>([&](const auto& d) {
        if constexpr (std::is_same_v<typename std::decay_t<decltype(d)>::member_type, std::string>) {
          if (!found && d.name == name) {
            out.*(d.member) = a.value();
            found = true;
          }
        }
      });
      if (!found) s_.unknown(std::string("@") + std::string(name), off(el));
    }
    for (pugi::xml_node c : el.children()) {
      if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
        if (!blank(c.value())) s_.warning("structure", "unexpected text content", off(el));
        continue;
      }
      if (c.type() != pugi::node_element) continue;
      std::string_view name = c.name();
      std::string_view ns = c.attribute("xmlns").value();
      bool foreign = c.attribute("xmlns") && ns != kFhirNs && !(name == "div" && ns == kXhtmlNs);
      if (name.find(':') != std::string_view::npos || foreign) {
        s_.unknown(name, off(c));
        continue;
      }
      if (with_base_extension(name, out, [&](auto& member) {
            PathScope ps(s_, name);
            read_element(c, member);
          })) {
        continue;
      }
      bool found = find_field<T>(name, [&](const auto& d, auto... tag) {
        PathScope ps(s_, name);
        if constexpr (sizeof...(tag) == 0) {
          read_element(c, out.*(d.member));
        } else {
          read_choice(c, out.*(d.member), tag...);
        }
      });
      if (!found) s_.unknown(name, off(c));
    }
    drop_empty_primitive_items(out);
    for_each_missing_required(out, [&](std::string_view missing) {
      PathScope ps(s_, missing);
      s_.warning("required", "missing required element", off(el));
    });
    --depth_;
  }

  template <class V, class A>
  void read_choice(pugi::xml_node c, V& m, Tag<A>) {
    if (m.index() != 0) {
      s_.error("structure", "more than one value given for a choice element", off(c));
      return;
    }
    read_element(c, m.template emplace<A>());
    if (!present(std::get<A>(m))) m.template emplace<0>();
  }

  template <PT K>
  void read_prim(pugi::xml_node c, Prim<K>& p) {
    if constexpr (K == PT::xhtml) {
      if (std::string_view(c.attribute("xmlns").value()) != kXhtmlNs) {
        s_.error("structure", "narrative div is not in the XHTML namespace", off(c));
        return;
      }
      p.value = print_raw(c);
    } else {
      for (pugi::xml_attribute a : c.attributes()) {
        std::string_view name = a.name();
        if (name == "value") {
          std::string_view text = a.value();
          if (text.empty()) {
            s_.warning("value", "empty value attribute (not allowed in FHIR; ignored)", off(c));
          } else if (const char* err = prim_from_text<K>(text, p.value)) {
            s_.error("value", std::string(err) + " for " + std::string(prim_type_name(K)), off(c));
          }
        } else if (name == "id") {
          p.id = a.value();
        } else {
          s_.unknown(std::string("@") + std::string(name), off(c));
        }
      }
      for (pugi::xml_node e : c.children()) {
        if (e.type() == pugi::node_element && std::string_view(e.name()) == "extension") {
          PathScope ps(s_, "extension");
          read_element(e, p.extension);
        } else if (e.type() == pugi::node_element) {
          s_.unknown(e.name(), off(e));
        } else if ((e.type() == pugi::node_pcdata || e.type() == pugi::node_cdata) && !blank(e.value())) {
          s_.warning("structure", "unexpected text content (primitive values go in the value attribute)",
                     off(c));
        }
      }
      if (p.empty() && !c.attribute("value")) {
        s_.warning("value", "primitive element without value or extension", off(c));
      }
    }
  }

  template <class M>
  void read_element(pugi::xml_node c, M& m) {
    if constexpr (std::is_same_v<M, std::string>) {
      s_.error("structure", "expected an XML attribute, found an element", off(c));
    } else if constexpr (is_prim_v<M>) {
      if (!m.empty()) {
        s_.error("structure", "element appears more than once", off(c));
        return;
      }
      read_prim(c, m);
    } else if constexpr (is_vector_v<M>) {
      using E = typename M::value_type;
      PathScope ps(s_, m.size());
      if constexpr (std::is_same_v<E, Resource>) {
        read_wrapped_resource(c, m.emplace_back());
      } else if constexpr (is_prim_v<E>) {
        read_prim(c, m.emplace_back());
      } else {
        read_object(c, m.emplace_back());
        if (shallow_empty(m.back())) m.pop_back();
      }
    } else if constexpr (is_optional_v<M>) {
      if (m.has_value()) {
        s_.error("structure", "element appears more than once", off(c));
        return;
      }
      using X = std::decay_t<decltype(*m)>;
      if constexpr (std::is_same_v<X, Resource>) {
        read_wrapped_resource(c, m.emplace());
      } else {
        read_object(c, m.emplace());
        if (shallow_empty(*m)) m.reset();
      }
    } else {
      read_object(c, m);
    }
  }

  IssueSink& s_;
  std::size_t depth_ = 0;
  bool too_deep_ = false;
};

}  // namespace
}  // namespace detail

Result<Parsed, Issues> parse_xml(std::string_view input, const ParseOptions& options) {
  return detail::guarded("XML reader", [&]() -> Result<Parsed, Issues> {
    detail::IssueSink sink(options);
    if (!detail::precheck_input(input, sink)) return fail(std::move(sink.issues()));
    sink.line_source = input;
    if (detail::has_markup_declaration(input)) {
      auto at = input.find("<!");
      // R4 xml.html: "There SHALL be no DTD references". Refused before parsing, so nothing expands.
      sink.error("structure", "DOCTYPE and entity declarations are not accepted (no DTDs in FHIR XML)", at);
      return fail(std::move(sink.issues()));
    }
    pugi::xml_document doc;
    unsigned flags = pugi::parse_default | pugi::parse_ws_pcdata;
    pugi::xml_parse_result r = doc.load_buffer(input.data(), input.size(), flags, pugi::encoding_utf8);
    if (!r) {
      sink.error("structure", std::string("malformed XML: ") + r.description(),
                 static_cast<std::size_t>(r.offset));
      return fail(std::move(sink.issues()));
    }
    int roots = 0;
    for (pugi::xml_node n : doc.children()) {
      if (n.type() == pugi::node_element) ++roots;
      if (n.type() == pugi::node_pcdata && !detail::blank(n.value())) roots += 2;
    }
    if (roots != 1) {
      sink.error("structure", "malformed XML: expected exactly one root element");
      return fail(std::move(sink.issues()));
    }
    Parsed parsed;
    detail::XmlReader(sink).read_root(doc.document_element(), parsed.resource);
    return detail::finish(sink, std::move(parsed));
  });
}

}  // namespace sarcoma::fhir
