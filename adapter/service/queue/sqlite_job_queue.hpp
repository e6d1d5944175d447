#pragma once
// JobQueue on an embedded SQLite database in WAL mode with synchronous=FULL: a job is on disk
// before enqueue() returns, so a report acknowledged to its sender survives a crash or power loss.
#include <memory>
#include <mutex>
#include <string>

#include "adapter/service/queue/job_queue.hpp"

struct sqlite3;

namespace sarcoma::service {

struct SqliteQueueOptions {
  // A job whose lease has expired this many times (its worker died each time: a poison job that
  // crashes the process) is dead-lettered instead of handed out again.
  int max_lease_attempts = 8;
  int busy_timeout_ms = 5000;
};

class SqliteJobQueue final : public JobQueue {
 public:
  static QueueResult<std::unique_ptr<SqliteJobQueue>> open(const std::string& path,
                                                           const SqliteQueueOptions& options = {});
  ~SqliteJobQueue() override;
  SqliteJobQueue(const SqliteJobQueue&) = delete;
  SqliteJobQueue& operator=(const SqliteJobQueue&) = delete;

  QueueResult<EnqueueResult> enqueue(const NewJob& job, Millis now) override;
  QueueResult<std::optional<Job>> lease(Millis now, Millis lease_for) override;
  QueueResult<Ok> complete(std::int64_t id, std::int64_t lease_token, Millis now) override;
  QueueResult<Ok> retry_later(std::int64_t id, std::int64_t lease_token, Millis not_before,
                              const std::string& error) override;
  QueueResult<Ok> dead_letter(std::int64_t id, std::int64_t lease_token, Millis now,
                              const std::string& error) override;
  QueueResult<std::vector<DeadJob>> list_dead(int limit) override;
  QueueResult<std::optional<Job>> show(std::int64_t id) override;
  QueueResult<bool> requeue_dead(std::int64_t id, Millis now) override;
  QueueResult<QueueCounts> counts() override;
  QueueResult<std::int64_t> release_leases(Millis now) override;
  QueueResult<std::string> get_state(const std::string& key) override;
  QueueResult<Ok> set_state(const std::string& key, const std::string& value) override;

 private:
  SqliteJobQueue(sqlite3* db, SqliteQueueOptions options) : db_(db), options_(options) {}
  QueueResult<Ok> settle(std::int64_t id, std::int64_t lease_token, const char* state, Millis not_before,
                         Millis now, const std::string& error);

  sqlite3* db_;
  SqliteQueueOptions options_;
  std::mutex mutex_;  // one connection; transactions must not interleave between threads
};

}  // namespace sarcoma::service
