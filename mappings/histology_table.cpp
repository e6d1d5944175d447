#include "mappings/histology_table.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "fhir/rapidjson.hpp"

namespace sarcoma::mappings {
namespace {

fhir::Issue issue(const std::string& where, const std::string& what) {
  return fhir::Issue{
      fhir::Severity::error, "invalid", "histology.json: " + where + ": " + what, where, {}, {}, {}};
}

std::vector<std::string> strings(const rapidjson::Value& v, const char* name) {
  std::vector<std::string> out;
  auto it = v.FindMember(name);
  if (it == v.MemberEnd() || !it->value.IsArray()) return out;
  for (const auto& s : it->value.GetArray()) {
    if (s.IsString()) out.emplace_back(s.GetString());
  }
  return out;
}

}  // namespace

const HistologyRow* HistologyTable::by_icdo3(std::string_view code) const {
  for (const auto& r : rows) {
    if (std::find(r.icdo3.begin(), r.icdo3.end(), code) != r.icdo3.end()) return &r;
  }
  return nullptr;
}

const HistologyRow* HistologyTable::by_id(std::string_view id) const {
  for (const auto& r : rows) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

Result<HistologyTable, fhir::Issues> load_histology_table(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return fail(
        fhir::Issues{fhir::Issue{fhir::Severity::error, "not-found", "cannot read " + path, "", {}, {}, {}}});
  std::stringstream ss;
  ss << in.rdbuf();
  std::string json = ss.str();
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("rows") || !doc["rows"].IsArray()) {
    return fail(fhir::Issues{issue("(root)", "expected an object with a 'rows' array")});
  }
  HistologyTable t;
  if (doc.HasMember("version") && doc["version"].IsString()) t.version = doc["version"].GetString();
  fhir::Issues issues;
  const auto& rows = doc["rows"];
  for (rapidjson::SizeType i = 0; i < rows.Size(); ++i) {
    const auto& v = rows[i];
    std::string at = "rows[" + std::to_string(i) + "]";
    if (!v.IsObject() || !v.HasMember("id") || !v["id"].IsString() || !v.HasMember("source") ||
        !v["source"].IsString()) {
      issues.push_back(issue(at, "each row needs a string id and source"));
      continue;
    }
    HistologyRow r;
    r.id = v["id"].GetString();
    r.source = v["source"].GetString();
    if (v.HasMember("label") && v["label"].IsString()) r.label = v["label"].GetString();
    if (v.HasMember("category") && v["category"].IsString()) r.category = v["category"].GetString();
    if (v.HasMember("differentiation_score") && v["differentiation_score"].IsInt()) {
      int s = v["differentiation_score"].GetInt();
      if (s < 1 || s > 3) issues.push_back(issue(at + ".differentiation_score", "must be 1, 2 or 3"));
      r.differentiation_score = s;
    }
    if (v.HasMember("fnclcc_gradable") && v["fnclcc_gradable"].IsBool())
      r.fnclcc_gradable = v["fnclcc_gradable"].GetBool();
    if (v.HasMember("ajcc_soft_tissue_staged") && v["ajcc_soft_tissue_staged"].IsBool()) {
      r.ajcc_soft_tissue_staged = v["ajcc_soft_tissue_staged"].GetBool();
    }
    if (v.HasMember("reclassification_prone") && v["reclassification_prone"].IsBool()) {
      r.reclassification_prone = v["reclassification_prone"].GetBool();
    }
    r.icdo3 = strings(v, "icdo3");
    r.synonyms = strings(v, "synonyms");
    if (r.fnclcc_gradable && !r.differentiation_score) {
      issues.push_back(issue(at, "a gradable histology needs a differentiation_score"));
    }
    for (const auto& c : r.icdo3) {
      if (const auto* other = t.by_icdo3(c))
        issues.push_back(issue(at, "code " + c + " already used by " + other->id));
    }
    t.rows.push_back(std::move(r));
  }
  if (!issues.empty()) return fail(std::move(issues));
  return t;
}

}  // namespace sarcoma::mappings
