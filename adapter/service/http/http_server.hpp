#pragma once
// The HTTP/1.1 server on Boost.Beast: a listener accepting connections, one asynchronous session
// per connection (keep-alive), a body-size limit answered with 413, header/read/write timeouts,
// and a pool of threads running the io_context. Requests go to a Router; the server itself knows
// no endpoint. Beast stays inside http_server.cpp (pimpl) to keep compile times down.
#include <cstddef>
#include <memory>
#include <string>

#include "adapter/service/http/router.hpp"
#include "fhir/result.hpp"

namespace sarcoma::service {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: an ephemeral port (tests)
  int threads = 2;
  std::size_t max_body_bytes = 16 * 1024 * 1024;
  int header_timeout_ms = 10000;  // from connection/previous response to a complete header
  int read_timeout_ms = 30000;    // for the body
  int write_timeout_ms = 30000;
  // Both set: HTTPS (TLS 1.2+) with this PEM certificate chain and private key.
  std::string tls_cert_file;
  std::string tls_key_file;
};

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, const Router& router);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving on the thread pool; returns the bound port.
  Result<int, std::string> start();
  // Stops accepting, closes connections, joins the threads. Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sarcoma::service
