#include "adapter/service/queue/sqlite_job_queue.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "tests/service/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace sarcoma::service;

namespace {

class QueueTest : public ::testing::Test {
 protected:
  std::unique_ptr<SqliteJobQueue> open(SqliteQueueOptions o = {}) {
    auto q = SqliteJobQueue::open(path_, o);
    EXPECT_TRUE(q.ok()) << (q.ok() ? "" : q.error());
    return q.ok() ? std::move(q).value() : nullptr;
  }

  test::TempDir tmp_{"sarcoma-queue"};
  std::string path_ = tmp_.file("queue.db");
};

NewJob job(std::string key, std::string payload = "{}") {
  return NewJob{"assess-report", std::move(payload), std::move(key)};
}

}  // namespace

TEST_F(QueueTest, LeaseReturnsOldestDueJobAndCompleteSettlesIt) {
  auto q = open();
  ASSERT_TRUE(q->enqueue(job("a", "first"), 100).ok());
  ASSERT_TRUE(q->enqueue(job("b", "second"), 101).ok());
  auto j = q->lease(200, 1000);
  ASSERT_TRUE(j.ok());
  ASSERT_TRUE(j->has_value());
  EXPECT_EQ((*j)->payload, "first");
  EXPECT_EQ((*j)->attempts, 1);
  ASSERT_TRUE(q->complete((*j)->id, (*j)->lease_token, 300).ok());
  auto c = q->counts();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->done, 1);
  EXPECT_EQ(c->pending, 1);
}

TEST_F(QueueTest, NothingDueGivesEmptyLease) {
  auto q = open();
  auto j = q->lease(0, 1000);
  ASSERT_TRUE(j.ok());
  EXPECT_FALSE(j->has_value());
}

TEST_F(QueueTest, DuplicateKeyWhileOpenIsNotEnqueuedTwice) {
  auto q = open();
  auto a = q->enqueue(job("DiagnosticReport/1/_history/2"), 1);
  auto b = q->enqueue(job("DiagnosticReport/1/_history/2"), 2);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_FALSE(a->duplicate);
  EXPECT_TRUE(b->duplicate);
  EXPECT_EQ(a->id, b->id);
  // Once done, the same key may come again (a later notification for a new version).
  auto l = q->lease(3, 100);
  ASSERT_TRUE(q->complete((*l)->id, (*l)->lease_token, 4).ok());
  auto c = q->enqueue(job("DiagnosticReport/1/_history/2"), 5);
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->duplicate);
  EXPECT_NE(c->id, a->id);
}

TEST_F(QueueTest, ExpiredLeaseComesBackAndStaleWorkerCannotSettle) {
  auto q = open();
  ASSERT_TRUE(q->enqueue(job("k"), 0).ok());
  auto first = q->lease(10, 100);
  ASSERT_TRUE(first.ok() && first->has_value());
  // Still leased before the lease ends.
  EXPECT_FALSE(q->lease(50, 100)->has_value());
  // The first worker "crashed": after the lease ends another worker gets the job.
  auto second = q->lease(111, 100);
  ASSERT_TRUE(second.ok() && second->has_value());
  EXPECT_EQ((*second)->id, (*first)->id);
  EXPECT_EQ((*second)->attempts, 2);
  EXPECT_FALSE(q->complete((*first)->id, (*first)->lease_token, 120).ok());
  EXPECT_TRUE(q->complete((*second)->id, (*second)->lease_token, 120).ok());
}

TEST_F(QueueTest, RetryLaterHidesJobUntilItsTime) {
  auto q = open();
  ASSERT_TRUE(q->enqueue(job("k"), 0).ok());
  auto j = q->lease(0, 100);
  ASSERT_TRUE(q->retry_later((*j)->id, (*j)->lease_token, 5000, "upstream 503").ok());
  EXPECT_FALSE(q->lease(4999, 100)->has_value());
  auto again = q->lease(5000, 100);
  ASSERT_TRUE(again->has_value());
  EXPECT_EQ((*again)->last_error, "upstream 503");
  EXPECT_EQ((*again)->attempts, 2);
}

TEST_F(QueueTest, DeadLetterListShowAndRequeue) {
  auto q = open();
  ASSERT_TRUE(q->enqueue(job("k", "payload-bytes"), 0).ok());
  auto j = q->lease(0, 100);
  ASSERT_TRUE(q->dead_letter((*j)->id, (*j)->lease_token, 10, "upstream 422").ok());
  EXPECT_FALSE(q->lease(20, 100)->has_value());
  auto dead = q->list_dead(10);
  ASSERT_TRUE(dead.ok());
  ASSERT_EQ(dead->size(), 1u);
  EXPECT_EQ((*dead)[0].last_error, "upstream 422");
  auto shown = q->show((*j)->id);
  ASSERT_TRUE(shown.ok() && shown->has_value());
  EXPECT_EQ((*shown)->payload, "payload-bytes");
  auto rq = q->requeue_dead((*j)->id, 30);
  ASSERT_TRUE(rq.ok());
  EXPECT_TRUE(*rq);
  EXPECT_FALSE(*q->requeue_dead((*j)->id, 31));  // no longer dead
  auto again = q->lease(40, 100);
  ASSERT_TRUE(again->has_value());
  EXPECT_EQ((*again)->attempts, 1);  // fresh retry budget
}

TEST_F(QueueTest, PoisonJobIsDeadLetteredAfterRepeatedExpiredLeases) {
  SqliteQueueOptions o;
  o.max_lease_attempts = 3;
  auto q = open(o);
  ASSERT_TRUE(q->enqueue(job("poison"), 0).ok());
  sarcoma::service::Millis t = 0;
  for (int i = 0; i < 3; ++i) {
    auto j = q->lease(t, 10);
    ASSERT_TRUE(j->has_value()) << i;
    t += 11;  // worker died; lease expires
  }
  EXPECT_FALSE(q->lease(t, 10)->has_value());
  auto dead = q->list_dead(10);
  ASSERT_EQ(dead->size(), 1u);
  EXPECT_NE((*dead)[0].last_error.find("lease expired"), std::string::npos);
}

TEST_F(QueueTest, AcknowledgedJobSurvivesKillMinus9) {
  // A child process enqueues, reports the id through a pipe (the "acknowledgement"), then is
  // killed with SIGKILL before it can close anything. The job must be on disk.
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(fds[0]);
    auto q = SqliteJobQueue::open(path_);
    if (!q.ok()) ::_exit(2);
    auto r = (*q)->enqueue(job("crash", "durable"), 1);
    if (!r.ok()) ::_exit(3);
    std::int64_t id = r->id;
    if (::write(fds[1], &id, sizeof id) != sizeof id) ::_exit(4);
    ::pause();  // wait to be killed
    ::_exit(0);
  }
  ::close(fds[1]);
  std::int64_t id = 0;
  ASSERT_EQ(::read(fds[0], &id, sizeof id), static_cast<ssize_t>(sizeof id));
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  auto q = open();
  auto shown = q->show(id);
  ASSERT_TRUE(shown.ok() && shown->has_value());
  EXPECT_EQ((*shown)->payload, "durable");
}

TEST_F(QueueTest, ConcurrentWorkersOnSeparateConnectionsNeverShareAJob) {
  constexpr int kJobs = 200;
  {
    auto q = open();
    for (int i = 0; i < kJobs; ++i) ASSERT_TRUE(q->enqueue(job("k" + std::to_string(i)), i).ok());
  }
  std::mutex m;
  std::map<std::int64_t, int> seen;
  std::atomic<int> errors{0};
  auto worker = [&] {
    auto q = SqliteJobQueue::open(path_);
    if (!q.ok()) {
      ++errors;
      return;
    }
    for (int n = 0; n < kJobs; ++n) {  // bounded loop
      auto j = (*q)->lease(1'000'000, 60'000);
      if (!j.ok()) {
        ++errors;
        continue;
      }
      if (!j->has_value()) break;
      {
        std::lock_guard g(m);
        ++seen[(*j)->id];
      }
      if (!(*q)->complete((*j)->id, (*j)->lease_token, 1'000'001).ok()) ++errors;
    }
  };
  std::thread a(worker), b(worker);
  a.join();
  b.join();
  EXPECT_EQ(errors.load(), 0);
  ASSERT_EQ(seen.size(), static_cast<std::size_t>(kJobs));
  for (auto& [id, n] : seen) EXPECT_EQ(n, 1) << "job " << id;
}

TEST_F(QueueTest, OpenFailsClearlyOnUnwritablePath) {
  auto q = SqliteJobQueue::open("/nonexistent-dir/for/sure/queue.db");
  ASSERT_FALSE(q.ok());
  EXPECT_NE(q.error().find("cannot open queue database"), std::string::npos);
}

TEST_F(QueueTest, ReleasedLeasesAreDueAtOnceAndStillCountAsAttempts) {
  auto q = open();
  ASSERT_TRUE(q->enqueue(job("a"), 0).ok());
  ASSERT_TRUE(q->enqueue(job("b"), 0).ok());
  auto held = q->lease(10, 300000);  // a worker that will "die" holding a 5-minute lease
  ASSERT_TRUE(held.ok() && held->has_value());
  auto other = q->lease(10, 300000);
  ASSERT_TRUE(other.ok() && other->has_value());
  ASSERT_TRUE(q->complete((*other)->id, (*other)->lease_token, 20).ok());
  EXPECT_FALSE(q->lease(30, 1000)->has_value());  // still held
  auto released = q->release_leases(40);
  ASSERT_TRUE(released.ok());
  EXPECT_EQ(*released, 1);  // only the open lease; done jobs are untouched
  auto again = q->lease(40, 1000);
  ASSERT_TRUE(again.ok() && again->has_value());
  EXPECT_EQ((*again)->id, (*held)->id);
  EXPECT_EQ((*again)->attempts, 2);
  EXPECT_FALSE(q->complete((*held)->id, (*held)->lease_token, 50).ok());  // the dead worker's token is stale
  EXPECT_EQ(*q->release_leases(60), 1);  // the new lease too, were this another start
}
