#include "mappings/site_table.hpp"

#include <algorithm>

#include "fhir/rapidjson.hpp"
#include "mappings/icdo3.hpp"
#include "mappings/table_file.hpp"

namespace sarcoma::mappings {
namespace {

constexpr std::string_view kGroups[] = {"trunk-extremity", "retroperitoneum", "head-neck", "visceral",
                                        "not-staged"};

fhir::Issue issue(const std::string& file, const std::string& where, const std::string& what) {
  return fhir::Issue{fhir::Severity::error, "invalid", file + ": " + where + ": " + what, where, {}, {}, {}};
}

}  // namespace

const SiteRow* SiteTable::by_id(std::string_view id) const {
  for (const auto& r : rows) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

const SiteRow* SiteTable::by_topography(std::string_view code) const {
  for (const auto& r : rows) {
    if (std::find(r.icdo3.begin(), r.icdo3.end(), code) != r.icdo3.end()) return &r;
  }
  if (code.size() > 3) {
    std::string_view category = code.substr(0, 3);
    for (const auto& r : rows) {
      if (std::find(r.icdo3.begin(), r.icdo3.end(), category) != r.icdo3.end()) return &r;
    }
  }
  return nullptr;
}

Result<SiteTable, fhir::Issues> parse_site_table(std::string_view json, const std::string& file) {
  fhir::Issues issues;
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("rows") || !doc["rows"].IsArray()) {
    return fail(fhir::Issues{issue(file, "(root)", "expected a JSON object with a 'rows' array")});
  }
  SiteTable t;
  auto text = [&](const rapidjson::Value& v, const char* name, const std::string& at, bool required) {
    auto it = v.FindMember(name);
    if (it == v.MemberEnd() || !it->value.IsString()) {
      if (required || it != v.MemberEnd())
        issues.push_back(issue(file, at, std::string("needs a string '") + name + "'"));
      return std::string();
    }
    return std::string(it->value.GetString());
  };
  auto list = [&](const rapidjson::Value& v, const char* name, const std::string& at) {
    std::vector<std::string> out;
    auto it = v.FindMember(name);
    if (it == v.MemberEnd()) return out;
    if (!it->value.IsArray()) {
      issues.push_back(issue(file, at + "." + name, "expected an array of strings"));
      return out;
    }
    for (const auto& s : it->value.GetArray()) {
      if (s.IsString()) {
        out.emplace_back(s.GetString());
      } else {
        issues.push_back(issue(file, at + "." + name, "expected strings"));
      }
    }
    return out;
  };
  t.version = text(doc, "version", "(root)", true);
  t.source = text(doc, "source", "(root)", true);
  const auto& rows = doc["rows"];
  for (rapidjson::SizeType i = 0; i < rows.Size(); ++i) {
    const auto& v = rows[i];
    std::string at = "rows[" + std::to_string(i) + "]";
    if (!v.IsObject()) {
      issues.push_back(issue(file, at, "expected an object"));
      continue;
    }
    SiteRow r;
    r.id = text(v, "id", at, true);
    if (!r.id.empty()) at += " (" + r.id + ")";
    r.source = text(v, "source", at, true);
    r.label = text(v, "label", at, false);
    r.group = text(v, "group", at, true);
    if (!r.group.empty() && std::find(std::begin(kGroups), std::end(kGroups), r.group) == std::end(kGroups))
      issues.push_back(issue(file, at + ".group", "unknown site group '" + r.group + "'"));
    if (auto it = v.FindMember("bone"); it != v.MemberEnd()) {
      if (it->value.IsBool()) {
        r.bone = it->value.GetBool();
      } else {
        issues.push_back(issue(file, at + ".bone", "expected true or false"));
      }
    }
    r.icdo3 = list(v, "icdo3", at);
    r.snomed = list(v, "snomed", at);
    r.synonyms = list(v, "synonyms", at);
    for (const auto& c : r.icdo3) {
      auto n = normalize_icdo3_topography(c);
      if (!n || *n != c)
        issues.push_back(issue(file, at + ".icdo3", "'" + c + "' is not a topography like C49.2 or C48"));
      for (const auto& other : t.rows) {
        if (std::find(other.icdo3.begin(), other.icdo3.end(), c) != other.icdo3.end())
          issues.push_back(issue(file, at, "code " + c + " already used by " + other.id));
      }
    }
    for (const auto& syn : r.synonyms) {
      if (std::any_of(syn.begin(), syn.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
        issues.push_back(issue(file, at + ".synonyms", "'" + syn + "' must be lower case"));
    }
    if (t.by_id(r.id)) issues.push_back(issue(file, at, "duplicate id " + r.id));
    t.rows.push_back(std::move(r));
  }
  if (!issues.empty()) return fail(std::move(issues));
  return t;
}

Result<SiteTable, fhir::Issues> load_site_table(const std::string& path) {
  auto text = read_table_file(path);
  if (!text.ok()) return fail(std::move(text).error());
  auto slash = path.find_last_of('/');
  return parse_site_table(*text, slash == std::string::npos ? path : path.substr(slash + 1));
}

}  // namespace sarcoma::mappings
