#include "adapter/service/http/router.hpp"

#include "fhir/json_codec.hpp"
#include "fhir/outcome.hpp"

namespace sarcoma::service {

void Router::add(std::string method, std::string path, Handler handler) {
  routes_.push_back(Route{std::move(method), std::move(path), std::move(handler)});
}

HttpResponse Router::handle(const HttpRequest& request) const {
  const std::string path = request.path();
  std::string allow;
  for (const auto& r : routes_) {
    if (r.path != path) continue;
    if (r.method == request.method) return r.handler(request);
    allow += (allow.empty() ? "" : ", ") + r.method;
  }
  if (!allow.empty()) {
    HttpResponse resp = error_response(405, "not-supported", "method not allowed on this path");
    resp.headers.emplace_back("Allow", allow);
    return resp;
  }
  return error_response(404, "not-found", "no such endpoint");
}

HttpResponse outcome_response(int status, const fhir::Issues& issues) {
  HttpResponse r;
  r.status = status;
  r.body = fhir::to_json(fhir::Resource(fhir::make_operation_outcome(issues)));
  return r;
}

HttpResponse error_response(int status, std::string code, std::string diagnostics, std::string expression) {
  return outcome_response(status, {fhir::Issue{fhir::Severity::error,
                                               std::move(code),
                                               std::move(diagnostics),
                                               std::move(expression),
                                               {},
                                               {},
                                               {}}});
}

}  // namespace sarcoma::service
