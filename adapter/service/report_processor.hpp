#pragma once
// What a queue worker does with one job: get the report (from the job itself, or by reference from
// the embedded store or the upstream server), run the pure pipeline, write the transaction Bundle
// to the sink. Every failure is classified for the queue: unusable input is dead-lettered at once,
// a sink that is down is retried with backoff.
#include <functional>
#include <string>
#include <string_view>

#include "adapter/core/rule_set.hpp"
#include "adapter/service/metrics.hpp"
#include "adapter/service/queue/job_queue.hpp"
#include "adapter/service/queue/worker.hpp"
#include "adapter/service/store/url.hpp"
#include "fhir/result.hpp"

namespace sarcoma::service {

// Job kind: the payload is the report itself (a Bundle or DiagnosticReport, JSON or XML).
inline constexpr const char* kJobAssessReport = "assess-report";

// Reads one resource by "Type/id" (JSON text), from the embedded store or the upstream server.
using ResourceReader = std::function<Result<std::string, ProcessOutcome>(std::string_view type_and_id)>;

// Every resource of `type` matching FHIR search `params` (JSON texts), at most `limit`; errors are
// one plain sentence (status codes, no values). The worklist and the reviewed-case guard use it.
using ResourceSearcher = std::function<Result<std::vector<std::string>, std::string>(
    std::string_view type, const store::QueryParams& params, std::size_t limit)>;

// Writes a transaction Bundle (JSON) and says how it went.
using TransactionWriter = std::function<ProcessOutcome(const std::string& transaction_json)>;

// The report `reference` ("DiagnosticReport/x", optionally ".../_history/n") and every Observation
// it reaches through result and hasMember (at most `max_resources`), as a collection Bundle (JSON).
// Servers that ignore _include (Medplum) are handled the same way as those that honour it.
Result<std::string, ProcessOutcome> assemble_report(std::string_view reference, const ResourceReader& read,
                                                    int max_resources = 200);

struct ProcessorContext {
  const core::RuleSet& rules;
  TransactionWriter write;
  ResourceReader read;  // for jobs that carry a reference
  std::function<std::string()> now_instant;
  std::string adapter_version;
  Metrics* metrics = nullptr;
  std::function<ProcessOutcome()> poll = nullptr;  // for poll jobs (upstream polling); empty: not configured
  // Finds the review Task already written for a report; set, re-assessing a report whose review is
  // done leaves the reviewed resources alone (reviewed_guard.hpp). Empty: no guard.
  ResourceSearcher search = nullptr;
};

ProcessOutcome process_job(const Job& job, ProcessorContext& context);

}  // namespace sarcoma::service
