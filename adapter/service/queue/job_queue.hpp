#pragma once
// The durable intake queue: at-least-once delivery with leases, bounded retries with exponential
// backoff and jitter, and a dead-letter state that can be reprocessed. Time is always passed in
// (milliseconds since the epoch) so behaviour is testable without sleeping.
// SQLite (WAL) is the embedded default; a PostgreSQL implementation (SKIP LOCKED) can sit behind
// the same interface for several replicas.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fhir/result.hpp"

namespace sarcoma::service {

using Millis = std::int64_t;

struct NewJob {
  std::string kind;        // "assess-report", "fetch-report", ...
  std::string payload;     // opaque bytes (a report, or a reference to fetch)
  std::string dedupe_key;  // same key while a job is pending/leased -> no second job
};

struct Job {
  std::int64_t id = 0;
  std::string kind;
  std::string payload;
  std::string dedupe_key;
  int attempts = 0;              // leases handed out so far, this one included
  std::int64_t lease_token = 0;  // must be presented to complete/fail: a stale worker cannot
                                 // settle a job whose lease expired and was handed to another
  std::string last_error;
};

enum class JobState { pending, leased, done, dead };
const char* to_string(JobState s);

struct EnqueueResult {
  std::int64_t id = 0;
  bool duplicate = false;  // an unfinished job with the same dedupe key already existed
};

struct DeadJob {
  std::int64_t id = 0;
  std::string kind;
  std::string dedupe_key;
  int attempts = 0;
  std::string last_error;
  Millis dead_since = 0;
};

struct QueueCounts {
  std::int64_t pending = 0;
  std::int64_t leased = 0;
  std::int64_t done = 0;
  std::int64_t dead = 0;
};

using QueueError = std::string;  // what went wrong with the store itself (never patient data)

template <class T>
using QueueResult = Result<T, QueueError>;
struct Ok {};

class JobQueue {
 public:
  virtual ~JobQueue() = default;

  // Durable when it returns ok: the caller may acknowledge the sender afterwards.
  virtual QueueResult<EnqueueResult> enqueue(const NewJob& job, Millis now) = 0;

  // Hands out the oldest due job (pending and not before its retry time, or leased with an
  // expired lease: a crashed worker's job comes back) for `lease_for` milliseconds.
  virtual QueueResult<std::optional<Job>> lease(Millis now, Millis lease_for) = 0;

  // Settles a leased job. Fails if the lease token is stale.
  virtual QueueResult<Ok> complete(std::int64_t id, std::int64_t lease_token, Millis now) = 0;
  virtual QueueResult<Ok> retry_later(std::int64_t id, std::int64_t lease_token, Millis not_before,
                                      const std::string& error) = 0;
  virtual QueueResult<Ok> dead_letter(std::int64_t id, std::int64_t lease_token, Millis now,
                                      const std::string& error) = 0;

  // Dead-letter inspection and reprocessing.
  virtual QueueResult<std::vector<DeadJob>> list_dead(int limit) = 0;
  virtual QueueResult<std::optional<Job>> show(std::int64_t id) = 0;
  virtual QueueResult<bool> requeue_dead(std::int64_t id, Millis now) = 0;  // false: not dead

  virtual QueueResult<QueueCounts> counts() = 0;

  // At start, when this process is the only one using the queue (the daemon holds the data
  // directory's lock): every lease belongs to a worker that died, so it expires now instead of
  // after its visibility timeout. The lease still counts as an attempt (the poison cap). Returns
  // how many jobs were released.
  virtual QueueResult<std::int64_t> release_leases(Millis now) = 0;

  // Small durable values beside the jobs (the polling cursor); "" when never set. A value is
  // committed with the same durability as a job.
  virtual QueueResult<std::string> get_state(const std::string& key) = 0;
  virtual QueueResult<Ok> set_state(const std::string& key, const std::string& value) = 0;
};

}  // namespace sarcoma::service
