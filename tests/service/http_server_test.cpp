#include "adapter/service/http/http_server.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

using namespace sarcoma::service;

namespace {

// A minimal HTTP/1.1 client on a POSIX socket, loopback only, every read bounded by a timeout.
class RawClient {
 public:
  explicit RawClient(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawClient() { ::close(fd_); }
  bool connected() const { return connected_; }
  bool send(const std::string& bytes) {
    return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
  }

  // Reads one response: returns status (0 on EOF/timeout) and the body.
  int read_response(std::string* body = nullptr) {
    std::size_t header_end;
    while ((header_end = buf_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill()) return 0;
    }
    std::string head = buf_.substr(0, header_end);
    int status = std::stoi(head.substr(9, 3));
    std::size_t length = 0;
    auto cl = head.find("Content-Length: ");
    if (cl != std::string::npos) length = std::stoul(head.substr(cl + 16));
    while (buf_.size() < header_end + 4 + length) {
      if (!fill()) return 0;
    }
    if (body) *body = buf_.substr(header_end + 4, length);
    buf_.erase(0, header_end + 4 + length);
    return status;
  }
  // True when the server closed the connection (EOF) within the receive timeout.
  bool closed_by_peer() {
    char c;
    return ::recv(fd_, &c, 1, 0) == 0;
  }

 private:
  bool fill() {
    char tmp[4096];
    ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) return false;
    buf_.append(tmp, static_cast<std::size_t>(n));
    return true;
  }
  int fd_;
  bool connected_ = false;
  std::string buf_;
};

std::string request(const std::string& method, const std::string& target, const std::string& body = "",
                    bool close = false) {
  std::string r = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (!body.empty() || method == "POST") r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  if (close) r += "Connection: close\r\n";
  return r + "\r\n" + body;
}

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.add("GET", "/hello", [](const HttpRequest& r) {
      HttpResponse out;
      out.content_type = "text/plain";
      out.body = "hello " + r.request_id;
      return out;
    });
    router_.add("POST", "/echo", [](const HttpRequest& r) {
      HttpResponse out;
      out.content_type = "text/plain";
      const std::string* type = r.header("content-type");
      out.body = (type ? *type : std::string("-")) + ":" + r.body;
      return out;
    });
    HttpServerOptions o;
    o.port = 0;
    o.max_body_bytes = 1024;
    o.header_timeout_ms = 300;
    server_ = std::make_unique<HttpServer>(o, router_);
    auto port = server_->start();
    ASSERT_TRUE(port.ok()) << port.error();
    port_ = *port;
  }
  void TearDown() override { server_->stop(); }

  Router router_;
  std::unique_ptr<HttpServer> server_;
  int port_ = 0;
};

}  // namespace

TEST_F(HttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  RawClient c(port_);
  ASSERT_TRUE(c.connected());
  std::string body;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(c.send(request("GET", "/hello")));
    ASSERT_EQ(c.read_response(&body), 200) << i;
    EXPECT_EQ(body.rfind("hello ", 0), 0u);
  }
  ASSERT_TRUE(
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/fhir+json\r\nContent-Length: "
             "2\r\n\r\n{}"));
  ASSERT_EQ(c.read_response(&body), 200);
  EXPECT_EQ(body, "application/fhir+json:{}");
}

TEST_F(HttpServerTest, RoutesUnknownPathsTo404) {
  RawClient c(port_);
  std::string body;
  ASSERT_TRUE(c.send(request("GET", "/nope")));
  EXPECT_EQ(c.read_response(&body), 404);
  EXPECT_NE(body.find("OperationOutcome"), std::string::npos);
}

TEST_F(HttpServerTest, DeclaredBodyOverTheLimitIs413AndClosed) {
  RawClient c(port_);
  std::string body;
  ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n"));
  EXPECT_EQ(c.read_response(&body), 413);
  EXPECT_NE(body.find("too-long"), std::string::npos);
  EXPECT_TRUE(c.closed_by_peer());
}

TEST_F(HttpServerTest, ChunkedBodyOverTheLimitIs413) {
  RawClient c(port_);
  std::string chunk(1500, 'x');
  char size[16];
  std::snprintf(size, sizeof size, "%zx", chunk.size());
  ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
                     std::string(size) + "\r\n" + chunk + "\r\n0\r\n\r\n"));
  EXPECT_EQ(c.read_response(), 413);
}

TEST_F(HttpServerTest, SlowClientHeaderTimeoutClosesTheConnection) {
  RawClient c(port_);
  ASSERT_TRUE(c.send("GET /hello HTTP/1.1\r\nHost: x\r\n"));  // header never finished
  EXPECT_TRUE(c.closed_by_peer());  // within header_timeout_ms (300 ms), well inside the 5 s read timeout
}

TEST_F(HttpServerTest, ConnectionCloseIsHonoured) {
  RawClient c(port_);
  ASSERT_TRUE(c.send(request("GET", "/hello", "", true)));
  EXPECT_EQ(c.read_response(), 200);
  EXPECT_TRUE(c.closed_by_peer());
}

TEST_F(HttpServerTest, ManyConnectionsInParallelAreServed) {
  constexpr int kClients = 16;  // bounded
  std::vector<std::unique_ptr<RawClient>> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.push_back(std::make_unique<RawClient>(port_));
    ASSERT_TRUE(clients.back()->send(request("GET", "/hello")));
  }
  for (auto& c : clients) EXPECT_EQ(c->read_response(), 200);
}

TEST(HttpServerStart, BadAddressIsAClearError) {
  Router router;
  HttpServerOptions o;
  o.host = "not-an-address";
  HttpServer s(o, router);
  auto r = s.start();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("bad address"), std::string::npos);
}
