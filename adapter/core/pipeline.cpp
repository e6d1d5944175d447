#include "adapter/core/pipeline.hpp"

#include "adapter/core/derive/derive.hpp"
#include "adapter/core/extract/extract.hpp"
#include "fhir/json_codec.hpp"
#include "fhir/resolve.hpp"
#include "mappings/staging_tables.hpp"

namespace sarcoma::core {

Result<PipelineResult, fhir::Issues> run_pipeline(const fhir::Resource& root, const RuleSet& rules,
                                                  const PipelineOptions& options) {
  auto resolved = fhir::resolve_reports(root);
  if (!resolved.ok()) return fail(std::move(resolved).error());
  PipelineResult out;
  out.bundle_json.reserve(16 * 1024);  // a sarcoma report's transaction is ~11 KB: no regrowth
  JsonText json(out.bundle_json);
  json.begin_object();
  json.member("resourceType", "Bundle");
  json.member("type", "transaction");
  bool entry_array_open = false;
  ExtractOptions extract_options;
  extract_options.elements = &rules.elements;
  const mappings::StagingTables* tables = rules.rules->staging_tables();
  for (const auto& report : *resolved) {
    out.issues.insert(out.issues.end(), report.issues.begin(), report.issues.end());
    ReportFacts facts = extract(report, *rules.rules, extract_options);
    out.issues.insert(out.issues.end(), facts.issues.begin(), facts.issues.end());
    ReportOutcome r;
    r.report_reference = report.reference;
    r.assessment = assess(facts, *rules.rules, options.assess);
    r.assessment.rules_version = rules.version();
    r.routing = route(r.assessment, rules.reasons, *tables);
    if (derives_anything(report, r.routing)) {
      DeriveContext ctx;
      ctx.adapter_version = options.adapter_version;
      const auto& issued = report.report->issued;
      ctx.recorded = issued.has_value() ? *issued : options.fallback_recorded;
      ctx.codes = &rules.values;
      ctx.review_reason_system = rules.reasons.system;
      if (!entry_array_open) {
        json.begin_array("entry");
        entry_array_open = true;
      }
      out.entries += derive(report, r.assessment, r.routing, ctx, json);
    }
    out.reports.push_back(std::move(r));
  }
  if (entry_array_open) json.end_array();
  json.end_object();
  if (options.typed_bundle) {
    auto parsed = fhir::parse_json(out.bundle_json);
    fhir::Bundle* bundle = parsed.ok() ? fhir::get_if<fhir::Bundle>(parsed->resource) : nullptr;
    if (bundle == nullptr) {
      // Our own output not reading back is a bug, reported as such rather than a partial result.
      fhir::Issue issue;
      issue.severity = fhir::Severity::fatal;
      issue.code = "exception";
      issue.diagnostics = "internal error: the derived Bundle does not parse";
      issue.expression = "Bundle";
      return fail(fhir::Issues{std::move(issue)});
    }
    out.bundle = std::move(*bundle);
  }
  return out;
}

Result<PipelineResult, fhir::Issues> run_pipeline(std::string_view bytes, const RuleSet& rules,
                                                  const PipelineOptions& options) {
  auto parsed = fhir::parse_any(bytes, options.parse);
  if (!parsed.ok()) return fail(std::move(parsed).error());
  auto result = run_pipeline(parsed->resource, rules, options);
  if (result.ok()) {
    result->issues.insert(result->issues.begin(), parsed->issues.begin(), parsed->issues.end());
  }
  return result;
}

}  // namespace sarcoma::core
