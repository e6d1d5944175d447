#include "mappings/histology_table.hpp"

#include <algorithm>

#include "fhir/rapidjson.hpp"
#include "mappings/icdo3.hpp"
#include "mappings/table_file.hpp"

namespace sarcoma::mappings {
namespace {

using Value = rapidjson::Value;

struct Reader {
  std::string file;
  fhir::Issues issues;

  void error(const std::string& where, const std::string& what) {
    issues.push_back(
        fhir::Issue{fhir::Severity::error, "invalid", file + ": " + where + ": " + what, where, {}, {}, {}});
  }
  std::string str(const Value& v, const char* name, const std::string& where, bool required) {
    auto it = v.FindMember(name);
    if (it == v.MemberEnd() || !it->value.IsString()) {
      if (required || it != v.MemberEnd()) error(where, std::string("needs a string '") + name + "'");
      return {};
    }
    return it->value.GetString();
  }
  bool flag(const Value& v, const char* name, const std::string& where, bool fallback) {
    auto it = v.FindMember(name);
    if (it == v.MemberEnd()) return fallback;
    if (!it->value.IsBool()) {
      error(where + "." + name, "expected true or false");
      return fallback;
    }
    return it->value.GetBool();
  }
  std::vector<std::string> strings(const Value& v, const char* name, const std::string& where) {
    std::vector<std::string> out;
    auto it = v.FindMember(name);
    if (it == v.MemberEnd()) return out;
    if (!it->value.IsArray()) {
      error(where + "." + name, "expected an array of strings");
      return out;
    }
    for (const auto& s : it->value.GetArray()) {
      if (s.IsString()) {
        out.emplace_back(s.GetString());
      } else {
        error(where + "." + name, "expected strings");
      }
    }
    return out;
  }
  // The fields rows and ranges share.
  void common(HistologyRow& r, const Value& v, const std::string& at) {
    r.id = str(v, "id", at, true);
    r.source = str(v, "source", at, true);
    r.label = str(v, "label", at, false);
    r.category = str(v, "category", at, true);
    static constexpr std::string_view kCategories[] = {"soft-tissue-sarcoma", "bone-sarcoma",
                                                       "benign-or-intermediate", "other-malignancy"};
    if (!r.category.empty() &&
        std::find(std::begin(kCategories), std::end(kCategories), r.category) == std::end(kCategories)) {
      error(at + ".category", "unknown category '" + r.category + "'");
    }
    r.fnclcc_gradable = flag(v, "fnclcc_gradable", at, true);
    r.ajcc_soft_tissue_staged = flag(v, "ajcc_soft_tissue_staged", at, true);
    r.reclassification_prone = flag(v, "reclassification_prone", at, false);
  }
};

// "8800-8921" or "9150" -> inclusive interval of 4-digit histology codes.
std::optional<std::pair<int, int>> interval(const std::string& s) {
  auto num = [](std::string_view t) -> std::optional<int> {
    if (t.size() != 4) return std::nullopt;
    int v = 0;
    for (char c : t) {
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + (c - '0');
    }
    return v;
  };
  auto dash = s.find('-');
  auto lo = num(std::string_view(s).substr(0, dash));
  auto hi = dash == std::string::npos ? lo : num(std::string_view(s).substr(dash + 1));
  if (!lo || !hi || *lo > *hi) return std::nullopt;
  return std::pair{*lo, *hi};
}

}  // namespace

bool HistologyRange::contains(int histology, char behaviour) const {
  if (std::find(behaviours.begin(), behaviours.end(), behaviour) == behaviours.end()) return false;
  return std::any_of(intervals.begin(), intervals.end(),
                     [&](const auto& iv) { return histology >= iv.first && histology <= iv.second; });
}

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

const HistologyRange* HistologyTable::range_for(std::string_view code) const {
  if (code.size() != 6 || code[4] != '/') return nullptr;
  int histology = 0;
  for (std::size_t i = 0; i < 4; ++i) histology = histology * 10 + (code[i] - '0');
  for (const auto& r : ranges) {
    if (r.contains(histology, code[5])) return &r;
  }
  return nullptr;
}

Result<HistologyTable, fhir::Issues> parse_histology_table(std::string_view json,
                                                           const std::string& file_name) {
  Reader rd{file_name, {}};
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("rows") || !doc["rows"].IsArray()) {
    rd.error("(root)", "expected a JSON object with a 'rows' array");
    return fail(std::move(rd.issues));
  }
  HistologyTable t;
  t.version = rd.str(doc, "version", "(root)", true);
  t.source = rd.str(doc, "source", "(root)", true);
  if (auto it = doc.FindMember("system_aliases"); it != doc.MemberEnd() && it->value.IsObject()) {
    for (const auto& m : it->value.GetObject()) {
      if (m.value.IsString()) t.system_aliases.emplace(m.name.GetString(), m.value.GetString());
    }
  }
  const auto& rows = doc["rows"];
  for (rapidjson::SizeType i = 0; i < rows.Size(); ++i) {
    const auto& v = rows[i];
    std::string at = "rows[" + std::to_string(i) + "]";
    if (!v.IsObject()) {
      rd.error(at, "expected an object");
      continue;
    }
    HistologyRow r;
    rd.common(r, v, at);
    if (!r.id.empty()) at += " (" + r.id + ")";
    if (auto it = v.FindMember("differentiation_score"); it != v.MemberEnd() && !it->value.IsNull()) {
      if (!it->value.IsInt() || it->value.GetInt() < 1 || it->value.GetInt() > 3) {
        rd.error(at + ".differentiation_score", "must be 1, 2 or 3");
      } else {
        r.differentiation_score = it->value.GetInt();
      }
    }
    r.icdo3 = rd.strings(v, "icdo3", at);
    r.snomed = rd.strings(v, "snomed", at);
    r.synonyms = rd.strings(v, "synonyms", at);
    r.at_bone_site = rd.str(v, "at_bone_site", at, false);
    r.at_soft_tissue_site = rd.str(v, "at_soft_tissue_site", at, false);
    if (r.fnclcc_gradable && !r.differentiation_score) {
      rd.error(at, "a gradable histology needs a differentiation_score");
    }
    for (const auto& c : r.icdo3) {
      auto n = normalize_icdo3_morphology(c);
      if (!n || *n != c) rd.error(at + ".icdo3", "'" + c + "' is not an ICD-O-3 morphology code like 8890/3");
      if (const auto* other = t.by_icdo3(c)) rd.error(at, "code " + c + " already used by " + other->id);
    }
    for (const auto& syn : r.synonyms) {
      if (std::any_of(syn.begin(), syn.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
        rd.error(at + ".synonyms", "'" + syn + "' must be lower case");
    }
    if (t.by_id(r.id)) rd.error(at, "duplicate id " + r.id);
    t.rows.push_back(std::move(r));
  }
  for (const auto& r : t.rows) {
    for (const auto* ref : {&r.at_bone_site, &r.at_soft_tissue_site}) {
      if (!ref->empty() && !t.by_id(*ref)) rd.error("rows (" + r.id + ")", "refers to unknown row " + *ref);
    }
  }
  if (auto it = doc.FindMember("ranges"); it != doc.MemberEnd()) {
    if (!it->value.IsArray()) rd.error("ranges", "expected an array");
    for (rapidjson::SizeType i = 0; it->value.IsArray() && i < it->value.Size(); ++i) {
      const auto& v = it->value[i];
      std::string at = "ranges[" + std::to_string(i) + "]";
      if (!v.IsObject()) {
        rd.error(at, "expected an object");
        continue;
      }
      HistologyRange g;
      rd.common(g.row, v, at);
      for (const auto& s : rd.strings(v, "histology", at)) {
        if (auto iv = interval(s)) {
          g.intervals.push_back(*iv);
        } else {
          rd.error(at + ".histology", "'" + s + "' is not an interval like 8800-8921");
        }
      }
      for (const auto& b : rd.strings(v, "behaviours", at)) {
        if (b.size() != 1 || std::string_view("012369").find(b[0]) == std::string_view::npos) {
          rd.error(at + ".behaviours", "'" + b + "' is not an ICD-O-3 behaviour code");
        } else {
          g.behaviours.push_back(b[0]);
        }
      }
      if (g.intervals.empty() || g.behaviours.empty())
        rd.error(at, "needs histology intervals and behaviours");
      t.ranges.push_back(std::move(g));
    }
  }
  if (!rd.issues.empty()) return fail(std::move(rd.issues));
  return t;
}

Result<HistologyTable, fhir::Issues> load_histology_table(const std::string& path) {
  auto text = read_table_file(path);
  if (!text.ok()) return fail(std::move(text).error());
  auto slash = path.find_last_of('/');
  return parse_histology_table(*text, slash == std::string::npos ? path : path.substr(slash + 1));
}

}  // namespace sarcoma::mappings
