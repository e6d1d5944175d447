// The HTTP client and FhirClient against a scriptable loopback server (plain HTTP), checked on the
// server's side of the wire: connections accepted, headers and targets received, how often a
// request arrived; and the queue's view of real answers (classify + the retry policy's rule).
#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "adapter/service/fhir_client/fhir_client.hpp"
#include "adapter/service/queue/retry_policy.hpp"
#include "tests/service/fhir_client/loopback_server.hpp"

namespace sarcoma::service {
namespace {

using test::LoopbackServer;
using test::Reply;
using test::SeenRequest;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Reply ok_json(std::string body = R"({"resourceType":"Observation","id":"1"})") {
  Reply r;
  r.body = std::move(body);
  return r;
}

Endpoint endpoint_of(const LoopbackServer& server) { return Endpoint{false, "127.0.0.1", server.port(), "/fhir/R4"}; }

FhirClientOptions short_deadlines() {
  FhirClientOptions o;
  o.http.connect_timeout_ms = 1000;
  o.http.request_timeout_ms = 2000;
  return o;
}

TEST(HttpClientWire, KeepAliveSendsThreeRequestsOnOneAcceptedConnection) {
  LoopbackServer server([](const SeenRequest&) { return ok_json(); });
  FhirClientOptions options = short_deadlines();
  options.bearer_token = "t0ken";
  FhirClient client(endpoint_of(server), options);

  ASSERT_TRUE(client.read("Observation/1").ok());
  ASSERT_TRUE(client.get("Task?status=requested&_count=10").ok());
  auto posted = client.transaction(R"({"resourceType":"Bundle","type":"transaction"})");
  ASSERT_TRUE(posted.ok()) << posted.error().message;
  EXPECT_EQ(posted->status, 200);
  EXPECT_EQ(*posted->header("content-type"), "application/fhir+json");  // response names lower-cased

  EXPECT_EQ(server.accepted(), 1);
  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].method, "GET");
  EXPECT_EQ(seen[0].target, "/fhir/R4/Observation/1");
  EXPECT_EQ(seen[1].target, "/fhir/R4/Task?status=requested&_count=10");
  EXPECT_EQ(seen[2].method, "POST");
  EXPECT_EQ(seen[2].target, "/fhir/R4");
  for (const auto& s : seen) {
    EXPECT_EQ(s.connection, 1);
    ASSERT_NE(s.header("authorization"), nullptr);
    EXPECT_EQ(*s.header("authorization"), "Bearer t0ken");
    EXPECT_EQ(*s.header("accept"), "application/fhir+json");
    EXPECT_EQ(*s.header("host"), "127.0.0.1:" + std::to_string(server.port()));
  }
  EXPECT_EQ(seen[0].header("content-type"), nullptr);  // a GET has no body to describe
  ASSERT_NE(seen[2].header("content-type"), nullptr);
  EXPECT_EQ(*seen[2].header("content-type"), "application/fhir+json");
  EXPECT_EQ(seen[2].body, R"({"resourceType":"Bundle","type":"transaction"})");
}

TEST(HttpClientWire, NoAuthorizationHeaderWithoutAToken) {
  LoopbackServer server([](const SeenRequest&) { return ok_json(); });
  FhirClient client(endpoint_of(server), short_deadlines());
  ASSERT_TRUE(client.read("Observation/1").ok());
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].header("authorization"), nullptr);
}

TEST(HttpClientWire, IdleConnectionClosedByTheServerIsReopenedForTheNextRead) {
  LoopbackServer server([](const SeenRequest&) { return ok_json(); });
  FhirClient client(endpoint_of(server), short_deadlines());
  ASSERT_TRUE(client.read("Observation/1").ok());
  ASSERT_EQ(server.close_idle_connections(), 1);

  auto again = client.read("Observation/1");
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ(server.accepted(), 2);
  EXPECT_EQ(server.requests().back().connection, 2);
}

TEST(HttpClientWire, IdleConnectionClosedByTheServerIsReopenedForATransactionWhichArrivesOnce) {
  LoopbackServer server([](const SeenRequest&) { return ok_json(R"({"resourceType":"Bundle"})"); });
  FhirClient client(endpoint_of(server), short_deadlines());
  ASSERT_TRUE(client.read("Observation/1").ok());
  ASSERT_EQ(server.close_idle_connections(), 1);

  auto posted = client.transaction(R"({"resourceType":"Bundle","type":"transaction"})");
  ASSERT_TRUE(posted.ok()) << posted.error().message;
  EXPECT_EQ(server.accepted(), 2);
  int posts = 0;
  for (const auto& s : server.requests()) posts += s.method == "POST" ? 1 : 0;
  EXPECT_EQ(posts, 1);
}

TEST(HttpClientWire, ConnectionCloseFromTheServerIsHonouredAndTheNextRequestReconnects) {
  int n = 0;
  LoopbackServer server([&n](const SeenRequest&) {
    Reply r = ok_json();
    if (++n == 1) r.then = Reply::Then::close;
    return r;
  });
  FhirClient client(endpoint_of(server), short_deadlines());
  ASSERT_TRUE(client.read("Observation/1").ok());
  auto second = client.read("Observation/1");
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(server.accepted(), 2);
  EXPECT_EQ(server.requests().size(), 2u);  // nothing was sent into the closed connection and lost
}

TEST(HttpClientWire, AnswerPastTheDeadlineIsATimeoutAndTheClientRecovers) {
  LoopbackServer server([](const SeenRequest& s) {
    Reply r = ok_json();
    if (s.target.find("slow") != std::string::npos) r.delay_ms = 3000;
    return r;
  });
  FhirClientOptions options = short_deadlines();
  options.http.request_timeout_ms = 200;
  FhirClient client(endpoint_of(server), options);

  auto started = std::chrono::steady_clock::now();
  auto slow = client.read("Observation/slow");
  auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(slow.ok());
  EXPECT_EQ(slow.error().kind, TransportError::Kind::timeout);
  EXPECT_GE(took, std::chrono::milliseconds(150));
  EXPECT_LT(took, std::chrono::milliseconds(1500));
  ProcessOutcome o = classify(slow, now_ms());
  EXPECT_EQ(o.http_status, 0);
  EXPECT_EQ(classify_http_status(o.http_status), FailureKind::transient);

  // The timed-out connection is abandoned (a late answer must not be read as the next one's).
  auto next = client.read("Observation/1");
  ASSERT_TRUE(next.ok()) << next.error().message;
  EXPECT_EQ(next->body, R"({"resourceType":"Observation","id":"1"})");
  EXPECT_EQ(server.accepted(), 2);
}

TEST(HttpClientWire, NothingListeningIsAConnectErrorAndRetryable) {
  int port = 0;
  {
    LoopbackServer gone([](const SeenRequest&) { return ok_json(); });
    port = gone.port();
  }
  FhirClient client(Endpoint{false, "127.0.0.1", port, ""}, short_deadlines());
  auto started = std::chrono::steady_clock::now();
  auto r = client.read("Observation/1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, TransportError::Kind::connect);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(900));
  EXPECT_EQ(classify_http_status(classify(r, now_ms()).http_status), FailureKind::transient);
}

TEST(HttpClientWire, ResponsesLargerThanTheCapAreRefused) {
  LoopbackServer server([](const SeenRequest& s) {
    Reply r;
    r.body = std::string(5000, 'x');
    if (s.target.find("chunked") != std::string::npos) r.chunked = true;
    return r;
  });
  FhirClientOptions options = short_deadlines();
  options.http.max_response_bytes = 1000;
  FhirClient client(endpoint_of(server), options);
  for (const char* what : {"Binary/length", "Binary/chunked"}) {
    auto r = client.read(what);
    ASSERT_FALSE(r.ok()) << what << ": " << r->status << " " << r->body.size();
    EXPECT_EQ(r.error().kind, TransportError::Kind::too_large) << what << ": " << r.error().message;
    EXPECT_EQ(classify_http_status(classify(r, now_ms()).http_status), FailureKind::transient) << what;
  }
  options.http.max_response_bytes = 5000;  // exactly the cap is allowed
  FhirClient roomy(endpoint_of(server), options);
  auto fits = roomy.read("Binary/length");
  ASSERT_TRUE(fits.ok()) << fits.error().message;
  EXPECT_EQ(fits->body.size(), 5000u);
}

TEST(HttpClientWire, GarbageInsteadOfAResponseIsAProtocolError) {
  LoopbackServer server([](const SeenRequest&) {
    Reply r;
    r.raw = "SSH-2.0-OpenSSH_9.2\r\n\r\n";
    return r;
  });
  FhirClient client(endpoint_of(server), short_deadlines());
  auto r = client.read("Observation/1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, TransportError::Kind::protocol) << r.error().message;
}

// What the queue makes of real answers: the status and Retry-After travel from the socket to the
// ProcessOutcome, and the retry policy's rule (classify_http_status) decides retry or dead letter.
TEST(FhirClientWire, ServerAnswersAreClassifiedForTheQueue) {
  const std::string outcome =
      R"({"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"invalid",)"
      R"("diagnostics":"Patient Jane Roe, born 1970-01-02: unknown code","expression":["Bundle.entry[1].resource"]},)"
      R"({"severity":"error","code":"business-rule"}]})";
  LoopbackServer server([&outcome](const SeenRequest& s) {
    Reply r;
    if (s.target.ends_with("/busy")) {
      r.status = 503;
      r.headers = {{"Retry-After", "7"}};
    } else if (s.target.ends_with("/throttled")) {
      r.status = 429;
      r.headers = {{"Retry-After", "Fri, 31 Dec 1999 23:59:59 GMT"}};  // in the past: retry now
    } else if (s.target.ends_with("/late")) {
      r.status = 408;
    } else if (s.target.ends_with("/missing")) {
      r.status = 404;
    } else if (s.method == "POST") {
      r.status = 400;
      r.body = outcome;
    } else {
      r.status = 201;
    }
    return r;
  });
  FhirClient client(endpoint_of(server), short_deadlines());

  ProcessOutcome created = classify(client.read("Observation/new"), now_ms());
  EXPECT_EQ(created.kind, ProcessOutcome::Kind::ok);

  ProcessOutcome busy = classify(client.read("Observation/busy"), now_ms());
  EXPECT_EQ(busy.kind, ProcessOutcome::Kind::failed);
  EXPECT_EQ(busy.http_status, 503);
  EXPECT_EQ(busy.retry_after_ms, 7000);
  EXPECT_EQ(classify_http_status(busy.http_status), FailureKind::transient);

  ProcessOutcome throttled = classify(client.read("Observation/throttled"), now_ms());
  EXPECT_EQ(throttled.http_status, 429);
  EXPECT_EQ(throttled.retry_after_ms, 0);
  EXPECT_EQ(classify_http_status(throttled.http_status), FailureKind::transient);

  ProcessOutcome late = classify(client.read("Observation/late"), now_ms());
  EXPECT_EQ(late.http_status, 408);
  EXPECT_FALSE(late.retry_after_ms.has_value());
  EXPECT_EQ(classify_http_status(late.http_status), FailureKind::transient);

  ProcessOutcome missing = classify(client.read("Observation/missing"), now_ms());
  EXPECT_EQ(missing.http_status, 404);
  EXPECT_EQ(classify_http_status(missing.http_status), FailureKind::permanent);

  const std::string bundle = R"({"resourceType":"Bundle","type":"transaction","entry":[{"resource":)"
                             R"({"resourceType":"Patient","name":[{"family":"Roe","given":["Jane"]}]}}]})";
  ProcessOutcome bad = classify(client.transaction(bundle), now_ms());
  EXPECT_EQ(bad.kind, ProcessOutcome::Kind::failed);
  EXPECT_EQ(bad.http_status, 400);
  EXPECT_EQ(classify_http_status(bad.http_status), FailureKind::permanent);
  EXPECT_NE(bad.error.find("400"), std::string::npos) << bad.error;
  EXPECT_NE(bad.error.find("invalid"), std::string::npos) << bad.error;
  EXPECT_NE(bad.error.find("business-rule"), std::string::npos) << bad.error;
  EXPECT_LE(bad.error.size(), 300u);
  // Neither the server's diagnostics (they quote resources) nor the request body reach the error.
  EXPECT_EQ(bad.error.find("Jane"), std::string::npos) << bad.error;
  EXPECT_EQ(bad.error.find("Roe"), std::string::npos) << bad.error;
  EXPECT_EQ(bad.error.find("1970"), std::string::npos) << bad.error;

  EXPECT_EQ(server.accepted(), 1);  // error statuses do not cost the kept-alive connection
}

TEST(FhirClientWire, ManyIssuesAreCutTo300Characters) {
  std::string issues;
  for (int i = 0; i < 40; ++i) {
    issues += std::string(i ? "," : "") + R"({"severity":"error","code":"code-invalid","expression":["Bundle.entry[)" +
              std::to_string(i) + R"(].resource.extension[0].valueCodeableConcept.coding[0]"]})";
  }
  const std::string body = R"({"resourceType":"OperationOutcome","issue":[)" + issues + "]}";
  LoopbackServer server([&body](const SeenRequest&) {
    Reply r;
    r.status = 422;
    r.body = body;
    return r;
  });
  FhirClient client(endpoint_of(server), short_deadlines());
  ProcessOutcome o = classify(client.transaction("{}"), now_ms());
  EXPECT_EQ(o.http_status, 422);
  EXPECT_LE(o.error.size(), 300u);
  EXPECT_NE(o.error.find("code-invalid"), std::string::npos) << o.error;
}

}  // namespace
}  // namespace sarcoma::service
