#include "adapter/service/worker_pool.hpp"

#include <prometheus/counter.h>
#include <prometheus/histogram.h>

#include <chrono>
#include <random>

#include "adapter/service/clock.hpp"
#include "adapter/service/log.hpp"

namespace sarcoma::service {

WorkerPool::WorkerPool(WorkerPoolOptions options, QueueFactory queues, ProcessFn process, Metrics& metrics)
    : options_(std::move(options)), queues_(std::move(queues)), process_(std::move(process)), metrics_(metrics) {}

WorkerPool::~WorkerPool() { stop(); }

QueueResult<Ok> WorkerPool::start() {
  for (int i = 0; i < options_.threads; ++i) {
    auto q = queues_();
    if (!q.ok()) {
      connections_.clear();
      return fail(std::move(q).error());
    }
    connections_.push_back(std::move(q).value());
  }
  std::random_device seeds;
  for (auto& q : connections_) {
    threads_.emplace_back([this, queue = q.get(), seed = seeds()] { run(*queue, seed); });
  }
  return Ok{};
}

void WorkerPool::notify() { wake_.notify_one(); }

void WorkerPool::stop() {
  stopping_ = true;
  wake_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

void WorkerPool::run(JobQueue& queue, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  // The processing function is wrapped to time it and log the job's identifiers (never content).
  ProcessFn timed = [this](const Job& job) {
    auto started = std::chrono::steady_clock::now();
    ProcessOutcome o = process_(job);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    metrics_.processing_seconds.Observe(seconds);
    log_event(o.kind == ProcessOutcome::Kind::ok ? LogLevel::info : LogLevel::warn, "job.processed",
              {{"job_id", std::to_string(job.id)},
               {"kind", job.kind},
               {"attempt", std::to_string(job.attempts)},
               {"outcome", o.kind == ProcessOutcome::Kind::ok ? "ok" : "failed"},
               {"http_status", std::to_string(o.http_status)},
               {"error", o.error},
               {"ms", std::to_string(static_cast<long long>(seconds * 1000))}});
    return o;
  };
  Worker worker(queue, options_.worker, now_millis, [&] { return uniform(rng); }, timed);
  while (!stopping_) {
    WorkerStep step = worker.run_once();
    switch (step) {
      case WorkerStep::completed: metrics_.processed.Increment(); continue;
      case WorkerStep::retried: metrics_.retried.Increment(); continue;
      case WorkerStep::dead_lettered:
        metrics_.dead_lettered.Increment();
        metrics_.failed.Increment();
        continue;
      case WorkerStep::store_error:
        log_event(LogLevel::error, "queue.error", {{"error", worker.last_store_error()}});
        break;
      case WorkerStep::idle: break;
    }
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait_for(lock, std::chrono::milliseconds(options_.idle_wait_ms), [this] { return stopping_.load(); });
  }
}

}  // namespace sarcoma::service
