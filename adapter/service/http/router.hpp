#pragma once
// Maps method + exact path to a handler. Unknown path -> 404, known path with another method ->
// 405 with Allow; both as OperationOutcome bodies.
#include <functional>
#include <string>
#include <vector>

#include "adapter/service/http/http_types.hpp"
#include "fhir/issue.hpp"

namespace sarcoma::service {

using Handler = std::function<HttpResponse(const HttpRequest&)>;

class Router {
 public:
  void add(std::string method, std::string path, Handler handler);
  HttpResponse handle(const HttpRequest& request) const;

 private:
  struct Route {
    std::string method;
    std::string path;
    Handler handler;
  };
  std::vector<Route> routes_;
};

// An OperationOutcome response with one issue.
HttpResponse outcome_response(int status, const fhir::Issues& issues);
HttpResponse error_response(int status, std::string code, std::string diagnostics,
                            std::string expression = {});

}  // namespace sarcoma::service
