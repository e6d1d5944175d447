#pragma once
// A synchronous HTTP/1.1 client (Boost.Beast) for the upstream FHIR server: one keep-alive
// connection reused across requests, TLS through OpenSSL with peer and host-name verification,
// a deadline on connect and on every request, a cap on the response size. Errors are values.
// Not thread-safe: each worker owns its own client.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
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

// The Host header for the endpoint: "host", "host:8443", "[::1]:8080".
std::string host_header(const Endpoint& e);

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
  // Connection reuse: a kept-alive connection is checked before each request and replaced when the
  // server has closed it while idle (safe for any method: nothing was sent). A connection lost
  // after sending, before any response byte, is retried once on a new connection for idempotent
  // methods only (GET, HEAD, PUT, DELETE, OPTIONS, TRACE); a POST fails with Kind::connect.
  Result<HttpResult, TransportError> request(const std::string& method, const std::string& target,
                                             const std::vector<std::pair<std::string, std::string>>& headers,
                                             const std::string& body);

  int connections_opened() const;  // for tests and metrics

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sarcoma::service
