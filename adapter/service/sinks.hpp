#pragma once
// The two places results go and referenced reports come from, as the job processor's reader and
// writer: the embedded FHIR store, or the upstream FHIR server (upstream_sink.hpp).
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "adapter/service/config.hpp"
#include "adapter/service/metrics.hpp"
#include "adapter/service/fhir_client/http_client.hpp"
#include "adapter/service/queue/job_queue.hpp"
#include "adapter/service/report_processor.hpp"
#include "adapter/service/store/fhir_store.hpp"

namespace sarcoma::service {

// "Type/id" -> the stored JSON; 404/410 keep their status (a missing report is dead-lettered).
ResourceReader embedded_reader(store::FhirStore& store);
// A transaction Bundle -> one all-or-nothing store transaction; failures keep the store's status.
TransactionWriter embedded_writer(store::FhirStore& store, std::function<Millis()> clock);

ResourceSearcher embedded_searcher(store::FhirStore& store);
// The same over GET [base]/[type]?params on the upstream server, following Bundle `next` links.
ResourceSearcher upstream_searcher(std::function<Result<HttpResult, TransportError>(const std::string&)> get);

// Enqueues an assessment job for the current version of every DiagnosticReport in the store (the
// dedupe key is the versioned reference, so a job already waiting is not doubled). Returns how many
// jobs were enqueued.
int enqueue_stored_reports(store::FhirStore& store, JobQueue& queue, Millis now);

// The upstream FHIR server through FhirClient (TLS, bearer token, timeouts).
class UpstreamSink {
 public:
  // `metrics` (may be null) receives the latency of every upstream request.
  static Result<std::unique_ptr<UpstreamSink>, std::string> create(const Config& config, Metrics* metrics = nullptr);
  virtual ~UpstreamSink() = default;
  virtual ResourceReader reader() = 0;
  virtual TransactionWriter writer() = 0;
  // GET [base]/relative, for polling.
  virtual std::function<Result<HttpResult, TransportError>(const std::string&)> searcher() = 0;
};

}  // namespace sarcoma::service
