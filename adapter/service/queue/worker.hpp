#pragma once
// One worker step: lease a job, hand it to the processing function, and settle it — completed,
// retried later with backoff, or dead-lettered. Clock and random source are injected, so every
// transition is testable without sleeping. The daemon runs this in a loop on each worker thread.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "adapter/service/queue/job_queue.hpp"
#include "adapter/service/queue/retry_policy.hpp"

namespace sarcoma::service {

struct ProcessOutcome {
  enum class Kind { ok, failed } kind = Kind::ok;
  int http_status = 0;          // upstream status when failed (0 = no response: timeout, refused, reset)
  bool unusable_input = false;  // the report itself cannot be processed: retrying cannot help
  std::optional<std::int64_t> retry_after_ms;
  std::string error;  // codes and statuses only: it is stored and listed by `dlq`, never patient data

  static ProcessOutcome success() { return {}; }
};

using ProcessFn = std::function<ProcessOutcome(const Job&)>;

enum class WorkerStep { idle, completed, retried, dead_lettered, store_error };
const char* to_string(WorkerStep s);

struct WorkerOptions {
  RetryPolicy retry;
  Millis lease_for = 5 * 60 * 1000;  // longer than the slowest upstream write, so leases do not lapse mid-job
};

class Worker {
 public:
  Worker(JobQueue& queue, WorkerOptions options, std::function<Millis()> clock,
         std::function<double()> uniform01, ProcessFn process)
      : queue_(queue),
        options_(options),
        clock_(std::move(clock)),
        uniform01_(std::move(uniform01)),
        process_(std::move(process)) {}

  // Leases and processes at most one job.
  WorkerStep run_once();

  const std::string& last_store_error() const { return store_error_; }

 private:
  JobQueue& queue_;
  WorkerOptions options_;
  std::function<Millis()> clock_;
  std::function<double()> uniform01_;
  ProcessFn process_;
  std::string store_error_;
};

}  // namespace sarcoma::service
