#pragma once
// The daemon's HTTP endpoints as a Router: intake (subscription notifications), health and
// metrics. Collaborators are injected; nothing here touches a socket.
#include <atomic>
#include <functional>

#include "adapter/service/http/router.hpp"
#include "adapter/service/metrics.hpp"
#include "adapter/service/queue/job_queue.hpp"

namespace sarcoma::service {

struct IntakeContext {
  JobQueue& queue;
  Metrics& metrics;
  std::function<Millis()> clock;
  const std::atomic<bool>& ready;  // false until started, and again while draining
  std::size_t max_body_bytes = 16 * 1024 * 1024;
};

// Job kinds written by intake.
inline constexpr const char* kJobFetchReport = "fetch-report";  // payload: a DiagnosticReport reference
inline constexpr const char* kJobPoll = "poll";                 // payload: empty; search by _lastUpdated

// GET /livez, GET /readyz, GET /metrics, POST /notify.
void add_intake_routes(Router& router, IntakeContext& context);

}  // namespace sarcoma::service
