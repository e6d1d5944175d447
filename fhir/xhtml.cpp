#include "fhir/xhtml.hpp"

#include <pugixml.hpp>

namespace sarcoma::fhir::detail {

bool has_markup_declaration(std::string_view xml) {
  // Anything "<!" that is not a comment or CDATA section: DOCTYPE, ENTITY, ELEMENT, ATTLIST, ...
  for (std::size_t p = xml.find("<!"); p != std::string_view::npos; p = xml.find("<!", p + 2)) {
    std::string_view rest = xml.substr(p + 2);
    if (rest.substr(0, 2) != "--" && rest.substr(0, 7) != "[CDATA[") return true;
  }
  return false;
}

const char* check_xhtml_div(std::string_view div) {
  if (has_markup_declaration(div)) return "narrative div contains a markup declaration";
  pugi::xml_document doc;
  auto r = doc.load_buffer(div.data(), div.size(), pugi::parse_default | pugi::parse_ws_pcdata,
                           pugi::encoding_utf8);
  if (!r) return "narrative div is not well-formed XHTML";
  int elements = 0;
  for (pugi::xml_node n : doc.children()) {
    if (n.type() == pugi::node_element) {
      ++elements;
      if (std::string_view(n.name()) != "div") return "narrative is not a <div> element";
      if (std::string_view(n.attribute("xmlns").value()) != "http://www.w3.org/1999/xhtml") {
        return "narrative div lacks xmlns=\"http://www.w3.org/1999/xhtml\"";
      }
    } else if (n.type() == pugi::node_pcdata) {
      std::string_view t = n.value();
      if (t.find_first_not_of(" \t\r\n") != std::string_view::npos) return "text outside the narrative div";
    }
  }
  if (elements != 1) return "narrative must be exactly one <div> element";
  return nullptr;
}

}  // namespace sarcoma::fhir::detail
