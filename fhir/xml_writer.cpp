// Model -> FHIR XML: walks the same field descriptors as the reader, in R4 element order.
#include <exception>

#include "fhir/codec_common.hpp"
#include "fhir/reflect.hpp"
#include "fhir/xml_codec.hpp"

namespace sarcoma::fhir {
namespace detail {
namespace {

// Attribute-safe text. Characters XML 1.0 cannot carry at all (C0 controls other than tab/LF/CR,
// which JSON strings may hold) become U+FFFD.
void append_escaped(std::string& out, std::string_view s) {
  for (char ch : s) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\t': out += "&#9;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      default:
        if (static_cast<unsigned char>(ch) < 0x20) {
          out += "\xEF\xBF\xBD";
        } else {
          out.push_back(ch);
        }
    }
  }
}

class XmlWriter {
 public:
  explicit XmlWriter(bool pretty) : pretty_(pretty) {}
  std::string take() { return std::move(out_); }

  void resource(const Resource& r, bool root) {
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, OtherResource>) {
            other(x, root);
          } else {
            element(T::kTypeName, x, root);
          }
        },
        r.variant());
  }

 private:
  void newline() {
    if (!pretty_) return;
    if (!out_.empty()) out_.push_back('\n');
    out_.append(static_cast<std::size_t>(depth_) * 2, ' ');
  }

  void other(const OtherResource& x, bool root) {
    newline();
    if (!x.raw_xml.empty()) {
      out_ += x.raw_xml;
      return;
    }
    out_ += '<';
    out_ += x.resource_type;
    if (root) out_ += " xmlns=\"http://hl7.org/fhir\"";
    if (x.id.empty()) {
      out_ += "/>";
      return;
    }
    out_ += "><id value=\"";
    append_escaped(out_, x.id);
    out_ += "\"/></";
    out_ += x.resource_type;
    out_ += '>';
  }

  template <class T>
  void element(std::string_view name, const T& v, bool root = false) {
    newline();
    out_ += '<';
    out_ += name;
    if (root) out_ += " xmlns=\"http://hl7.org/fhir\"";
    if constexpr (is_element_v<T>) attribute("id", v.id);
    for_each_field<T>([&](const auto& d) {
      if constexpr (std::is_same_v<typename std::decay_t<decltype(d)>::member_type, std::string>) {
        attribute(d.name, v.*(d.member));
      }
    });
    std::size_t mark = out_.size();
    out_ += '>';
    ++depth_;
    for_each_base_extension(v, [&](std::string_view n, const auto& m) { member(n, m); });
    for_each_field<T>([&](const auto& d) { member(d.name, v.*(d.member)); });
    --depth_;
    if (out_.size() == mark + 1) {
      out_.back() = '/';
      out_ += '>';
      return;
    }
    newline();
    out_ += "</";
    out_ += name;
    out_ += '>';
  }

  void attribute(std::string_view name, const std::string& value) {
    if (value.empty()) return;
    out_ += ' ';
    out_ += name;
    out_ += "=\"";
    append_escaped(out_, value);
    out_ += '"';
  }

  void div(const std::string& text) {
    newline();
    // The div must carry the XHTML namespace or it would inherit FHIR's. Parsed divs always do;
    // this helps divs built in code.
    std::size_t tag_end = text.find('>');
    if (text.rfind("<div", 0) == 0 && tag_end != std::string::npos &&
        text.substr(0, tag_end).find(" xmlns=") == std::string::npos) {
      out_ += "<div xmlns=\"http://www.w3.org/1999/xhtml\"";
      out_.append(text, 4);
    } else {
      out_ += text;
    }
  }

  template <PT K>
  void prim(std::string_view name, const Prim<K>& p) {
    if (p.empty()) return;
    if constexpr (K == PT::xhtml) {
      if (p.value) div(*p.value);
    } else {
      newline();
      out_ += '<';
      out_ += name;
      attribute("id", p.id);
      if (p.value) attribute("value", prim_to_text<K>(*p.value));
      if (p.extension.empty()) {
        out_ += "/>";
        return;
      }
      out_ += '>';
      ++depth_;
      member("extension", p.extension);
      --depth_;
      newline();
      out_ += "</";
      out_ += name;
      out_ += '>';
    }
  }

  void wrapped(std::string_view name, const Resource& r) {
    newline();
    out_ += '<';
    out_ += name;
    out_ += '>';
    ++depth_;
    resource(r, false);
    --depth_;
    newline();
    out_ += "</";
    out_ += name;
    out_ += '>';
  }

  template <class M>
  void member(std::string_view name, const M& m) {
    if constexpr (std::is_same_v<M, std::string>) {
      // written as an attribute by element()
    } else if constexpr (is_prim_v<M>) {
      prim(name, m);
    } else if constexpr (is_vector_v<M>) {
      for (const auto& e : m) member(name, e);
    } else if constexpr (is_optional_v<M>) {
      if (m) member(name, *m);
    } else if constexpr (is_choice_v<M>) {
      visit_choice(name, m, [&](std::string_view n, const auto& alt) { member(n, alt); });
    } else if constexpr (std::is_same_v<M, Resource>) {
      wrapped(name, m);
    } else {
      element(name, m);
    }
  }

  std::string out_;
  bool pretty_;
  int depth_ = 0;
};

}  // namespace
}  // namespace detail

std::string to_xml(const Resource& resource, bool pretty) {
  try {
    detail::XmlWriter w(pretty);
    w.resource(resource, true);
    std::string out = w.take();
    if (pretty) out.push_back('\n');
    return out;
  } catch (...) {
    return std::string();  // only on allocation failure
  }
}

}  // namespace sarcoma::fhir
