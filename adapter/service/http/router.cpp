#include "adapter/service/http/router.hpp"

#include <algorithm>

#include "fhir/json_codec.hpp"
#include "fhir/outcome.hpp"

namespace sarcoma::service {

void Router::add(std::string method, std::string path, Handler handler) {
  routes_.push_back(Route{std::move(method), std::move(path), std::move(handler)});
}

void Router::add_prefix(std::string method, std::string prefix, Handler handler) {
  Route route{std::move(method), std::move(prefix), std::move(handler)};
  // Stable insert: longer prefixes first, equal lengths in registration order.
  auto at = std::find_if(prefix_routes_.begin(), prefix_routes_.end(),
                         [&](const Route& r) { return r.path.size() < route.path.size(); });
  prefix_routes_.insert(at, std::move(route));
}

HttpResponse Router::handle(const HttpRequest& request) const {
  if (guard_) {
    if (auto stop = guard_(request)) return std::move(*stop);
  }
  const std::string path = request.path();
  std::vector<std::string> allow;
  auto note = [&](const std::string& method) {
    if (std::find(allow.begin(), allow.end(), method) == allow.end()) allow.push_back(method);
  };
  for (const auto& r : routes_) {
    if (r.path != path) continue;
    if (r.method == request.method) return r.handler(request);
    note(r.method);
  }
  for (const auto& r : prefix_routes_) {
    if (path.compare(0, r.path.size(), r.path) != 0) continue;
    if (r.method == request.method) return r.handler(request);
    note(r.method);
  }
  if (!allow.empty()) {
    std::string header;
    for (const auto& m : allow) header += (header.empty() ? "" : ", ") + m;
    HttpResponse resp = error_response(405, "not-supported", "method not allowed on this path");
    resp.headers.emplace_back("Allow", header);
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
