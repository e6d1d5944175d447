#pragma once
// The whole core, one call: bytes of a report (a Bundle or a DiagnosticReport, JSON or XML) ->
// parse -> resolve -> extract -> assess -> route -> derive -> one transaction Bundle. Pure: the
// time to record comes in through the options. Used by `assess`, `batch`, the daemon's
// $sarcoma-assess and its queue worker alike.
#include <string>
#include <string_view>
#include <vector>

#include "adapter/core/assess/assess.hpp"
#include "adapter/core/assessment.hpp"
#include "adapter/core/route/route.hpp"
#include "adapter/core/rule_set.hpp"
#include "fhir/issue.hpp"
#include "fhir/model.hpp"
#include "fhir/parse.hpp"
#include "fhir/result.hpp"

namespace sarcoma::core {

struct PipelineOptions {
  std::string adapter_version;
  // Provenance.recorded / Task.authoredOn when the report has no `issued` instant (an injected
  // clock: the CLI passes the current time or --recorded, tests a constant).
  std::string fallback_recorded;
  AssessOptions assess;
  fhir::ParseOptions parse;
  // Also fill PipelineResult::bundle (parsed back from the JSON): for XML output and for callers
  // that inspect entries. Sinks that only write JSON (batch, the daemon) turn it off.
  bool typed_bundle = true;
};

struct ReportOutcome {
  std::string report_reference;
  Assessment assessment;
  Routing routing;
};

struct PipelineResult {
  std::string bundle_json;             // the transaction Bundle as compact JSON
  std::size_t entries = 0;             // its entries (0: nothing to write)
  fhir::Bundle bundle;                 // the same, typed; only with PipelineOptions::typed_bundle
  std::vector<ReportOutcome> reports;  // per DiagnosticReport, for logs, metrics and the worklist
  fhir::Issues issues;                 // warnings and information (never errors)
};

// Errors: unusable input (not FHIR, no DiagnosticReport), as OperationOutcome-ready issues with
// element paths.
Result<PipelineResult, fhir::Issues> run_pipeline(std::string_view bytes, const RuleSet& rules,
                                                  const PipelineOptions& options);
Result<PipelineResult, fhir::Issues> run_pipeline(const fhir::Resource& root, const RuleSet& rules,
                                                  const PipelineOptions& options);
// The same, appending the transaction Bundle's JSON to `bundle_json_out` after whatever it already
// holds, instead of to PipelineResult::bundle_json (left empty): `batch` gathers a chunk's Bundles
// in one buffer without a copy per report. On an error nothing is appended.
Result<PipelineResult, fhir::Issues> run_pipeline(std::string_view bytes, const RuleSet& rules,
                                                  const PipelineOptions& options,
                                                  std::string& bundle_json_out);

}  // namespace sarcoma::core
