#include "mappings/review_reasons.hpp"

#include <set>

#include "fhir/rapidjson.hpp"
#include "mappings/table_file.hpp"

namespace sarcoma::mappings {
namespace {

fhir::Issue issue(const std::string& file, const std::string& where, const std::string& what) {
  return fhir::Issue{fhir::Severity::error, "invalid", file + ": " + where + ": " + what, where, {}, {}, {}};
}

std::string text(const rapidjson::Value& v, const char* key) {
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsString() ? std::string(it->value.GetString(), it->value.GetStringLength())
                                                      : std::string();
}

}  // namespace

const ReviewReasonRow* ReviewReasonTable::by_code(std::string_view code) const {
  for (const auto& r : rows) {
    if (r.code == code) return &r;
  }
  return nullptr;
}

int priority_rank(std::string_view p) {
  if (p == "routine") return 0;
  if (p == "urgent") return 1;
  if (p == "asap") return 2;
  if (p == "stat") return 3;
  return -1;
}

Result<ReviewReasonTable, fhir::Issues> parse_review_reasons(std::string_view json, const std::string& file) {
  rapidjson::Document d;
  d.Parse(json.data(), json.size());
  if (d.HasParseError() || !d.IsObject()) return fail(fhir::Issues{issue(file, "(root)", "not a JSON object")});
  ReviewReasonTable t;
  t.version = text(d, "version");
  t.system = text(d, "system");
  t.source = text(d, "source");
  fhir::Issues issues;
  if (t.version.empty()) issues.push_back(issue(file, "version", "missing"));
  if (t.system.empty()) issues.push_back(issue(file, "system", "missing"));
  auto it = d.FindMember("reasons");
  if (it == d.MemberEnd() || !it->value.IsArray() || it->value.Empty()) {
    issues.push_back(issue(file, "reasons", "missing or empty"));
    return fail(std::move(issues));
  }
  std::set<std::string> seen;
  int i = 0;
  for (const auto& v : it->value.GetArray()) {
    std::string where = "reasons[" + std::to_string(i) + "]";
    if (!v.IsObject()) {
      issues.push_back(issue(file, where, "not an object"));
    } else {
      ReviewReasonRow r{text(v, "code"), text(v, "display"), text(v, "priority"), i};
      if (r.code.empty()) issues.push_back(issue(file, where + ".code", "missing"));
      if (r.display.empty()) issues.push_back(issue(file, where + ".display", "missing"));
      if (priority_rank(r.priority) < 0) issues.push_back(issue(file, where + ".priority", "not a request-priority"));
      if (!seen.insert(r.code).second) issues.push_back(issue(file, where + ".code", "duplicate code " + r.code));
      t.rows.push_back(std::move(r));
    }
    ++i;
  }
  if (!issues.empty()) return fail(std::move(issues));
  return t;
}

Result<ReviewReasonTable, fhir::Issues> load_review_reasons(const std::string& path) {
  auto text_or = read_table_file(path);
  if (!text_or.ok()) return fail(std::move(text_or).error());
  return parse_review_reasons(*text_or, path);
}

}  // namespace sarcoma::mappings
