#include "adapter/service/queue/worker.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <deque>
#include <filesystem>

#include "adapter/service/queue/sqlite_job_queue.hpp"
#include "tests/service/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace sarcoma::service;

namespace {

// A scripted upstream: each call pops the next outcome.
class WorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto q = SqliteJobQueue::open((dir_ / "queue.db").string());
    ASSERT_TRUE(q.ok());
    queue_ = std::move(q).value();
    options_.retry.max_attempts = 4;
    options_.retry.base_delay_ms = 1000;
    options_.retry.max_delay_ms = 60000;
    options_.retry.jitter = 0.2;
    options_.lease_for = 10000;
  }

  Worker make_worker() {
    return Worker(
        *queue_, options_, [this] { return now_; }, [] { return 0.5; },  // 0.5: no jitter
        [this](const Job& j) {
          seen_payloads_.push_back(j.payload);
          ProcessOutcome o = script_.empty() ? ProcessOutcome::success() : script_.front();
          if (!script_.empty()) script_.pop_front();
          return o;
        });
  }
  static ProcessOutcome status(int s, std::optional<std::int64_t> retry_after = std::nullopt) {
    ProcessOutcome o;
    o.kind = ProcessOutcome::Kind::failed;
    o.http_status = s;
    o.retry_after_ms = retry_after;
    o.error = "upstream " + std::to_string(s);
    return o;
  }

  test::TempDir tmp_{"sarcoma-worker"};
  const fs::path& dir_ = tmp_.path();
  std::unique_ptr<SqliteJobQueue> queue_;
  WorkerOptions options_;
  Millis now_ = 1'000'000;
  std::deque<ProcessOutcome> script_;
  std::vector<std::string> seen_payloads_;
};

}  // namespace

TEST_F(WorkerTest, IdleWhenNothingQueued) {
  Worker w = make_worker();
  EXPECT_EQ(w.run_once(), WorkerStep::idle);
  EXPECT_TRUE(seen_payloads_.empty());
}

TEST_F(WorkerTest, SuccessCompletesTheJob) {
  ASSERT_TRUE(queue_->enqueue({"assess-report", "R1", "k1"}, now_).ok());
  Worker w = make_worker();
  EXPECT_EQ(w.run_once(), WorkerStep::completed);
  EXPECT_EQ(queue_->counts()->done, 1);
  EXPECT_EQ(seen_payloads_, std::vector<std::string>{"R1"});
}

TEST_F(WorkerTest, ServiceUnavailableThenRecoveryIsDelivered) {
  ASSERT_TRUE(queue_->enqueue({"assess-report", "R1", "k1"}, now_).ok());
  script_ = {status(503)};
  Worker w = make_worker();
  EXPECT_EQ(w.run_once(), WorkerStep::retried);
  // Backoff: not due before base_delay_ms has passed.
  now_ += 999;
  EXPECT_EQ(w.run_once(), WorkerStep::idle);
  now_ += 1;
  EXPECT_EQ(w.run_once(), WorkerStep::completed);
  EXPECT_EQ(queue_->counts()->done, 1);
  EXPECT_EQ(seen_payloads_.size(), 2u);
}

TEST_F(WorkerTest, AlwaysFailingIsDeadLetteredAfterMaxAttemptsWithGrowingDelays) {
  ASSERT_TRUE(queue_->enqueue({"assess-report", "R1", "k1"}, now_).ok());
  script_ = {status(500), status(502), status(503), status(504)};
  Worker w = make_worker();
  // Steps the clock in 100 ms ticks until the job is processed again (bounded).
  auto advance_until_processed = [&] {
    for (int i = 0; i < 2000; ++i) {
      WorkerStep s = w.run_once();
      if (s != WorkerStep::idle) return s;
      now_ += 100;
    }
    return WorkerStep::idle;
  };
  ASSERT_EQ(w.run_once(), WorkerStep::retried);  // attempt 1
  Millis t = now_;
  ASSERT_EQ(advance_until_processed(), WorkerStep::retried);  // attempt 2 after 1 s
  EXPECT_EQ(now_ - t, 1000);
  t = now_;
  ASSERT_EQ(advance_until_processed(), WorkerStep::retried);  // attempt 3 after 2 s
  EXPECT_EQ(now_ - t, 2000);
  t = now_;
  ASSERT_EQ(advance_until_processed(), WorkerStep::dead_lettered);  // attempt 4 = max_attempts
  EXPECT_EQ(now_ - t, 4000);
  auto dead = queue_->list_dead(10);
  ASSERT_TRUE(dead.ok());
  ASSERT_EQ(dead->size(), 1u);
  EXPECT_EQ((*dead)[0].attempts, 4);
  EXPECT_EQ((*dead)[0].last_error, "upstream 504");
}

TEST_F(WorkerTest, ClientErrorIsDeadLetteredAtOnce) {
  ASSERT_TRUE(queue_->enqueue({"assess-report", "R1", "k1"}, now_).ok());
  script_ = {status(422)};
  Worker w = make_worker();
  EXPECT_EQ(w.run_once(), WorkerStep::dead_lettered);
  EXPECT_EQ(queue_->counts()->dead, 1);
}

TEST_F(WorkerTest, UnusableInputIsDeadLetteredAtOnceWhateverTheStatus) {
  ASSERT_TRUE(queue_->enqueue({"assess-report", "R1", "k1"}, now_).ok());
  ProcessOutcome o = status(0);
  o.unusable_input = true;
  script_ = {o};
  Worker w = make_worker();
  EXPECT_EQ(w.run_once(), WorkerStep::dead_lettered);
}

TEST_F(WorkerTest, TooManyRequestsHonoursRetryAfter) {
  ASSERT_TRUE(queue_->enqueue({"assess-report", "R1", "k1"}, now_).ok());
  script_ = {status(429, 30000)};
  Worker w = make_worker();
  EXPECT_EQ(w.run_once(), WorkerStep::retried);
  now_ += 29999;
  EXPECT_EQ(w.run_once(), WorkerStep::idle);
  now_ += 1;
  EXPECT_EQ(w.run_once(), WorkerStep::completed);
}

TEST_F(WorkerTest, DeadLetteredJobRequeuedIsDelivered) {
  ASSERT_TRUE(queue_->enqueue({"assess-report", "R1", "k1"}, now_).ok());
  script_ = {status(400)};
  Worker w = make_worker();
  ASSERT_EQ(w.run_once(), WorkerStep::dead_lettered);
  auto dead = queue_->list_dead(1);
  ASSERT_TRUE(queue_->requeue_dead((*dead)[0].id, now_).ok());
  EXPECT_EQ(w.run_once(), WorkerStep::completed);
}
