// The polling backstop against a scripted server: the first poll only sets the cursor; later polls
// ask for reports after it in _lastUpdated order, follow "next" links, enqueue one job per report
// version, and advance the cursor only after enqueuing; failures leave the cursor alone.
#include <gtest/gtest.h>

#include "adapter/service/intake.hpp"
#include "adapter/service/poller.hpp"
#include "adapter/service/queue/sqlite_job_queue.hpp"
#include "tests/service/temp_dir.hpp"

namespace sarcoma::service {
namespace {

std::string page(const std::vector<std::pair<std::string, std::string>>& reports, const std::string& next = "") {
  std::string s = R"({"resourceType":"Bundle","type":"searchset",)";
  if (!next.empty()) s += R"("link":[{"relation":"next","url":"http://up.test/fhir/)" + next + R"("}],)";
  s += R"("entry":[)";
  for (std::size_t i = 0; i < reports.size(); ++i) {
    s += std::string(i ? "," : "") + R"({"resource":{"resourceType":"DiagnosticReport","id":")" + reports[i].first +
         R"(","meta":{"versionId":"2","lastUpdated":")" + reports[i].second + R"("}}})";
  }
  return s + "]}";
}

struct Poller : ::testing::Test {
  test::TempDir tmp{"sarcoma-poll"};
  std::unique_ptr<SqliteJobQueue> queue = std::move(SqliteJobQueue::open(tmp.file("q.db"))).value();
  std::vector<std::string> asked;
  std::map<std::string, Result<HttpResult, TransportError>> answers;
  PollContext ctx;
  void SetUp() override {
    ctx.get = [this](const std::string& relative) -> Result<HttpResult, TransportError> {
      asked.push_back(relative);
      for (auto& [prefix, answer] : answers) {
        if (relative.rfind(prefix, 0) == 0) return answer;
      }
      HttpResult empty;
      empty.status = 200;
      empty.body = page({});
      return empty;
    };
    ctx.queue = queue.get();
    ctx.clock = [] { return Millis{1000}; };
    ctx.now_instant = [] { return std::string("2026-11-25T07:00:00.000Z"); };
  }
  static Result<HttpResult, TransportError> ok(std::string body) {
    HttpResult r;
    r.status = 200;
    r.body = std::move(body);
    return r;
  }
};

TEST_F(Poller, FirstPollOnlySetsTheCursor) {
  EXPECT_EQ(poll_once(ctx).kind, ProcessOutcome::Kind::ok);
  EXPECT_TRUE(asked.empty());
  EXPECT_EQ(*queue->get_state(kPollCursorKey), "2026-11-25T07:00:00.000Z");
}

TEST_F(Poller, ReportsAfterTheCursorAreQueuedAcrossPagesAndTheCursorAdvances) {
  ASSERT_TRUE(queue->set_state(kPollCursorKey, "2026-11-25T07:00:00.000Z").ok());
  answers.emplace("DiagnosticReport?_lastUpdated=gt2026-11-25T07:00:00.000Z",
                  ok(page({{"a", "2026-11-25T07:01:00.000Z"}, {"b", "2026-11-25T07:02:00.000Z"}}, "DiagnosticReport?page=2")));
  answers.emplace("DiagnosticReport?page=2", ok(page({{"c", "2026-11-25T07:03:00.000Z"}})));
  ASSERT_EQ(poll_once(ctx).kind, ProcessOutcome::Kind::ok);
  ASSERT_EQ(asked.size(), 2u);
  EXPECT_EQ(asked[0], "DiagnosticReport?_lastUpdated=gt2026-11-25T07:00:00.000Z&_sort=_lastUpdated&_count=100");
  EXPECT_EQ(*queue->get_state(kPollCursorKey), "2026-11-25T07:03:00.000Z");
  EXPECT_EQ(queue->counts()->pending, 3);
  auto job = queue->lease(2000, 1000);
  ASSERT_TRUE(job.ok() && job->has_value());
  EXPECT_EQ((*job)->kind, kJobFetchReport);
  EXPECT_EQ((*job)->payload, "DiagnosticReport/a/_history/2");
}

TEST_F(Poller, FailuresLeaveTheCursorAndAreClassified) {
  ASSERT_TRUE(queue->set_state(kPollCursorKey, "2026-11-25T07:00:00.000Z").ok());
  HttpResult busy;
  busy.status = 503;
  busy.headers = {{"retry-after", "3"}};
  answers.emplace("DiagnosticReport?", busy);
  ProcessOutcome o = poll_once(ctx);
  EXPECT_EQ(o.http_status, 503);
  EXPECT_EQ(o.retry_after_ms, 3000);
  EXPECT_EQ(*queue->get_state(kPollCursorKey), "2026-11-25T07:00:00.000Z");
  answers.clear();
  answers.emplace("DiagnosticReport?", ok("<html>not fhir</html>"));
  EXPECT_EQ(poll_once(ctx).http_status, 502);
  EXPECT_EQ(*queue->get_state(kPollCursorKey), "2026-11-25T07:00:00.000Z");
}

TEST_F(Poller, PagesPerPollAreBounded) {
  ASSERT_TRUE(queue->set_state(kPollCursorKey, "2026-11-25T07:00:00.000Z").ok());
  answers.emplace("DiagnosticReport?", ok(page({{"x", "2026-11-25T07:05:00.000Z"}}, "DiagnosticReport?again")));
  ctx.max_pages = 3;
  EXPECT_EQ(poll_once(ctx).kind, ProcessOutcome::Kind::ok);
  EXPECT_EQ(asked.size(), 3u);
  EXPECT_EQ(queue->counts()->pending, 1);  // the same version once
}

}  // namespace
}  // namespace sarcoma::service
