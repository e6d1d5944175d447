#include "adapter/service/intake.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "adapter/service/notification.hpp"
#include "adapter/service/queue/sqlite_job_queue.hpp"
#include "tests/service/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace sarcoma::service;

namespace {

// R4 backport subscription-notification Bundle (history) with a SubscriptionStatus Parameters.
std::string notification(const std::string& type, const std::string& focus_parts,
                         const std::string& entries = "") {
  return R"({"resourceType":"Bundle","type":"history","entry":[{"fullUrl":"urn:uuid:2b4d5e10-0000-4000-8000-000000000001",
    "resource":{"resourceType":"Parameters","parameter":[
      {"name":"subscription","valueReference":{"reference":"Subscription/sarcoma"}},
      {"name":"status","valueCode":"active"},
      {"name":"type","valueCode":")" +
         type + R"("}, {"name":"events-since-subscription-start","valueString":"3"})" + focus_parts +
         R"(]},"request":{"method":"GET","url":"Subscription/sarcoma/$status"},"response":{"status":"200"}})" +
         entries + "]}";
}

std::string event_part(const std::string& ref) {
  return R"(,{"name":"notification-event","part":[{"name":"event-number","valueString":"3"},
    {"name":"focus","valueReference":{"reference":")" +
         ref + R"("}}]})";
}

class Intake : public ::testing::Test {
 protected:
  void SetUp() override {
    auto q = SqliteJobQueue::open((dir_ / "queue.db").string());
    ASSERT_TRUE(q.ok());
    queue_ = std::move(q).value();
    ctx_ = std::make_unique<IntakeContext>(
        IntakeContext{*queue_, metrics_, [] { return Millis{1000}; }, ready_, 4096});
    add_intake_routes(router_, *ctx_);
  }

  HttpResponse post(const std::string& path, std::string body) {
    HttpRequest r;
    r.method = "POST";
    r.target = path;
    r.body = std::move(body);
    return router_.handle(r);
  }
  HttpResponse get(const std::string& path) {
    HttpRequest r;
    r.method = "GET";
    r.target = path;
    return router_.handle(r);
  }
  std::int64_t pending() { return queue_->counts()->pending; }

  test::TempDir tmp_{"sarcoma-intake"};
  const fs::path& dir_ = tmp_.path();
  std::unique_ptr<SqliteJobQueue> queue_;
  Metrics metrics_;
  std::atomic<bool> ready_{true};
  std::unique_ptr<IntakeContext> ctx_;
  Router router_;
};

}  // namespace

TEST(Notification, ClassicEmptyPingMeansPoll) {
  auto n = read_notification("  \n");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->kind, Notification::Kind::ping);
  EXPECT_TRUE(n->needs_poll);
  EXPECT_TRUE(n->focus.empty());
}

TEST(Notification, HandshakeAndHeartbeatCarryNoWork) {
  for (const char* type : {"handshake", "heartbeat"}) {
    auto n = read_notification(notification(type, ""));
    ASSERT_TRUE(n.ok()) << type;
    EXPECT_EQ(std::string(to_string(n->kind)), type);
    EXPECT_TRUE(n->focus.empty());
    EXPECT_FALSE(n->needs_poll);
  }
}

TEST(Notification, IdOnlyEventListsTheFocus) {
  auto n =
      read_notification(notification("event-notification", event_part("DiagnosticReport/dr-7/_history/2"),
                                     R"(,{"fullUrl":"http://127.0.0.1:8103/fhir/DiagnosticReport/dr-7"})"));
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->kind, Notification::Kind::event);
  ASSERT_EQ(n->focus.size(), 2u);
  EXPECT_EQ(n->focus[0], "DiagnosticReport/dr-7/_history/2");
  EXPECT_EQ(n->focus[1], "http://127.0.0.1:8103/fhir/DiagnosticReport/dr-7");
  EXPECT_FALSE(n->needs_poll);
}

TEST(Notification, FullResourceEventUsesTheReportVersion) {
  auto n = read_notification(notification(
      "event-notification", "",
      R"(,{"fullUrl":"http://127.0.0.1:8103/fhir/DiagnosticReport/dr-9","resource":{"resourceType":"DiagnosticReport","id":"dr-9","meta":{"versionId":"4"},"status":"final","code":{"text":"pathology"}}})"));
  ASSERT_TRUE(n.ok());
  ASSERT_EQ(n->focus.size(), 1u);
  EXPECT_EQ(n->focus[0], "DiagnosticReport/dr-9/_history/4");
}

TEST(Notification, EmptyContentEventMeansPoll) {
  auto n = read_notification(notification("event-notification", ""));
  ASSERT_TRUE(n.ok());
  EXPECT_TRUE(n->focus.empty());
  EXPECT_TRUE(n->needs_poll);
}

TEST(Notification, NonReportFocusIsIgnored) {
  auto n = read_notification(notification("event-notification", event_part("Patient/p1")));
  ASSERT_TRUE(n.ok());
  EXPECT_TRUE(n->focus.empty());
}

TEST(Notification, MalformedIsRefusedWithPaths) {
  EXPECT_FALSE(read_notification("{not json").ok());
  auto not_bundle = read_notification(R"({"resourceType":"Patient"})");
  ASSERT_FALSE(not_bundle.ok());
  EXPECT_EQ(not_bundle.error()[0].code, "invalid");
  auto no_status = read_notification(R"({"resourceType":"Bundle","type":"history"})");
  ASSERT_FALSE(no_status.ok());
  EXPECT_EQ(no_status.error()[0].expression, "Bundle.entry[0].resource");
  auto bad_type = read_notification(notification("surprise", ""));
  ASSERT_FALSE(bad_type.ok());
  EXPECT_EQ(bad_type.error()[0].code, "code-invalid");
}

TEST_F(Intake, NotifyCommitsTheJobBeforeAcknowledging) {
  auto r =
      post("/notify", notification("event-notification", event_part("DiagnosticReport/dr-7/_history/2")));
  EXPECT_EQ(r.status, 200) << r.body;
  // By the time the 200 exists, the job is in the durable queue.
  auto j = queue_->lease(2000, 1000);
  ASSERT_TRUE(j.ok() && j->has_value());
  EXPECT_EQ((*j)->kind, kJobFetchReport);
  EXPECT_EQ((*j)->payload, "DiagnosticReport/dr-7/_history/2");
}

TEST_F(Intake, DuplicateNotificationsMakeOneJob) {
  std::string body = notification("event-notification", event_part("DiagnosticReport/dr-7/_history/2"));
  for (int i = 0; i < 5; ++i) EXPECT_EQ(post("/notify", body).status, 200);
  EXPECT_EQ(pending(), 1);
  EXPECT_NE(metrics_.text().find("sarcoma_reports_received_total{endpoint=\"notify\"} 1"), std::string::npos)
      << metrics_.text();
}

TEST_F(Intake, MalformedNotificationIs400WithOutcomeAndQueueUntouched) {
  auto r =
      post("/notify",
           R"({"resourceType":"Bundle","type":"history","entry":[{"resource":{"resourceType":"Patient"}}]})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("\"resourceType\":\"OperationOutcome\""), std::string::npos);
  EXPECT_EQ(pending(), 0);
  EXPECT_EQ(post("/notify", "{").status, 400);
  EXPECT_EQ(pending(), 0);
}

TEST_F(Intake, OversizedNotificationIs413) {
  auto r = post("/notify", std::string(5000, ' ') + "{}");
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(pending(), 0);
}

TEST_F(Intake, PingAndEmptyEventsQueueOnePoll) {
  EXPECT_EQ(post("/notify", "").status, 200);
  EXPECT_EQ(post("/notify", notification("event-notification", "")).status, 200);
  EXPECT_EQ(pending(), 1);
  auto j = queue_->lease(2000, 1000);
  EXPECT_EQ((*j)->kind, kJobPoll);
}

TEST_F(Intake, HealthAndReadiness) {
  EXPECT_EQ(get("/livez").status, 200);
  EXPECT_EQ(get("/readyz").status, 200);
  ready_ = false;  // starting or draining
  EXPECT_EQ(get("/readyz").status, 503);
  EXPECT_EQ(get("/livez").status, 200);
}

TEST_F(Intake, MetricsExposeCountersWithoutIdentifiers) {
  post("/notify", notification("event-notification", event_part("DiagnosticReport/secret-id-123")));
  auto r = get("/metrics");
  EXPECT_EQ(r.status, 200);
  for (const char* name : {"sarcoma_reports_received_total", "sarcoma_jobs_total{outcome=\"processed\"}",
                           "sarcoma_jobs_total{outcome=\"dead_lettered\"}", "sarcoma_queue_depth 1",
                           "sarcoma_processing_seconds_bucket", "sarcoma_upstream_seconds_count"}) {
    EXPECT_NE(r.body.find(name), std::string::npos) << name << "\n" << r.body;
  }
  EXPECT_EQ(r.body.find("secret-id-123"), std::string::npos);
}

TEST_F(Intake, UnknownPathAndWrongMethod) {
  EXPECT_EQ(get("/nope").status, 404);
  auto r = get("/notify");
  EXPECT_EQ(r.status, 405);
  ASSERT_FALSE(r.headers.empty());
  EXPECT_EQ(r.headers[0].second, "POST");
}
