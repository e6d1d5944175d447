#pragma once
// The polling backstop for unreliable subscription delivery (DESIGN.md, "Daemon"): one poll asks
// the upstream server for DiagnosticReports updated after a persisted cursor, in _lastUpdated
// order, follows Bundle.link "next" (bounded), enqueues one fetch-report job per report version
// (deduplicated with the notifications' jobs by the versioned reference) and only then advances
// the cursor - so a crash mid-poll repeats work, never skips it. The first poll of a new data
// directory only sets the cursor to now: a backlog is loaded with `submit`/`batch`, not by surprise.
#include <functional>
#include <string>

#include "adapter/service/fhir_client/http_client.hpp"
#include "adapter/service/queue/job_queue.hpp"
#include "adapter/service/queue/worker.hpp"

namespace sarcoma::service {

inline constexpr const char* kPollCursorKey = "poll.cursor";

struct PollContext {
  // GET [base]/relative (e.g. "DiagnosticReport?_lastUpdated=gt...").
  std::function<Result<HttpResult, TransportError>(const std::string& relative)> get;
  JobQueue* queue = nullptr;
  std::function<Millis()> clock;
  std::function<std::string()> now_instant;
  int page_size = 100;
  int max_pages = 50;  // per poll; the next poll continues from the cursor
};

ProcessOutcome poll_once(PollContext& context);

}  // namespace sarcoma::service
