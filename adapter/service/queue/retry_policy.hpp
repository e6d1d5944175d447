#pragma once
// When to try a failed job again, and when to give up. Pure: the random draw is passed in.
#include <cstdint>
#include <optional>

namespace sarcoma::service {

enum class FailureKind {
  transient,  // 5xx, 408, 429, timeout, connection refused/reset: worth retrying
  permanent,  // other 4xx, unusable input: retrying cannot help -> dead-letter at once
};

// Classifies an HTTP status from the upstream server (0 = no response: connection/timeout).
FailureKind classify_http_status(int status);

struct RetryPolicy {
  int max_attempts = 8;  // leases in total, the first one included
  std::int64_t base_delay_ms = 1000;
  std::int64_t max_delay_ms = 5 * 60 * 1000;
  double jitter = 0.2;  // ± fraction of the delay, to spread a thundering herd
};

struct RetryDecision {
  bool dead_letter = false;
  std::int64_t delay_ms = 0;  // when not dead-lettered
};

// attempts: how many times the job has been tried (>= 1). uniform01: a draw in [0, 1).
// retry_after_ms: the server's Retry-After, honoured (capped at max_delay_ms) when present.
RetryDecision decide_retry(const RetryPolicy& policy, FailureKind kind, int attempts, double uniform01,
                           std::optional<std::int64_t> retry_after_ms = std::nullopt);

}  // namespace sarcoma::service
