#include "adapter/service/http/http_server.hpp"

// <utility> before Asio: Boost 1.74's awaitable.hpp misses it under g++ 12 with C++20.
#include <utility>
// clang-format off
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
// clang-format on

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace sarcoma::service {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

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

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const Router& router, const HttpServerOptions& options,
          std::atomic<std::uint64_t>& ids)
      : stream_(std::move(socket)), router_(router), options_(options), ids_(ids) {}

  void run() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Session::read_header, shared_from_this()));
  }

 private:
  void read_header() {
    parser_.emplace();
    parser_->body_limit(options_.max_body_bytes);
    parser_->header_limit(64 * 1024);
    stream_.expires_after(std::chrono::milliseconds(options_.header_timeout_ms));
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::on_header, shared_from_this()));
  }

  void on_header(beast::error_code ec, std::size_t) {
    if (ec == http::error::body_limit) return reject_too_large();  // Content-Length checked at header time
    if (ec) return fail(ec);
    // A declared body larger than the limit is refused before reading it.
    auto length = parser_->content_length();
    if (length && *length > options_.max_body_bytes) return reject_too_large();
    stream_.expires_after(std::chrono::milliseconds(options_.read_timeout_ms));
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::on_read, shared_from_this()));
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
    stream_.expires_after(std::chrono::milliseconds(options_.write_timeout_ms));
    http::async_write(stream_, *sp, [self = shared_from_this(), sp](beast::error_code ec, std::size_t) {
      if (ec) return self->fail(ec);
      if (sp->need_eof()) return self->close();
      self->read_header();
    });
  }

  void fail(beast::error_code) { close(); }  // timeouts, resets, malformed HTTP: drop the connection

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
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

  Impl(HttpServerOptions o, const Router& r)
      : options(std::move(o)), router(r), io(std::max(1, options.threads)) {}

  void accept() {
    acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (!ec) std::make_shared<Session>(std::move(socket), router, options, request_ids)->run();
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
