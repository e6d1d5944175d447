#pragma once
// The daemon's queue workers: N threads, each with its own queue connection (SQLite connections are
// not shared across threads), leasing and processing jobs until stopped. Stopping lets the job in
// hand finish and settle; a job interrupted by a crash comes back when its lease expires.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "adapter/service/metrics.hpp"
#include "adapter/service/queue/job_queue.hpp"
#include "adapter/service/queue/worker.hpp"

namespace sarcoma::service {

struct WorkerPoolOptions {
  int threads = 2;
  WorkerOptions worker;
  Millis idle_wait_ms = 200;  // how long an idle worker waits before looking again (or until woken)
};

using QueueFactory = std::function<QueueResult<std::unique_ptr<JobQueue>>()>;

class WorkerPool {
 public:
  WorkerPool(WorkerPoolOptions options, QueueFactory queues, ProcessFn process, Metrics& metrics);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Opens one queue per thread and starts them; fails (nothing started) when a queue cannot open.
  QueueResult<Ok> start();
  // Wakes an idle worker at once (a job was just enqueued).
  void notify();
  // Finishes the jobs in hand and joins.
  void stop();

 private:
  void run(JobQueue& queue, unsigned seed);

  WorkerPoolOptions options_;
  QueueFactory queues_;
  ProcessFn process_;
  Metrics& metrics_;
  std::vector<std::unique_ptr<JobQueue>> connections_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
};

}  // namespace sarcoma::service
