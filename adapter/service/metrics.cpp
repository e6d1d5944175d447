#include "adapter/service/metrics.hpp"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

namespace sarcoma::service {

struct Metrics::Families {
  prometheus::Family<prometheus::Counter>& received;
  prometheus::Family<prometheus::Counter>& jobs;
  prometheus::Family<prometheus::Gauge>& depth;
  prometheus::Family<prometheus::Histogram>& processing;
  prometheus::Family<prometheus::Histogram>& upstream;

  explicit Families(prometheus::Registry& r)
      : received(prometheus::BuildCounter()
                     .Name("sarcoma_reports_received_total")
                     .Help("Reports and notifications accepted, by intake endpoint")
                     .Register(r)),
        jobs(prometheus::BuildCounter()
                 .Name("sarcoma_jobs_total")
                 .Help("Queue job outcomes: processed, failed, retried, dead_lettered")
                 .Register(r)),
        depth(prometheus::BuildGauge()
                  .Name("sarcoma_queue_depth")
                  .Help("Jobs waiting or in progress")
                  .Register(r)),
        processing(prometheus::BuildHistogram()
                       .Name("sarcoma_processing_seconds")
                       .Help("Time to assess one report")
                       .Register(r)),
        upstream(prometheus::BuildHistogram()
                     .Name("sarcoma_upstream_seconds")
                     .Help("Time of one request to the upstream FHIR server")
                     .Register(r)) {}
};

namespace {
const prometheus::Histogram::BucketBoundaries kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                          0.1,    0.25,  0.5,    1,     2.5,  5,     10};
}

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      families_(std::make_unique<Families>(*registry_)),
      received_push(families_->received.Add({{"endpoint", "assess"}})),
      received_notify(families_->received.Add({{"endpoint", "notify"}})),
      processed(families_->jobs.Add({{"outcome", "processed"}})),
      failed(families_->jobs.Add({{"outcome", "failed"}})),
      retried(families_->jobs.Add({{"outcome", "retried"}})),
      dead_lettered(families_->jobs.Add({{"outcome", "dead_lettered"}})),
      queue_depth(families_->depth.Add({})),
      processing_seconds(families_->processing.Add({}, kBuckets)),
      upstream_seconds(families_->upstream.Add({}, kBuckets)) {}

Metrics::~Metrics() = default;

std::string Metrics::text() const {
  prometheus::TextSerializer serializer;
  return serializer.Serialize(registry_->Collect());
}

}  // namespace sarcoma::service
