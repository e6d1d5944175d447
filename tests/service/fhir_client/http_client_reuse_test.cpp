// When the HTTP client may send a request again, and the response cap at the header: a kept-alive
// connection the server closed while idle is noticed before anything is sent (any method, plain
// and TLS); a connection lost after the request went out is retried only for idempotent methods,
// so a transaction is never posted twice by the client itself; a Content-Length above the cap is
// refused before any of the body is read.
#include <gtest/gtest.h>

#include <fstream>

#include "adapter/service/fhir_client/fhir_client.hpp"
#include "tests/service/fhir_client/loopback_server.hpp"
#include "tests/service/fhir_client/test_certificate.hpp"
#include "tests/service/temp_dir.hpp"

namespace sarcoma::service {
namespace {

using test::LoopbackServer;
using test::Reply;
using test::SeenRequest;

FhirClientOptions short_deadlines() {
  FhirClientOptions o;
  o.http.connect_timeout_ms = 1000;
  o.http.request_timeout_ms = 2000;
  return o;
}

int count(const std::vector<SeenRequest>& seen, const std::string& method) {
  int n = 0;
  for (const auto& s : seen) n += s.method == method ? 1 : 0;
  return n;
}

// The server reads the second request on the first connection and hangs up without answering, as
// a server does that closes a keep-alive connection just as a request arrives (or crashes on it).
Reply hang_up_once_on_reuse(const SeenRequest& s) {
  Reply r;
  r.body = R"({"resourceType":"Bundle"})";
  if (s.connection == 1 && s.target.find("first") == std::string::npos) r.then = Reply::Then::hang_up;
  return r;
}

TEST(HttpClientReuse, ReadLostAfterSendingIsRetriedOnceOnANewConnection) {
  LoopbackServer server(hang_up_once_on_reuse);
  FhirClient client(Endpoint{false, "127.0.0.1", server.port(), ""}, short_deadlines());
  ASSERT_TRUE(client.read("Observation/first").ok());
  auto r = client.read("Observation/1");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(server.accepted(), 2);
  EXPECT_EQ(count(server.requests(), "GET"), 3);  // first, lost, repeated
}

TEST(HttpClientReuse, TransactionLostAfterSendingIsNotPostedAgain) {
  LoopbackServer server(hang_up_once_on_reuse);
  FhirClient client(Endpoint{false, "127.0.0.1", server.port(), ""}, short_deadlines());
  ASSERT_TRUE(client.read("Observation/first").ok());
  auto r = client.transaction(R"({"resourceType":"Bundle","type":"transaction"})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, TransportError::Kind::connect) << r.error().message;
  EXPECT_EQ(classify(r, 0).http_status, 0);  // the queue retries it, with backoff
  EXPECT_EQ(count(server.requests(), "POST"), 1) << "the server may have processed it: not the client's call";
  EXPECT_EQ(server.accepted(), 1);

  auto next = client.transaction(R"({"resourceType":"Bundle","type":"transaction"})");
  ASSERT_TRUE(next.ok()) << next.error().message;
  EXPECT_EQ(server.accepted(), 2);
}

TEST(HttpClientReuse, UnsolicitedBytesOnAnIdleConnectionRetireIt) {
  // Some servers write a 408 before closing an idle connection; whatever arrives unasked must not
  // be taken for the answer to the next request.
  int n = 0;
  LoopbackServer server([&n](const SeenRequest&) {
    Reply r;
    r.body = R"({"resourceType":"Observation","id":"1"})";
    // The answer plus an extra, unrequested response right behind it on the same connection.
    if (++n == 1) {
      r.raw = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: application/fhir+json\r\n\r\n{}"
              "HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\n\r\n";
    }
    return r;
  });
  FhirClient client(Endpoint{false, "127.0.0.1", server.port(), ""}, short_deadlines());
  auto first = client.read("Observation/1");
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->body, "{}");
  auto second = client.read("Observation/1");
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->status, 200);
  EXPECT_EQ(second->body, R"({"resourceType":"Observation","id":"1"})");
}

TEST(HttpClientReuse, DeclaredContentLengthAboveTheCapIsRefusedAtTheHeader) {
  LoopbackServer server([](const SeenRequest&) {
    Reply r;
    // 100 MB announced, a few bytes sent, then the server hangs up: a client that went on reading
    // the body (having reserved 100 MB for it) would end with a truncated message instead.
    r.raw = "HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\nContent-Length: 100000000\r\n\r\n{\"res";
    return r;
  });
  FhirClientOptions options = short_deadlines();
  options.http.max_response_bytes = 1000;
  FhirClient client(Endpoint{false, "127.0.0.1", server.port(), ""}, options);
  auto r = client.read("Binary/1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, TransportError::Kind::too_large) << r.error().message;
}

struct HttpClientReuseTls : ::testing::Test {
  test::TempDir dir{"sarcoma-tls-reuse"};
  test::TestCertificate cert = test::make_self_signed("localhost", "IP:127.0.0.1,DNS:localhost");
  FhirClientOptions options() {
    FhirClientOptions o = short_deadlines();
    o.http.ca_file = dir.file("ca.pem");
    std::ofstream(o.http.ca_file) << cert.cert_pem;
    return o;
  }
};

TEST_F(HttpClientReuseTls, IdleTlsConnectionClosedByTheServerIsReopenedForATransaction) {
  LoopbackServer server([](const SeenRequest&) { return Reply{}; }, &cert);
  FhirClient client(Endpoint{true, "127.0.0.1", server.port(), "/fhir"}, options());
  ASSERT_TRUE(client.read("Observation/1").ok());
  ASSERT_TRUE(client.read("Observation/1").ok());
  EXPECT_EQ(server.accepted(), 1);  // TLS 1.3 session tickets do not make the idle check misfire
  ASSERT_EQ(server.close_idle_connections(), 1);  // no close_notify: a bare FIN

  auto r = client.transaction(R"({"resourceType":"Bundle","type":"transaction"})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(server.accepted(), 2);
  EXPECT_EQ(count(server.requests(), "POST"), 1);
}

TEST_F(HttpClientReuseTls, NoSniForAnAddressOnlyForANameAndTheAddressIsStillVerified) {
  LoopbackServer server([](const SeenRequest&) { return Reply{}; }, &cert);
  FhirClient by_address(Endpoint{true, "127.0.0.1", server.port(), ""}, options());
  ASSERT_TRUE(by_address.read("Observation/1").ok());
  FhirClient by_name(Endpoint{true, "localhost", server.port(), ""}, options());
  ASSERT_TRUE(by_name.read("Observation/1").ok());
  auto sni = server.sni_names();
  ASSERT_EQ(sni.size(), 2u);
  EXPECT_EQ(sni[0], "");  // RFC 6066 3: literal IP addresses are not permitted in SNI
  EXPECT_EQ(sni[1], "localhost");
}

TEST(HttpClientReuse, HostHeaderBracketsIpv6AndOmitsDefaultPorts) {
  EXPECT_EQ(host_header(Endpoint{true, "fhir.example.org", 443, ""}), "fhir.example.org");
  EXPECT_EQ(host_header(Endpoint{false, "fhir.example.org", 80, ""}), "fhir.example.org");
  EXPECT_EQ(host_header(Endpoint{false, "fhir.example.org", 443, ""}), "fhir.example.org:443");
  EXPECT_EQ(host_header(Endpoint{true, "127.0.0.1", 8443, ""}), "127.0.0.1:8443");
  EXPECT_EQ(host_header(Endpoint{false, "::1", 8080, ""}), "[::1]:8080");
  EXPECT_EQ(host_header(Endpoint{true, "::1", 443, ""}), "[::1]");
}

}  // namespace
}  // namespace sarcoma::service
