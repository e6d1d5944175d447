#pragma once
// HTTP requests and responses as plain values, so request handling is testable without sockets.
#include <string>
#include <utility>
#include <vector>

namespace sarcoma::service {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query, e.g. "/fhir/Task?status=requested"
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string request_id;  // assigned by the server, for logs

  std::string path() const { return target.substr(0, target.find('?')); }
  const std::string* header(const std::string& lower_name) const {
    for (const auto& [k, v] : headers) {
      if (k == lower_name) return &v;
    }
    return nullptr;
  }
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/fhir+json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

}  // namespace sarcoma::service
