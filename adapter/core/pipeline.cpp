#include "adapter/core/pipeline.hpp"

#include "adapter/core/derive/derive.hpp"
#include "adapter/core/extract/extract.hpp"
#include "fhir/json_codec.hpp"
#include "fhir/resolve.hpp"
#include "mappings/staging_tables.hpp"

namespace sarcoma::core {

namespace {

// The Bundle's JSON goes to `sink`: out.bundle_json, or a caller's buffer appended to.
Result<PipelineResult, fhir::Issues> run_into(const fhir::Resource& root, const RuleSet& rules,
                                              const PipelineOptions& options, std::string* sink) {
  auto resolved = fhir::resolve_reports(root);
  if (!resolved.ok()) return fail(std::move(resolved).error());
  PipelineResult out;
  std::string& text = sink != nullptr ? *sink : out.bundle_json;
  const std::size_t start = text.size();
  JsonText json(text);
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
    auto parsed = fhir::parse_json(std::string_view(text).substr(start));
    fhir::Bundle* bundle = parsed.ok() ? fhir::get_if<fhir::Bundle>(parsed->resource) : nullptr;
    if (bundle == nullptr) {
      // Our own output not reading back is a bug, reported as such rather than a partial result.
      fhir::Issue issue;
      issue.severity = fhir::Severity::fatal;
      issue.code = "exception";
      issue.diagnostics = "internal error: the derived Bundle does not parse";
      issue.expression = "Bundle";
      text.resize(start);  // nothing partial is left in the caller's buffer
      return fail(fhir::Issues{std::move(issue)});
    }
    out.bundle = std::move(*bundle);
  }
  return out;
}

Result<PipelineResult, fhir::Issues> parse_and_run(std::string_view bytes, const RuleSet& rules,
                                                   const PipelineOptions& options, std::string* sink) {
  auto parsed = fhir::parse_any(bytes, options.parse);
  if (!parsed.ok()) return fail(std::move(parsed).error());
  auto result = run_into(parsed->resource, rules, options, sink);
  if (result.ok()) {
    result->issues.insert(result->issues.begin(), parsed->issues.begin(), parsed->issues.end());
  }
  return result;
}

}  // namespace

Result<PipelineResult, fhir::Issues> run_pipeline(const fhir::Resource& root, const RuleSet& rules,
                                                  const PipelineOptions& options) {
  return run_into(root, rules, options, nullptr);
}

Result<PipelineResult, fhir::Issues> run_pipeline(std::string_view bytes, const RuleSet& rules,
                                                  const PipelineOptions& options) {
  return parse_and_run(bytes, rules, options, nullptr);
}

Result<PipelineResult, fhir::Issues> run_pipeline(std::string_view bytes, const RuleSet& rules,
                                                  const PipelineOptions& options,
                                                  std::string& bundle_json_out) {
  return parse_and_run(bytes, rules, options, &bundle_json_out);
}

}  // namespace sarcoma::core
