#pragma once
// Maps method + path to a handler. Exact routes win; then prefix routes, longest prefix first (the
// FHIR REST surface is one prefix, /fhir/, with the type and id in the rest of the path). A path
// some route serves with other methods -> 405 with Allow; no route at all -> 404; both as
// OperationOutcome bodies.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "adapter/service/http/http_types.hpp"
#include "fhir/issue.hpp"

namespace sarcoma::service {

using Handler = std::function<HttpResponse(const HttpRequest&)>;

class Router {
 public:
  void add(std::string method, std::string path, Handler handler);
  // Serves every path starting with `prefix` (e.g. "/fhir/") that no exact route serves with the
  // request's method; the handler reads the rest of the path itself.
  void add_prefix(std::string method, std::string prefix, Handler handler);
  HttpResponse handle(const HttpRequest& request) const;
  // Runs before any handler: a response stops the request there (e.g. 401 without credentials).
  using Guard = std::function<std::optional<HttpResponse>(const HttpRequest&)>;
  void set_guard(Guard guard) { guard_ = std::move(guard); }

 private:
  Guard guard_;
  struct Route {
    std::string method;
    std::string path;  // the exact path, or the prefix
    Handler handler;
  };
  std::vector<Route> routes_;
  std::vector<Route> prefix_routes_;  // kept longest prefix first
};

// An OperationOutcome response with one issue.
HttpResponse outcome_response(int status, const fhir::Issues& issues);
HttpResponse error_response(int status, std::string code, std::string diagnostics,
                            std::string expression = {});

}  // namespace sarcoma::service
