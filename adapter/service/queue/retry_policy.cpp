#include "adapter/service/queue/retry_policy.hpp"

#include <algorithm>

namespace sarcoma::service {

FailureKind classify_http_status(int status) {
  if (status == 0 || status == 408 || status == 429 || status >= 500) return FailureKind::transient;
  return FailureKind::permanent;
}

RetryDecision decide_retry(const RetryPolicy& policy, FailureKind kind, int attempts, double uniform01,
                           std::optional<std::int64_t> retry_after_ms) {
  RetryDecision d;
  if (kind == FailureKind::permanent || attempts >= policy.max_attempts) {
    d.dead_letter = true;
    return d;
  }
  // Exponential: base * 2^(attempts-1), capped before jitter so the cap holds.
  std::int64_t delay = policy.base_delay_ms;
  for (int i = 1; i < attempts && delay < policy.max_delay_ms; ++i) delay *= 2;
  delay = std::min(delay, policy.max_delay_ms);
  double factor = 1.0 + policy.jitter * (2.0 * std::clamp(uniform01, 0.0, 1.0) - 1.0);
  delay = std::clamp<std::int64_t>(static_cast<std::int64_t>(static_cast<double>(delay) * factor), 0,
                                   policy.max_delay_ms);
  if (retry_after_ms) delay = std::clamp<std::int64_t>(*retry_after_ms, delay, policy.max_delay_ms);
  d.delay_ms = delay;
  return d;
}

}  // namespace sarcoma::service
