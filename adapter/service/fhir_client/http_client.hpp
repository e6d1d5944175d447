#pragma once
// A synchronous HTTP/1.1 client (Boost.Beast) for the upstream FHIR server: one keep-alive
// connection reused across requests, TLS through OpenSSL with peer and host-name verification,
// a deadline on connect and on every request, a cap on the response size. Errors are values.
// Not thread-safe: each worker owns its own client.
#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "fhir/result.hpp"

namespace sarcoma::service {

struct Endpoint {
  bool tls = false;
  std::string host;
  int port = 0;
  std::string base_path;  // e.g. "/fhir/R4" (no trailing slash; may be empty)
};

// "https://host:8443/fhir/R4" -> Endpoint; false when not an http(s) URL.
bool parse_base_url(std::string_view url, Endpoint& out);

struct ClientOptions {
  int connect_timeout_ms = 5000;
  int request_timeout_ms = 30000;
  std::size_t max_response_bytes = 64 * 1024 * 1024;
  std::string ca_file;  // PEM bundle to trust; empty: the system's default verify paths
  bool verify_peer = true;
};

struct HttpResult {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  const std::string* header(const std::string& lower_name) const;
};

struct TransportError {
  enum class Kind { connect, timeout, tls, protocol, too_large } kind = Kind::connect;
  std::string message;  // no request or response content
};
const char* to_string(TransportError::Kind k);

class HttpClient {
 public:
  HttpClient(Endpoint endpoint, ClientOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // `target` is the path and query below the host (the base path is NOT added here).
  // A request on a kept-alive connection the server has closed meanwhile is retried once on a new
  // connection when nothing of the response was read (the server never processed it).
  Result<HttpResult, TransportError> request(const std::string& method, const std::string& target,
                                             const std::vector<std::pair<std::string, std::string>>& headers,
                                             const std::string& body);

  int connections_opened() const;  // for tests and metrics

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sarcoma::service
