#pragma once
// POST [base]/DiagnosticReport/$sarcoma-assess: the synchronous path for integration engines. The
// body is a Bundle or a DiagnosticReport (JSON or XML by Content-Type); the answer is the
// transaction Bundle of derived resources (JSON or XML by Accept, else as the request), or an
// OperationOutcome: 400 unparseable, 415 unsupported media type, 422 no DiagnosticReport.
// Nothing is stored: the caller owns what it does with the result.
#include <functional>
#include <string>

#include "adapter/core/rule_set.hpp"
#include "adapter/service/http/router.hpp"
#include "adapter/service/metrics.hpp"

namespace sarcoma::service {

struct AssessRouteContext {
  const core::RuleSet& rules;
  Metrics& metrics;
  std::function<std::string()> now_instant;  // Provenance.recorded when a report has no `issued`
  std::string adapter_version;
  std::vector<std::string> bases = {"", "/fhir"};  // the operation is mounted under each base
};

void add_assess_routes(Router& router, AssessRouteContext& context);

// Exposed for tests: the handler itself.
HttpResponse handle_assess(const HttpRequest& request, AssessRouteContext& context);

}  // namespace sarcoma::service
