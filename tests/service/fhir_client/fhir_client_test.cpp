// The upstream client: URL parsing, Retry-After, the classification the queue relies on, and the
// HTTP client against the project's own server on 127.0.0.1 (keep-alive reuse, a server-closed
// idle connection, timeouts, refused connections, oversized responses, headers sent).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "adapter/service/fhir_client/fhir_client.hpp"
#include "adapter/service/http/http_server.hpp"

namespace sarcoma::service {
namespace {

TEST(FhirClientUrl, ParsesSchemesHostsPortsAndBasePaths) {
  Endpoint e;
  ASSERT_TRUE(parse_base_url("https://fhir.example.org/fhir/R4/", e));
  EXPECT_TRUE(e.tls);
  EXPECT_EQ(e.host, "fhir.example.org");
  EXPECT_EQ(e.port, 443);
  EXPECT_EQ(e.base_path, "/fhir/R4");
  ASSERT_TRUE(parse_base_url("http://127.0.0.1:8080", e));
  EXPECT_FALSE(e.tls);
  EXPECT_EQ(e.port, 8080);
  EXPECT_EQ(e.base_path, "");
  ASSERT_TRUE(parse_base_url("http://[::1]:9000/fhir", e));
  EXPECT_EQ(e.host, "::1");
  EXPECT_EQ(e.port, 9000);
  EXPECT_FALSE(parse_base_url("ftp://x/", e));
  EXPECT_FALSE(parse_base_url("http://user:pw@host/", e));
  EXPECT_FALSE(parse_base_url("http://host:99999/", e));
  EXPECT_FALSE(parse_base_url("http://host:0/", e));
  EXPECT_FALSE(parse_base_url("http://:80/", e));
}

TEST(FhirClientRetryAfter, DeltaSecondsAndHttpDates) {
  EXPECT_EQ(parse_retry_after("120", 0), 120000);
  EXPECT_EQ(parse_retry_after(" 7 ", 0), 7000);
  // 1994-11-06T08:49:37Z = 784111777 s since the epoch (RFC 9110's example date).
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784111777000 - 5000), 5000);
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784111777000 + 5000), 0);  // past: now
  EXPECT_FALSE(parse_retry_after("soon", 0));
  EXPECT_FALSE(parse_retry_after("", 0));
  EXPECT_FALSE(parse_retry_after("-5", 0));
  EXPECT_FALSE(parse_retry_after("99999999999", 0));
}

Result<HttpResult, TransportError> answer(int status, std::string body = {},
                                          std::vector<std::pair<std::string, std::string>> headers = {}) {
  HttpResult r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

TEST(FhirClientClassify, SuccessRetryableAndPermanent) {
  EXPECT_EQ(classify(answer(200), 0).kind, ProcessOutcome::Kind::ok);
  EXPECT_EQ(classify(answer(201), 0).kind, ProcessOutcome::Kind::ok);
  ProcessOutcome busy = classify(answer(503, "", {{"retry-after", "7"}}), 0);
  EXPECT_EQ(busy.kind, ProcessOutcome::Kind::failed);
  EXPECT_EQ(busy.http_status, 503);
  EXPECT_EQ(busy.retry_after_ms, 7000);
  EXPECT_EQ(classify(answer(429), 0).http_status, 429);
  ProcessOutcome bad = classify(
      answer(400, R"({"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"invalid",)"
                  R"("diagnostics":"Patient Jane Doe has no ...","expression":["Bundle.entry[2]"]}]})"),
      0);
  EXPECT_EQ(bad.http_status, 400);
  EXPECT_NE(bad.error.find("invalid@Bundle.entry[2]"), std::string::npos) << bad.error;
  EXPECT_EQ(bad.error.find("Jane"), std::string::npos) << "server diagnostics must not reach the job error";
  ProcessOutcome down = classify(fail(TransportError{TransportError::Kind::timeout, "response timed out"}), 0);
  EXPECT_EQ(down.kind, ProcessOutcome::Kind::failed);
  EXPECT_EQ(down.http_status, 0);
}

// The project's own server on an ephemeral loopback port, with handlers the tests control.
struct LocalServer {
  Router router;
  std::unique_ptr<HttpServer> server;
  int port = 0;
  std::mutex mutex;
  std::vector<HttpRequest> seen;

  void start(HttpServerOptions options = {}) {
    options.host = "127.0.0.1";
    options.port = 0;
    server = std::make_unique<HttpServer>(options, router);
    auto p = server->start();
    ASSERT_TRUE(p.ok()) << p.error();
    port = *p;
  }
  Endpoint endpoint() const { return Endpoint{false, "127.0.0.1", port, "/fhir"}; }
};

struct HttpClientTest : ::testing::Test {
  LocalServer local;
  void SetUp() override {
    local.router.add("GET", "/fhir/Observation/1", [this](const HttpRequest& r) {
      std::lock_guard<std::mutex> lock(local.mutex);
      local.seen.push_back(r);
      HttpResponse res;
      res.body = R"({"resourceType":"Observation","id":"1","status":"final","code":{"text":"x"}})";
      return res;
    });
    local.router.add("POST", "/fhir", [this](const HttpRequest& r) {
      std::lock_guard<std::mutex> lock(local.mutex);
      local.seen.push_back(r);
      HttpResponse res;
      res.body = R"({"resourceType":"Bundle","type":"transaction-response"})";
      return res;
    });
    local.router.add("GET", "/fhir/slow", [](const HttpRequest&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      return HttpResponse{};
    });
    local.router.add("GET", "/fhir/big", [](const HttpRequest&) {
      HttpResponse res;
      res.body = std::string(200000, 'x');
      return res;
    });
  }
};

TEST_F(HttpClientTest, KeepAliveReusesOneConnectionAndSendsFhirHeaders) {
  local.start();
  FhirClientOptions options;
  options.bearer_token = "secret-token";
  FhirClient client(local.endpoint(), options);
  for (int i = 0; i < 3; ++i) {
    auto r = client.read("Observation/1");
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->status, 200);
  }
  auto tx = client.transaction(R"({"resourceType":"Bundle","type":"transaction"})");
  ASSERT_TRUE(tx.ok());
  EXPECT_EQ(client.http().connections_opened(), 1);
  std::lock_guard<std::mutex> lock(local.mutex);
  ASSERT_EQ(local.seen.size(), 4u);
  EXPECT_EQ(*local.seen[0].header("authorization"), "Bearer secret-token");
  EXPECT_EQ(*local.seen[0].header("accept"), "application/fhir+json");
  EXPECT_EQ(*local.seen[3].header("content-type"), "application/fhir+json");
  EXPECT_EQ(local.seen[3].body, R"({"resourceType":"Bundle","type":"transaction"})");
}

TEST_F(HttpClientTest, ServerClosingAnIdleConnectionIsRecoveredTransparently) {
  HttpServerOptions options;
  options.header_timeout_ms = 200;  // the server drops idle keep-alive connections after 200 ms
  local.start(options);
  FhirClient client(local.endpoint(), {});
  ASSERT_TRUE(client.read("Observation/1").ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  auto again = client.read("Observation/1");
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ(client.http().connections_opened(), 2);
}

TEST_F(HttpClientTest, RequestPastItsDeadlineIsATimeout) {
  local.start();
  FhirClientOptions options;
  options.http.request_timeout_ms = 300;
  FhirClient client(local.endpoint(), options);
  auto started = std::chrono::steady_clock::now();
  auto r = client.read("slow");
  auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, TransportError::Kind::timeout);
  EXPECT_LT(took, std::chrono::milliseconds(1400));
}

TEST_F(HttpClientTest, OversizedResponseIsRefused) {
  local.start();
  FhirClientOptions options;
  options.http.max_response_bytes = 1000;
  FhirClient client(local.endpoint(), options);
  auto r = client.read("big");
  ASSERT_FALSE(r.ok()) << r->status << " " << r->body.size();
  EXPECT_EQ(r.error().kind, TransportError::Kind::too_large);
}

TEST(HttpClientConnect, NothingListeningIsAConnectError) {
  // Bind and release a port so that nothing listens on it.
  int free_port = 0;
  {
    Router router;
    HttpServerOptions o;
    o.host = "127.0.0.1";
    o.port = 0;
    HttpServer probe(o, router);
    auto p = probe.start();
    ASSERT_TRUE(p.ok());
    free_port = *p;
    probe.stop();
  }
  FhirClient client(Endpoint{false, "127.0.0.1", free_port, ""}, {});
  auto r = client.read("Observation/1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, TransportError::Kind::connect);
  EXPECT_EQ(classify(r, 0).http_status, 0);
}

}  // namespace
}  // namespace sarcoma::service
