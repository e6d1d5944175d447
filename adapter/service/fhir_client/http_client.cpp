#include "adapter/service/fhir_client/http_client.hpp"

// <utility> before Asio: Boost 1.74's awaitable.hpp misses it under g++ 12 with C++20.
#include <utility>
// clang-format off
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
// clang-format on
#include <openssl/ssl.h>
#include <poll.h>

#include <chrono>
#include <optional>
#include <variant>

namespace sarcoma::service {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

const char* to_string(TransportError::Kind k) {
  switch (k) {
    case TransportError::Kind::connect: return "connect";
    case TransportError::Kind::timeout: return "timeout";
    case TransportError::Kind::tls: return "tls";
    case TransportError::Kind::protocol: return "protocol";
    case TransportError::Kind::too_large: return "too-large";
  }
  return "connect";
}

const std::string* HttpResult::header(const std::string& lower_name) const {
  for (const auto& [k, v] : headers) {
    if (k == lower_name) return &v;
  }
  return nullptr;
}

bool parse_base_url(std::string_view url, Endpoint& out) {
  Endpoint e;
  std::string_view rest;
  if (url.rfind("https://", 0) == 0) {
    e.tls = true;
    rest = url.substr(8);
  } else if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else {
    return false;
  }
  auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  e.base_path = slash == std::string_view::npos ? "" : std::string(rest.substr(slash));
  while (!e.base_path.empty() && e.base_path.back() == '/') e.base_path.pop_back();
  if (authority.empty() || authority.find('@') != std::string_view::npos) return false;  // no userinfo
  std::string_view host = authority;
  std::string_view port;
  if (authority.front() == '[') {  // [::1]:8080
    auto close = authority.find(']');
    if (close == std::string_view::npos) return false;
    host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return false;
      port = authority.substr(close + 2);
    }
  } else if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) return false;
  e.host = std::string(host);
  e.port = e.tls ? 443 : 80;
  if (!port.empty()) {
    int p = 0;
    for (char c : port) {
      if (c < '0' || c > '9') return false;
      p = p * 10 + (c - '0');
      if (p > 65535) return false;
    }
    if (p == 0) return false;
    e.port = p;
  }
  out = std::move(e);
  return true;
}

namespace {

bool is_ip_literal(const std::string& host) {
  beast::error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

bool is_idempotent(http::verb v) {
  switch (v) {
    case http::verb::get:
    case http::verb::head:
    case http::verb::put:
    case http::verb::delete_:
    case http::verb::options:
    case http::verb::trace: return true;
    default: return false;
  }
}

}  // namespace

std::string host_header(const Endpoint& e) {
  // IPv6 literals are bracketed (RFC 9110 7.2 uses the URI's authority form); default ports omitted.
  std::string host = e.host.find(':') != std::string::npos ? "[" + e.host + "]" : e.host;
  bool default_port = e.port == (e.tls ? 443 : 80);
  return default_port ? host : host + ":" + std::to_string(e.port);
}

struct HttpClient::Impl {
  Endpoint endpoint;
  ClientOptions options;
  asio::io_context io;
  ssl::context tls_ctx{ssl::context::tls_client};
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
  beast::flat_buffer buffer;
  int opened = 0;
  std::string tls_setup_error;

  Impl(Endpoint e, ClientOptions o) : endpoint(std::move(e)), options(std::move(o)) {
    beast::error_code ec;
    tls_ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                        ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    if (options.ca_file.empty()) {
      tls_ctx.set_default_verify_paths(ec);
    } else {
      tls_ctx.load_verify_file(options.ca_file, ec);
    }
    if (ec) tls_setup_error = "cannot load CA certificates: " + ec.message();
    tls_ctx.set_verify_mode(options.verify_peer ? ssl::verify_peer : ssl::verify_none);
  }

  bool connected() const { return endpoint.tls ? secure.has_value() : plain.has_value(); }
  beast::tcp_stream& tcp_layer() { return endpoint.tls ? beast::get_lowest_layer(*secure) : *plain; }

  void close() {
    beast::error_code ec;
    if (secure) beast::get_lowest_layer(*secure).socket().close(ec);
    if (plain) plain->socket().close(ec);
    secure.reset();
    plain.reset();
    buffer.clear();
  }

  // Runs the io_context until the pending operation completes or the stream's deadline fires.
  void run() {
    io.restart();
    io.run();
  }

  // A connection that sat idle since its last response must have nothing to read: a readable
  // socket means the server closed it (FIN, TLS close_notify) or wrote something unasked (some
  // servers send a 408 before closing). Either way it must not carry the next request, and since
  // nothing has been sent yet, replacing it is safe for every method.
  bool idle_connection_unusable() {
    if (buffer.size() != 0) return true;  // bytes beyond the last response
    if (endpoint.tls && SSL_pending(secure->native_handle()) > 0) return true;  // decrypted, unread
    pollfd p{tcp_layer().socket().native_handle(), POLLIN, 0};
    return ::poll(&p, 1, 0) != 0;  // readable, hung up, error (or EINTR: reconnecting is harmless)
  }

  std::optional<TransportError> connect() {
    close();
    if (!tls_setup_error.empty() && endpoint.tls) return TransportError{TransportError::Kind::tls, tls_setup_error};
    tcp::resolver resolver(io);
    beast::error_code ec;
    auto results = resolver.resolve(endpoint.host, std::to_string(endpoint.port), ec);
    if (ec) return TransportError{TransportError::Kind::connect, "resolve " + endpoint.host + ": " + ec.message()};
    beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::milliseconds(options.connect_timeout_ms));
    stream.async_connect(results, [&](beast::error_code e, const tcp::endpoint&) { ec = e; });
    run();
    if (ec == beast::error::timeout) return TransportError{TransportError::Kind::timeout, "connect timed out"};
    if (ec) return TransportError{TransportError::Kind::connect, "connect: " + ec.message()};
    ++opened;
    if (!endpoint.tls) {
      plain.emplace(std::move(stream));
      return std::nullopt;
    }
    secure.emplace(std::move(stream), tls_ctx);
    // SNI for host names only (RFC 6066 3 forbids IP literals there); the certificate must name
    // the host either way (RFC 2818 rules: DNS names, or IP addresses in subjectAltName).
    if (!is_ip_literal(endpoint.host) && !SSL_set_tlsext_host_name(secure->native_handle(), endpoint.host.c_str())) {
      close();
      return TransportError{TransportError::Kind::tls, "cannot set SNI"};
    }
    if (options.verify_peer) secure->set_verify_callback(ssl::host_name_verification(endpoint.host));
    beast::get_lowest_layer(*secure).expires_after(std::chrono::milliseconds(options.connect_timeout_ms));
    secure->async_handshake(ssl::stream_base::client, [&](beast::error_code e) { ec = e; });
    run();
    if (ec) {
      close();
      if (ec == beast::error::timeout) return TransportError{TransportError::Kind::timeout, "TLS handshake timed out"};
      return TransportError{TransportError::Kind::tls, "TLS handshake: " + ec.message()};
    }
    return std::nullopt;
  }

  // One exchange on the open connection. `nothing_read` tells the caller whether a retry is safe.
  Result<HttpResult, TransportError> exchange(http::request<http::string_body>& req, bool& nothing_read) {
    nothing_read = true;
    beast::error_code ec;
    tcp_layer().expires_after(std::chrono::milliseconds(options.request_timeout_ms));
    auto on_write = [&](beast::error_code e, std::size_t) { ec = e; };
    if (endpoint.tls) {
      http::async_write(*secure, req, on_write);
    } else {
      http::async_write(*plain, req, on_write);
    }
    run();
    if (ec) {
      if (ec == beast::error::timeout) return fail(TransportError{TransportError::Kind::timeout, "request timed out"});
      return fail(TransportError{TransportError::Kind::connect, "write: " + ec.message()});
    }
    http::response_parser<http::string_body> parser;
    parser.body_limit(options.max_response_bytes);
    if (req.method() == http::verb::head) parser.skip(true);  // a HEAD answer has no body to wait for
    std::size_t read_bytes = 0;
    auto on_read = [&](beast::error_code e, std::size_t n) {
      ec = e;
      read_bytes += n;
    };
    // The header first: Beast 1.74's eager parsing loses the body_limit error for a Content-Length
    // above the limit when body bytes arrive with the header, and would then reserve and read the
    // whole announced body. Checking the announced length here refuses it before any body is read.
    if (endpoint.tls) {
      http::async_read_header(*secure, buffer, parser, on_read);
    } else {
      http::async_read_header(*plain, buffer, parser, on_read);
    }
    run();
    if (!ec && parser.content_length() && *parser.content_length() > options.max_response_bytes) {
      ec = http::error::body_limit;
    }
    if (!ec && !parser.is_done()) {
      if (endpoint.tls) {
        http::async_read(*secure, buffer, parser, on_read);
      } else {
        http::async_read(*plain, buffer, parser, on_read);
      }
      run();
    }
    nothing_read = read_bytes == 0 && !parser.got_some();
    if (ec) {
      if (ec == beast::error::timeout) return fail(TransportError{TransportError::Kind::timeout, "response timed out"});
      if (ec == http::error::body_limit) return fail(TransportError{TransportError::Kind::too_large, "response larger than the limit"});
      // A TLS peer that closes without close_notify reports stream_truncated: closed all the same.
      if (ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
          ec == ssl::error::stream_truncated) {
        return fail(TransportError{TransportError::Kind::connect, "connection closed: " + ec.message()});
      }
      return fail(TransportError{TransportError::Kind::protocol, "read: " + ec.message()});
    }
    // A last guard: the parser stops chunked bodies at the limit and the header check above stops
    // Content-Length ones, but an oversized answer must never reach the caller whatever the framing.
    if (parser.get().body().size() > options.max_response_bytes) {
      close();
      return fail(TransportError{TransportError::Kind::too_large, "response larger than the limit"});
    }
    auto res = parser.release();
    HttpResult out;
    out.status = static_cast<int>(res.result_int());
    for (const auto& f : res) {
      std::string name(f.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.headers.emplace_back(std::move(name), std::string(f.value()));
    }
    out.body = std::move(res.body());
    if (!res.keep_alive()) close();
    return out;
  }
};

HttpClient::HttpClient(Endpoint endpoint, ClientOptions options)
    : impl_(std::make_unique<Impl>(std::move(endpoint), std::move(options))) {}

HttpClient::~HttpClient() = default;

int HttpClient::connections_opened() const { return impl_->opened; }

Result<HttpResult, TransportError> HttpClient::request(const std::string& method, const std::string& target,
                                                       const std::vector<std::pair<std::string, std::string>>& headers,
                                                       const std::string& body) {
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, host_header(impl_->endpoint));
  req.set(http::field::user_agent, "sarcoma-adapter");
  for (const auto& [k, v] : headers) req.set(k, v);
  req.body() = body;
  req.keep_alive(true);
  req.prepare_payload();

  // Reuse rule. (1) Before sending on a kept-alive connection, check that the server has not
  // closed it while it was idle; if it has, open a new one - nothing was sent, so this is safe for
  // every method. (2) If the connection is lost after the request went out and before any byte of
  // the response arrived, send it once more on a new connection only when the method is
  // idempotent (RFC 9110 9.2.2). A POST (a transaction) is not repeated here: the server may have
  // processed it, so the failure goes back to the caller (classify: retryable), and the queue's
  // retry with backoff decides.
  if (impl_->connected() && impl_->idle_connection_unusable()) impl_->close();
  bool reused = impl_->connected();
  for (int attempt = 0;; ++attempt) {
    if (!impl_->connected()) {
      if (auto e = impl_->connect()) return fail(std::move(*e));
    }
    bool nothing_read = true;
    auto r = impl_->exchange(req, nothing_read);
    if (r.ok()) return r;
    impl_->close();
    bool again = reused && attempt == 0 && nothing_read && r.error().kind == TransportError::Kind::connect &&
                 is_idempotent(req.method());
    if (!again) return r;
  }
}

}  // namespace sarcoma::service
