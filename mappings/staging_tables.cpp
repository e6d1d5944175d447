#include "mappings/staging_tables.hpp"

#include <fstream>
#include <sstream>

#include "fhir/rapidjson.hpp"

namespace sarcoma::mappings {
namespace {

using Value = rapidjson::Value;

// Collects issues while reading; every accessor names the element it was reading.
struct Reader {
  std::string file;
  fhir::Issues issues;

  void error(const std::string& where, const std::string& what) {
    issues.push_back(
        fhir::Issue{fhir::Severity::error, "invalid", file + ": " + where + ": " + what, where, {}, {}, {}});
  }
  const Value* member(const Value& v, const char* name, const std::string& where, bool required = true) {
    if (!v.IsObject()) {
      error(where, "expected an object");
      return nullptr;
    }
    auto it = v.FindMember(name);
    if (it == v.MemberEnd()) {
      if (required) error(where, std::string("missing '") + name + "'");
      return nullptr;
    }
    return &it->value;
  }
  std::string str(const Value& v, const char* name, const std::string& where) {
    const Value* m = member(v, name, where);
    if (!m) return {};
    if (!m->IsString()) {
      error(where + "." + name, "expected a string");
      return {};
    }
    return m->GetString();
  }
  int integer(const Value& v, const char* name, const std::string& where) {
    const Value* m = member(v, name, where);
    if (!m) return 0;
    if (!m->IsInt()) {
      error(where + "." + name, "expected an integer");
      return 0;
    }
    return m->GetInt();
  }
  std::optional<fhir::Decimal> decimal(const Value& v, const char* name, const std::string& where,
                                       bool required) {
    const Value* m = member(v, name, where, required);
    if (!m) return std::nullopt;
    auto d = m->IsString() ? fhir::Decimal::parse(m->GetString()) : std::nullopt;
    if (!d) error(where + "." + name, "expected a decimal as a string");
    return d;
  }
  std::vector<std::string> strings(const Value& v, const char* name, const std::string& where) {
    std::vector<std::string> out;
    const Value* m = member(v, name, where);
    if (!m) return out;
    if (!m->IsArray() || m->Empty()) {
      error(where + "." + name, "expected a non-empty array of strings");
      return out;
    }
    for (const auto& s : m->GetArray()) {
      if (s.IsString()) {
        out.emplace_back(s.GetString());
      } else {
        error(where + "." + name, "expected strings");
      }
    }
    return out;
  }
  void row(TableRow& r, const Value& v, const std::string& where) {
    r.id = str(v, "id", where);
    r.source = str(v, "source", where);
  }
  CategoryRow category(const Value& v, const std::string& where) {
    CategoryRow r;
    row(r, v, where);
    r.value = member(v, "value", where, false) ? str(v, "value", where) : str(v, "grade", where);
    if (const Value* a = member(v, "assumed", where, false); a && a->IsBool()) r.assumed = a->GetBool();
    return r;
  }
  // Calls f(row value, "path[i]") for each element of the array at `name`.
  template <class F>
  void each(const Value& v, const char* name, const std::string& where, F&& f) {
    const Value* m = member(v, name, where);
    if (!m) return;
    if (!m->IsArray()) return error(where + "." + name, "expected an array");
    for (rapidjson::SizeType i = 0; i < m->Size(); ++i)
      f((*m)[i], where + "." + name + "[" + std::to_string(i) + "]");
  }
  // Calls f(group name, rows value, path) for each site group of the object at `name`.
  template <class F>
  void groups(const Value& v, const char* name, F&& f) {
    const Value* m = member(v, name, name);
    if (!m || !m->IsObject()) return;
    for (auto it = m->MemberBegin(); it != m->MemberEnd(); ++it) {
      std::string group = it->name.GetString();
      if (group.rfind('_', 0) == 0) continue;  // "_comment"
      f(group, it->value, std::string(name) + "." + group);
    }
  }
};

}  // namespace

Result<StagingTables, fhir::Issues> parse_staging_tables(std::string_view json,
                                                         const std::string& file_name) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  Reader rd{file_name, {}};
  if (doc.HasParseError() || !doc.IsObject()) {
    rd.error("(root)", "malformed JSON at byte " + std::to_string(doc.GetErrorOffset()));
    return fail(std::move(rd.issues));
  }
  StagingTables t;
  t.version = rd.str(doc, "version", "(root)");
  t.source = rd.str(doc, "source", "(root)");
  if (const Value* f = rd.member(doc, "fnclcc", "(root)")) {
    rd.each(*f, "mitotic_score", "fnclcc", [&](const Value& v, const std::string& at) {
      MitoticRow r;
      rd.row(r, v, at);
      r.min = rd.decimal(v, "min", at, true).value_or(fhir::Decimal());
      r.below = rd.decimal(v, "below", at, false);
      r.score = rd.integer(v, "score", at);
      t.mitotic.push_back(std::move(r));
    });
    rd.each(*f, "necrosis_score", "fnclcc", [&](const Value& v, const std::string& at) {
      NecrosisRow r;
      rd.row(r, v, at);
      r.extent = rd.str(v, "extent", at);
      r.score = rd.integer(v, "score", at);
      t.necrosis.push_back(std::move(r));
    });
    t.necrosis_percent_threshold =
        rd.decimal(*f, "necrosis_percent_threshold", "fnclcc", true).value_or(fhir::Decimal());
    rd.each(*f, "grade", "fnclcc", [&](const Value& v, const std::string& at) {
      GradeRow r;
      rd.row(r, v, at);
      r.grade = rd.str(v, "grade", at);
      r.min_total = rd.integer(v, "min_total", at);
      r.max_total = rd.integer(v, "max_total", at);
      t.grades.push_back(std::move(r));
    });
    if (const Value* g = rd.member(*f, "grade_missing", "fnclcc"))
      t.grade_missing = rd.category(*g, "fnclcc.grade_missing");
    if (const Value* g = rd.member(*f, "grade_not_applicable", "fnclcc"))
      t.grade_not_applicable = rd.category(*g, "fnclcc.grade_not_applicable");
  }
  if (const Value* u = rd.member(doc, "units_to_cm", "(root)"); u && u->IsObject()) {
    for (auto it = u->MemberBegin(); it != u->MemberEnd(); ++it) {
      std::string unit = it->name.GetString();
      if (unit.rfind('_', 0) == 0) continue;
      auto f = it->value.IsString() ? fhir::Decimal::parse(it->value.GetString()) : std::nullopt;
      if (!f) {
        rd.error("units_to_cm." + unit, "expected a decimal as a string");
      } else {
        t.units_to_cm.emplace(unit, *f);
      }
    }
  }
  if (const Value* h = rd.member(doc, "hpf", "(root)")) {
    t.default_area_of_10_hpf_mm2 =
        rd.decimal(*h, "default_area_of_10_hpf_mm2", "hpf", true).value_or(fhir::Decimal());
  }
  rd.groups(doc, "t_by_size", [&](const std::string& group, const Value& rows, const std::string& at) {
    if (!rows.IsArray()) return rd.error(at, "expected an array");
    for (rapidjson::SizeType i = 0; i < rows.Size(); ++i) {
      std::string here = at + "[" + std::to_string(i) + "]";
      SizeRow r;
      rd.row(r, rows[i], here);
      r.value = rd.str(rows[i], "value", here);
      r.max_cm = rd.decimal(rows[i], "max_cm", here, false);
      t.t_by_size[group].push_back(std::move(r));
    }
  });
  rd.groups(doc, "t_by_finding", [&](const std::string& group, const Value& rows, const std::string& at) {
    if (!rows.IsArray()) return rd.error(at, "expected an array");
    for (rapidjson::SizeType i = 0; i < rows.Size(); ++i) {
      std::string here = at + "[" + std::to_string(i) + "]";
      FindingRow r;
      rd.row(r, rows[i], here);
      r.value = rd.str(rows[i], "value", here);
      r.findings = rd.strings(rows[i], "findings", here);
      t.t_by_finding[group].push_back(std::move(r));
    }
  });
  rd.groups(doc, "t_by_multifocal_sites",
            [&](const std::string& group, const Value& rows, const std::string& at) {
              if (!rows.IsArray()) return rd.error(at, "expected an array");
              for (rapidjson::SizeType i = 0; i < rows.Size(); ++i) {
                std::string here = at + "[" + std::to_string(i) + "]";
                MultifocalRow r;
                rd.row(r, rows[i], here);
                r.value = rd.str(rows[i], "value", here);
                r.min_sites = rd.integer(rows[i], "min_sites", here);
                t.t_by_multifocal[group].push_back(std::move(r));
              }
            });
  if (const Value* v = rd.member(doc, "t_unknown", "(root)")) t.t_unknown = rd.category(*v, "t_unknown");
  for (const char* axis : {"n", "m"}) {
    const Value* v = rd.member(doc, axis, "(root)");
    if (!v) continue;
    auto& present = axis[0] == 'n' ? t.n_present : t.m_present;
    auto& absent = axis[0] == 'n' ? t.n_absent : t.m_absent;
    auto& unknown = axis[0] == 'n' ? t.n_unknown : t.m_unknown;
    std::string at(axis);
    if (const Value* r = rd.member(*v, "present", at)) present = rd.category(*r, at + ".present");
    if (const Value* r = rd.member(*v, "absent", at)) absent = rd.category(*r, at + ".absent");
    if (const Value* r = rd.member(*v, "unknown", at)) unknown = rd.category(*r, at + ".unknown");
  }
  rd.groups(doc, "stage_groups", [&](const std::string& group, const Value& rows, const std::string& at) {
    if (!rows.IsArray()) return rd.error(at, "expected an array");
    for (rapidjson::SizeType i = 0; i < rows.Size(); ++i) {
      std::string here = at + "[" + std::to_string(i) + "]";
      StageRow r;
      rd.row(r, rows[i], here);
      r.group = rd.str(rows[i], "group", here);
      r.t = rd.strings(rows[i], "t", here);
      r.n = rd.strings(rows[i], "n", here);
      r.m = rd.strings(rows[i], "m", here);
      r.grade = rd.strings(rows[i], "grade", here);
      t.stage_groups[group].push_back(std::move(r));
    }
  });
  rd.groups(doc, "no_stage_group", [&](const std::string& group, const Value& v, const std::string& at) {
    TableRow r;
    rd.row(r, v, at);
    t.no_stage_group[group] = std::move(r);
  });
  if (!rd.issues.empty()) return fail(std::move(rd.issues));
  return t;
}

Result<StagingTables, fhir::Issues> load_staging_tables(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(
        fhir::Issues{fhir::Issue{fhir::Severity::error, "not-found", "cannot read " + path, "", {}, {}, {}}});
  }
  std::stringstream ss;
  ss << in.rdbuf();
  std::string name = path.substr(path.find_last_of('/') + 1);
  return parse_staging_tables(ss.str(), name);
}

}  // namespace sarcoma::mappings
