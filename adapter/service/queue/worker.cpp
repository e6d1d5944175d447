#include "adapter/service/queue/worker.hpp"

namespace sarcoma::service {

const char* to_string(WorkerStep s) {
  switch (s) {
    case WorkerStep::idle: return "idle";
    case WorkerStep::completed: return "completed";
    case WorkerStep::retried: return "retried";
    case WorkerStep::dead_lettered: return "dead-lettered";
    case WorkerStep::store_error: return "store-error";
  }
  return "idle";
}

WorkerStep Worker::run_once() {
  auto leased = queue_.lease(clock_(), options_.lease_for);
  if (!leased.ok()) {
    store_error_ = leased.error();
    return WorkerStep::store_error;
  }
  if (!leased->has_value()) return WorkerStep::idle;
  const Job& job = **leased;

  ProcessOutcome outcome = process_(job);
  if (outcome.kind == ProcessOutcome::Kind::ok) {
    auto done = queue_.complete(job.id, job.lease_token, clock_());
    if (!done.ok()) {
      // The lease lapsed and another worker holds the job: it will be written again, which is
      // harmless because every write is an idempotent conditional update.
      store_error_ = done.error();
      return WorkerStep::store_error;
    }
    return WorkerStep::completed;
  }

  FailureKind kind =
      outcome.unusable_input ? FailureKind::permanent : classify_http_status(outcome.http_status);
  RetryDecision d = decide_retry(options_.retry, kind, job.attempts, uniform01_(), outcome.retry_after_ms);
  const Millis now = clock_();
  auto settled = d.dead_letter ? queue_.dead_letter(job.id, job.lease_token, now, outcome.error)
                               : queue_.retry_later(job.id, job.lease_token, now + d.delay_ms, outcome.error);
  if (!settled.ok()) {
    store_error_ = settled.error();
    return WorkerStep::store_error;
  }
  return d.dead_letter ? WorkerStep::dead_lettered : WorkerStep::retried;
}

}  // namespace sarcoma::service
