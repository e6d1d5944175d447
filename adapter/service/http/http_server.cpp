#include "adapter/service/http/http_server.hpp"

// <utility> before Asio: Boost 1.74's awaitable.hpp misses it under g++ 12 with C++20.
#include <utility>
// clang-format off
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>
// clang-format on

#include <atomic>
#include <chrono>
#include <optional>
#include <thread>
#include <type_traits>
#include <vector>

namespace sarcoma::service {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

namespace {

http::response<http::string_body> to_beast(const HttpResponse& r, unsigned version, bool keep_alive) {
  http::response<http::string_body> res{static_cast<http::status>(r.status), version};
  res.set(http::field::server, "sarcoma-adapter");
  res.set(http::field::content_type, r.content_type);
  for (const auto& [k, v] : r.headers) res.set(k, v);
  res.keep_alive(keep_alive);
  res.body() = r.body;
  res.prepare_payload();
  return res;
}

// One connection. Stream is beast::tcp_stream (HTTP) or TlsStream (HTTPS: handshake first).
template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  Session(Stream stream, const Router& router, const HttpServerOptions& options, std::atomic<std::uint64_t>& ids)
      : stream_(std::move(stream)), router_(router), options_(options), ids_(ids) {}

  void run() {
    asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::start, this->shared_from_this()));
  }

 private:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;
  beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }

  void start() {
    if constexpr (kTls) {
      lowest().expires_after(std::chrono::milliseconds(options_.header_timeout_ms));
      stream_.async_handshake(ssl::stream_base::server, [self = this->shared_from_this()](beast::error_code ec) {
        if (ec) return self->fail(ec);
        self->read_header();
      });
    } else {
      read_header();
    }
  }

  void read_header() {
    parser_.emplace();
    parser_->body_limit(options_.max_body_bytes);
    parser_->header_limit(64 * 1024);
    lowest().expires_after(std::chrono::milliseconds(options_.header_timeout_ms));
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::on_header, this->shared_from_this()));
  }

  void on_header(beast::error_code ec, std::size_t) {
    if (ec == http::error::body_limit) return reject_too_large();  // Content-Length checked at header time
    if (ec) return fail(ec);
    // A declared body larger than the limit is refused before reading it.
    auto length = parser_->content_length();
    if (length && *length > options_.max_body_bytes) return reject_too_large();
    lowest().expires_after(std::chrono::milliseconds(options_.read_timeout_ms));
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, this->shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::body_limit) return reject_too_large();
    if (ec) return fail(ec);
    auto& req = parser_->get();
    HttpRequest r;
    r.method = std::string(req.method_string());
    r.target = std::string(req.target());
    for (const auto& f : req) {
      std::string name(f.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.headers.emplace_back(std::move(name), std::string(f.value()));
    }
    r.body = std::move(req.body());
    r.request_id = std::to_string(++ids_);
    HttpResponse out;
    try {
      out = router_.handle(r);
    } catch (const std::exception&) {  // a handler bug must not take the server down
      out = error_response(500, "exception", "internal error");
    }
    write(to_beast(out, req.version(), req.keep_alive()));
  }

  void reject_too_large() {
    // The rest of the body is not read: answer and close.
    write(to_beast(error_response(413, "too-long", "request body larger than the configured limit"), 11,
                   false));
  }

  void write(http::response<http::string_body> res) {
    auto sp = std::make_shared<http::response<http::string_body>>(std::move(res));
    lowest().expires_after(std::chrono::milliseconds(options_.write_timeout_ms));
    http::async_write(stream_, *sp, [self = this->shared_from_this(), sp](beast::error_code ec, std::size_t) {
      if (ec) return self->fail(ec);
      if (sp->need_eof()) return self->close();
      self->read_header();
    });
  }

  void fail(beast::error_code) { close(); }  // timeouts, resets, malformed HTTP: drop the connection

  void close() {
    // TLS: the close_notify is skipped; the TCP shutdown ends the session either way.
    beast::error_code ignored;
    lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
    lowest().close();
  }

  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  const Router& router_;
  const HttpServerOptions& options_;
  std::atomic<std::uint64_t>& ids_;
};

}  // namespace

struct HttpServer::Impl {
  HttpServerOptions options;
  const Router& router;
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::vector<std::thread> threads;
  std::atomic<std::uint64_t> request_ids{0};
  bool running = false;
  std::optional<ssl::context> tls;  // set when a certificate is configured

  Impl(HttpServerOptions o, const Router& r)
      : options(std::move(o)), router(r), io(std::max(1, options.threads)) {}

  void accept() {
    acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (!ec) {
        if (tls) {
          std::make_shared<Session<TlsStream>>(TlsStream(beast::tcp_stream(std::move(socket)), *tls), router, options,
                                               request_ids)
              ->run();
        } else {
          std::make_shared<Session<beast::tcp_stream>>(beast::tcp_stream(std::move(socket)), router, options,
                                                       request_ids)
              ->run();
        }
      }
      if (acceptor.is_open()) accept();
    });
  }
};

HttpServer::HttpServer(HttpServerOptions options, const Router& router)
    : impl_(std::make_unique<Impl>(std::move(options), router)) {}

HttpServer::~HttpServer() {
  stop();
}

Result<int, std::string> HttpServer::start() {
  beast::error_code ec;
  if (!impl_->options.tls_cert_file.empty() || !impl_->options.tls_key_file.empty()) {
    auto& ctx = impl_->tls.emplace(ssl::context::tls_server);
    ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                    ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
    ctx.use_certificate_chain_file(impl_->options.tls_cert_file, ec);
    if (ec) return fail("tls: cannot load certificate " + impl_->options.tls_cert_file + ": " + ec.message());
    ctx.use_private_key_file(impl_->options.tls_key_file, ssl::context::pem, ec);
    if (ec) return fail("tls: cannot load private key " + impl_->options.tls_key_file + ": " + ec.message());
  }
  auto address = asio::ip::make_address(impl_->options.host, ec);
  if (ec) return fail("listen: bad address " + impl_->options.host);
  tcp::endpoint endpoint(address, static_cast<unsigned short>(impl_->options.port));
  auto& acc = impl_->acceptor;
  acc.open(endpoint.protocol(), ec);
  if (!ec) acc.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acc.bind(endpoint, ec);
  if (!ec) acc.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return fail("listen on " + impl_->options.host + ":" + std::to_string(impl_->options.port) + ": " +
                ec.message());
  int port = acc.local_endpoint().port();
  impl_->accept();
  impl_->running = true;
  for (int i = 0; i < std::max(1, impl_->options.threads); ++i) {
    impl_->threads.emplace_back([this] { impl_->io.run(); });
  }
  return port;
}

void HttpServer::stop() {
  if (!impl_ || !impl_->running) return;
  impl_->running = false;
  asio::post(impl_->io, [this] {
    beast::error_code ignored;
    impl_->acceptor.close(ignored);
  });
  impl_->io.stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
}

}  // namespace sarcoma::service
