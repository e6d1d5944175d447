#pragma once
// A scriptable HTTP/1.1 server on 127.0.0.1 for the client tests, plain or TLS. Unlike the
// project's HttpServer it lets a test see what the client did on the wire: how many connections
// it opened, which SNI name it sent, and it can misbehave on purpose (answer late, close idle
// connections now, read a request and hang up, send raw bytes). One asynchronous thread; slow
// answers wait on a timer, so stopping never waits for a handler.
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

#include <atomic>
#include <cctype>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "tests/service/fhir_client/test_certificate.hpp"

namespace sarcoma::service::test {

struct SeenRequest {
  std::string method;
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  int connection = 0;  // 1-based number of the accepted connection it came on

  const std::string* header(const std::string& lower_name) const {
    for (const auto& [k, v] : headers) {
      if (k == lower_name) return &v;
    }
    return nullptr;
  }
};

struct Reply {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  int delay_ms = 0;      // answer this late (a slow upstream)
  bool chunked = false;  // Transfer-Encoding: chunked instead of Content-Length
  std::string raw;       // non-empty: these bytes verbatim instead of a response (then close)
  enum class Then { keep_open, close, hang_up } then = Then::keep_open;  // hang_up: close unanswered
};

using Handler = std::function<Reply(const SeenRequest&)>;

class LoopbackServer {
 public:
  explicit LoopbackServer(Handler handler, const TestCertificate* tls = nullptr) : handler_(std::move(handler)) {
    if (tls != nullptr) {
      auto& ctx = tls_.emplace(boost::asio::ssl::context::tls_server);
      ctx.use_certificate_chain(boost::asio::buffer(tls->cert_pem));
      ctx.use_private_key(boost::asio::buffer(tls->key_pem), boost::asio::ssl::context::pem);
      SSL_CTX_set_tlsext_servername_callback(ctx.native_handle(), &LoopbackServer::on_servername);
      SSL_CTX_set_tlsext_servername_arg(ctx.native_handle(), this);
    }
    boost::asio::ip::tcp::endpoint at(boost::asio::ip::make_address("127.0.0.1"), 0);
    acceptor_.open(at.protocol());
    acceptor_.bind(at);
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    accept();
    thread_ = std::thread([this] { io_.run(); });
  }

  ~LoopbackServer() {
    io_.stop();
    thread_.join();
  }
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  int port() const { return port_; }
  int accepted() const { return accepted_.load(); }
  std::vector<SeenRequest> requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return seen_;
  }
  // The SNI host name of every TLS handshake so far ("" when the client sent none).
  std::vector<std::string> sni_names() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return sni_;
  }

  // Closes every connection that is waiting for its next request, as a server's keep-alive
  // timeout does: a TCP FIN, no TLS close_notify. A connection still finishing its last answer
  // (the client may have it before the server's write completes) is waited for, up to a second.
  // Returns how many it closed (-1: the server thread did not answer).
  int close_idle_connections() {
    for (int round = 0; round < 200; ++round) {
      // Shared: if the server thread were stuck, the task may run after this call has given up.
      auto done = std::make_shared<std::promise<std::pair<int, int>>>();  // closed, still busy
      auto result = done->get_future();
      boost::asio::post(io_, [this, done] {
        int closed = 0;
        int busy = 0;
        for (auto& weak : sessions_) {
          auto s = weak.lock();
          if (!s || s->closed()) continue;
          if (s->idle()) {
            s->close();
            ++closed;
          } else {
            ++busy;
          }
        }
        done->set_value({closed, busy});
      });
      if (result.wait_for(std::chrono::seconds(2)) != std::future_status::ready) return -1;
      auto [closed, busy] = result.get();
      if (closed > 0 || busy == 0) {
        // Let the FIN reach the client's socket before the test goes on.
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        return closed;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return 0;
  }

 private:
  using tcp = boost::asio::ip::tcp;
  using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

  struct SessionBase {
    virtual ~SessionBase() = default;
    virtual bool idle() const = 0;
    virtual bool closed() const = 0;
    virtual void close() = 0;
  };

  template <class Stream>
  class Session : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
   public:
    Session(LoopbackServer& server, Stream stream, int number)
        : server_(server), stream_(std::move(stream)), timer_(server.io_), number_(number) {}

    void start() {
      if constexpr (std::is_same_v<Stream, TlsStream>) {
        stream_.async_handshake(boost::asio::ssl::stream_base::server,
                                [self = this->shared_from_this()](boost::beast::error_code ec) {
                                  if (ec) return self->close();  // e.g. the client refused the certificate
                                  self->read();
                                });
      } else {
        read();
      }
    }
    bool idle() const override { return idle_; }
    bool closed() const override { return closed_; }
    void close() override {
      closed_ = true;
      boost::beast::error_code ec;
      auto& socket = boost::beast::get_lowest_layer(stream_).socket();
      socket.shutdown(tcp::socket::shutdown_both, ec);
      socket.close(ec);
      timer_.cancel();
    }

   private:
    void read() {
      idle_ = true;
      request_ = {};
      boost::beast::http::async_read(stream_, buffer_, request_,
                                     [self = this->shared_from_this()](boost::beast::error_code ec, std::size_t) {
                                       self->idle_ = false;
                                       if (ec) return self->close();
                                       self->answer();
                                     });
    }

    void answer() {
      SeenRequest seen;
      seen.method = std::string(request_.method_string());
      seen.target = std::string(request_.target());
      for (const auto& f : request_) {
        std::string name(f.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        seen.headers.emplace_back(std::move(name), std::string(f.value()));
      }
      seen.body = request_.body();
      seen.connection = number_;
      {
        std::lock_guard<std::mutex> lock(server_.mutex_);
        server_.seen_.push_back(seen);
      }
      reply_ = server_.handler_(seen);
      if (reply_.then == Reply::Then::hang_up) return close();
      auto send = [self = this->shared_from_this()] { self->write(); };
      if (reply_.delay_ms <= 0) return send();
      timer_.expires_after(std::chrono::milliseconds(reply_.delay_ms));
      timer_.async_wait([send](boost::beast::error_code ec) {
        if (!ec) send();
      });
    }

    void write() {
      auto after = [self = this->shared_from_this()](boost::beast::error_code ec, std::size_t) {
        if (ec || !self->reply_.raw.empty() || self->reply_.then == Reply::Then::close) return self->close();
        self->read();
      };
      if (!reply_.raw.empty()) {
        boost::asio::async_write(stream_, boost::asio::buffer(reply_.raw), after);
        return;
      }
      response_ = {};
      response_.version(11);
      response_.result(static_cast<unsigned>(reply_.status));
      response_.set(boost::beast::http::field::content_type, "application/fhir+json");
      for (const auto& [k, v] : reply_.headers) response_.set(k, v);
      response_.body() = reply_.body;
      response_.keep_alive(reply_.then == Reply::Then::keep_open);
      if (reply_.chunked) {
        response_.chunked(true);
      } else {
        response_.prepare_payload();
      }
      boost::beast::http::async_write(stream_, response_, after);
    }

    LoopbackServer& server_;
    Stream stream_;
    boost::asio::steady_timer timer_;
    int number_;
    bool idle_ = false;
    bool closed_ = false;
    boost::beast::flat_buffer buffer_;
    boost::beast::http::request<boost::beast::http::string_body> request_;
    boost::beast::http::response<boost::beast::http::string_body> response_;
    Reply reply_;
  };

  void accept() {
    acceptor_.async_accept([this](boost::beast::error_code ec, tcp::socket socket) {
      if (ec) return;
      int number = ++accepted_;
      boost::beast::tcp_stream plain(std::move(socket));
      if (tls_) {
        auto s = std::make_shared<Session<TlsStream>>(*this, TlsStream(std::move(plain), *tls_), number);
        sessions_.push_back(s);
        s->start();
      } else {
        auto s = std::make_shared<Session<boost::beast::tcp_stream>>(*this, std::move(plain), number);
        sessions_.push_back(s);
        s->start();
      }
      accept();
    });
  }

  static int on_servername(SSL* ssl, int*, void* arg) {
    auto* self = static_cast<LoopbackServer*>(arg);
    const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    std::lock_guard<std::mutex> lock(self->mutex_);
    self->sni_.emplace_back(name != nullptr ? name : "");
    return SSL_TLSEXT_ERR_OK;
  }

  Handler handler_;
  std::optional<boost::asio::ssl::context> tls_;  // before io_: sessions may outlive the run loop
  boost::asio::io_context io_;
  tcp::acceptor acceptor_{io_};
  std::thread thread_;
  int port_ = 0;
  std::atomic<int> accepted_{0};
  std::vector<std::weak_ptr<SessionBase>> sessions_;  // io thread only
  mutable std::mutex mutex_;
  std::vector<SeenRequest> seen_;
  std::vector<std::string> sni_;
};

}  // namespace sarcoma::service::test
