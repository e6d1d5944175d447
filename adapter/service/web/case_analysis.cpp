#include "adapter/service/web/case_analysis.hpp"

#include "adapter/core/extract/extract.hpp"

namespace sarcoma::service::web {

Result<std::unique_ptr<CaseAnalysis>, std::string> analyse_case(std::string_view bundle_json,
                                                                std::string_view focus,
                                                                const core::RuleSet& rules) {
  auto a = std::make_unique<CaseAnalysis>();
  auto parsed = fhir::parse_any(bundle_json);
  if (!parsed.ok()) return fail(std::string("the report could not be parsed"));
  a->parsed = std::move(parsed).value();
  auto resolved = fhir::resolve_reports(a->parsed.resource);
  if (!resolved.ok()) return fail(std::string("the report holds no DiagnosticReport"));
  a->resolved = std::move(resolved).value();
  core::PipelineOptions options;
  // The recorded time only shapes the written resources, which the page does not use.
  options.fallback_recorded = "1970-01-01T00:00:00Z";
  options.typed_bundle = false;  // the page shows the assessment, not the Bundle
  auto result = core::run_pipeline(a->parsed.resource, rules, options);
  if (!result.ok()) return fail(std::string("the report could not be assessed"));
  a->pipeline = std::move(result).value();
  for (const auto& r : a->resolved) {
    if (r.reference == focus) a->report = &r;
  }
  for (const auto& o : a->pipeline.reports) {
    if (o.report_reference == focus) a->outcome = &o;
  }
  if (a->report == nullptr && a->resolved.size() == 1) a->report = &a->resolved.front();
  if (a->outcome == nullptr && a->pipeline.reports.size() == 1) a->outcome = &a->pipeline.reports.front();
  if (a->report == nullptr || a->outcome == nullptr)
    return fail(std::string("the task's report was not found"));
  return a;
}

std::string category_label(const core::StatedCategory& c) {
  return c.prefix + c.value;
}

std::string stage_text(const core::StageResult& s) {
  if (!s.applicable) return "not staged (AJCC soft tissue chapters do not apply)";
  // As the Task summary writes it: the y/r prefix once, before pT ("ypT2 N0 M0, stage yIIIA").
  std::string tnm = s.t.prefix + "p" + s.t.value + " " + s.n.value + " " + s.m.value;
  switch (s.group_status) {
    case core::StageResult::GroupStatus::assigned:
      return tnm + ", stage " + s.t.prefix + s.group.value_or("?");
    case core::StageResult::GroupStatus::not_defined_for_site:
      return tnm + ", no AJCC stage group for this site";
    case core::StageResult::GroupStatus::t_unknown: return tnm + ", stage unknown (T unknown)";
    case core::StageResult::GroupStatus::site_unknown: return tnm + ", stage unknown (site unknown)";
    case core::StageResult::GroupStatus::not_applicable: return tnm + ", not staged";
  }
  return tnm;
}

std::vector<TumourSummary> summarize(const core::ReportOutcome& outcome) {
  std::vector<TumourSummary> out;
  for (const auto& t : outcome.assessment.tumours) {
    TumourSummary s;
    s.label = t.label;
    if (t.histology_entry) {
      s.histology = t.histology_entry->label;
    } else if (t.histology && !t.histology->value.text.empty()) {
      s.histology = t.histology->value.text + " (not in the histology table)";
    } else {
      s.histology = "not stated";
    }
    if (t.site_entry) {
      s.site = t.site_entry->label;
    } else if (t.site && !t.site->value.text.empty()) {
      s.site = t.site->value.text + " (not in the site table)";
    } else {
      s.site = "site not stated";
    }
    s.grade = t.grade.applicable ? t.grade.grade : "not graded (FNCLCC does not apply)";
    s.stage = stage_text(t.stage);
    std::vector<std::string> stated;
    if (t.grade.stated && category_label(t.grade.stated->value) != t.grade.grade) {
      stated.push_back("grade " + category_label(t.grade.stated->value));
    }
    if (t.stage.stated_t && t.stage.stated_t->value.value != t.stage.t.value) {
      stated.push_back(category_label(t.stage.stated_t->value));
    }
    if (t.stage.stated_n && t.stage.stated_n->value.value != t.stage.n.value) {
      stated.push_back(category_label(t.stage.stated_n->value));
    }
    if (t.stage.stated_m && t.stage.stated_m->value.value != t.stage.m.value) {
      stated.push_back(category_label(t.stage.stated_m->value));
    }
    if (t.stage.stated_group && (!t.stage.group || t.stage.stated_group->value.value != *t.stage.group)) {
      stated.push_back("stage " + category_label(t.stage.stated_group->value));
    }
    for (const auto& x : stated) s.stated += (s.stated.empty() ? "" : ", ") + x;
    out.push_back(std::move(s));
  }
  return out;
}

std::optional<std::string> source_line(const CaseAnalysis& a, const core::Source& source) {
  if (source.line <= 0 || a.report == nullptr) return std::nullopt;
  if (source.resource != a.report->reference && !source.resource.empty()) return std::nullopt;
  auto text = core::narrative_text(*a.report, source.path);
  if (!text) return std::nullopt;
  std::size_t begin = 0;
  for (int line = 1; line < source.line; ++line) {
    begin = text->find('\n', begin);
    if (begin == std::string::npos) return std::nullopt;
    ++begin;
  }
  std::size_t end = text->find('\n', begin);
  std::string line = text->substr(begin, end == std::string::npos ? std::string::npos : end - begin);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace sarcoma::service::web
