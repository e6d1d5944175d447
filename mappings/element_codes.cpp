#include "mappings/element_codes.hpp"

#include <array>
#include <fstream>
#include <sstream>
#include <utility>

#include "fhir/rapidjson.hpp"

namespace sarcoma::mappings {
namespace {

struct KindName {
  ElementKind kind;
  const char* name;
};

constexpr std::array<KindName, 26> kKinds{{
    {ElementKind::histology, "histology"},
    {ElementKind::site, "site"},
    {ElementKind::size, "size"},
    {ElementKind::size_additional_dimension, "size-additional-dimension"},
    {ElementKind::mitotic_rate, "mitotic-rate"},
    {ElementKind::necrosis, "necrosis"},
    {ElementKind::differentiation_score, "differentiation-score"},
    {ElementKind::mitotic_score, "mitotic-score"},
    {ElementKind::necrosis_score, "necrosis-score"},
    {ElementKind::grade, "grade"},
    {ElementKind::t_category, "t-category"},
    {ElementKind::n_category, "n-category"},
    {ElementKind::m_category, "m-category"},
    {ElementKind::stage_group, "stage-group"},
    {ElementKind::nodal_status, "nodal-status"},
    {ElementKind::nodes_positive, "nodes-positive"},
    {ElementKind::nodes_examined, "nodes-examined"},
    {ElementKind::distant_metastasis, "distant-metastasis"},
    {ElementKind::post_neoadjuvant, "post-neoadjuvant"},
    {ElementKind::recurrence, "recurrence"},
    {ElementKind::unplanned_excision, "unplanned-excision"},
    {ElementKind::multifocal_sites, "multifocal-sites"},
    {ElementKind::extent_finding, "extent-finding"},
    {ElementKind::narrative, "narrative"},
    {ElementKind::panel, "panel"},
    {ElementKind::ignored, "ignored"},
}};

fhir::Issue issue(const std::string& where, const std::string& what) {
  return fhir::Issue{
      fhir::Severity::error, "invalid", "elements.json: " + where + ": " + what, where, {}, {}, {}};
}

std::string str(const rapidjson::Value& v, const char* name) {
  auto it = v.FindMember(name);
  if (it == v.MemberEnd() || !it->value.IsString()) return {};
  return {it->value.GetString(), it->value.GetStringLength()};
}

bool parse_kind(std::string_view name, ElementKind& out) {
  for (const auto& k : kKinds) {
    if (name == k.name) {
      out = k.kind;
      return true;
    }
  }
  return false;
}

}  // namespace

const char* to_string(ElementKind k) {
  for (const auto& e : kKinds) {
    if (e.kind == k) return e.name;
  }
  return "ignored";
}

std::string ElementCodes::key(std::string_view system, std::string_view code) {
  std::string k;
  k.reserve(system.size() + code.size() + 1);
  k.append(system).push_back('|');
  k.append(code);
  return k;
}

void ElementCodes::add(ElementCode e) {
  element_index_[key(e.system, e.code)] = elements_.size();
  elements_.push_back(std::move(e));
}

void ElementCodes::add_value(ValueCode v) {
  value_index_[key(v.system, v.code)] = values_.size();
  values_.push_back(std::move(v));
}

const ElementCode* ElementCodes::find(std::string_view system, std::string_view code) const {
  auto it = element_index_.find(key(system, code));
  return it == element_index_.end() ? nullptr : &elements_[it->second];
}

const ValueCode* ElementCodes::find_value(std::string_view system, std::string_view code) const {
  auto it = value_index_.find(key(system, code));
  return it == value_index_.end() ? nullptr : &values_[it->second];
}

bool ElementCodes::is_label_system(std::string_view system) const {
  for (const auto& s : label_systems) {
    if (s == system) return true;
  }
  return false;
}

Result<ElementCodes, fhir::Issues> parse_element_codes(std::string_view json) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("elements") || !doc["elements"].IsArray()) {
    return fail(fhir::Issues{issue("(root)", "expected an object with an 'elements' array")});
  }
  ElementCodes t;
  t.version = str(doc, "version");
  fhir::Issues issues;
  const rapidjson::Value& root = doc;  // const iterators: clang's C++20 operator checks
  if (auto it = root.FindMember("label_systems"); it != root.MemberEnd() && it->value.IsArray()) {
    for (const auto& s : it->value.GetArray()) {
      if (s.IsString()) t.label_systems.emplace_back(s.GetString(), s.GetStringLength());
    }
  }
  const auto& rows = doc["elements"];
  for (rapidjson::SizeType i = 0; i < rows.Size(); ++i) {
    const auto& v = rows[i];
    std::string at = "elements[" + std::to_string(i) + "]";
    if (!v.IsObject()) {
      issues.push_back(issue(at, "expected an object"));
      continue;
    }
    ElementCode e;
    e.system = str(v, "system");
    e.code = str(v, "code");
    std::string kind = str(v, "kind");
    if (e.system.empty() || e.code.empty()) {
      issues.push_back(issue(at, "needs a system and a code"));
      continue;
    }
    if (!parse_kind(kind, e.kind)) {
      issues.push_back(issue(at + ".kind", "unknown kind '" + kind + "'"));
      continue;
    }
    e.prefix = str(v, "prefix");
    e.finding = str(v, "finding");
    e.per = str(v, "per");
    e.label = str(v, "label");
    if (e.kind != ElementKind::extent_finding && !e.finding.empty()) {
      issues.push_back(issue(at, "'finding' belongs to an extent-finding element"));
      continue;
    }
    if (t.find(e.system, e.code) != nullptr) {
      issues.push_back(issue(at, "duplicate code " + e.system + "|" + e.code));
      continue;
    }
    t.add(std::move(e));
  }
  if (auto it = root.FindMember("values"); it != root.MemberEnd() && it->value.IsArray()) {
    const auto& vals = it->value;
    for (rapidjson::SizeType i = 0; i < vals.Size(); ++i) {
      const auto& v = vals[i];
      std::string at = "values[" + std::to_string(i) + "]";
      if (!v.IsObject()) {
        issues.push_back(issue(at, "expected an object"));
        continue;
      }
      ValueCode c{str(v, "system"), str(v, "code"), str(v, "value")};
      if (c.system.empty() || c.code.empty() || c.value.empty()) {
        issues.push_back(issue(at, "needs a system, a code and a value"));
        continue;
      }
      if (t.find_value(c.system, c.code) != nullptr) {
        issues.push_back(issue(at, "duplicate code " + c.system + "|" + c.code));
        continue;
      }
      t.add_value(std::move(c));
    }
  }
  if (!issues.empty()) return fail(std::move(issues));
  return t;
}

Result<ElementCodes, fhir::Issues> load_element_codes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(
        fhir::Issues{fhir::Issue{fhir::Severity::error, "not-found", "cannot read " + path, "", {}, {}, {}}});
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_element_codes(ss.str());
}

}  // namespace sarcoma::mappings
