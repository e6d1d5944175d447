#pragma once
// Prometheus metrics (prometheus-cpp core: registry and text format). Labels carry endpoint and
// outcome classes only: never a resource id, a name or a value.
#include <memory>
#include <string>

namespace prometheus {
class Registry;
class Counter;
class Gauge;
class Histogram;
}  // namespace prometheus

namespace sarcoma::service {

class Metrics {
  // Declared first: the public metric references below are initialised from them.
  struct Families;
  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<Families> families_;

 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  prometheus::Counter& received_push;
  prometheus::Counter& received_notify;
  prometheus::Counter& processed;
  prometheus::Counter& failed;
  prometheus::Counter& retried;
  prometheus::Counter& dead_lettered;
  prometheus::Gauge& queue_depth;
  prometheus::Histogram& processing_seconds;
  prometheus::Histogram& upstream_seconds;

  std::string text() const;  // the Prometheus text exposition format
};

}  // namespace sarcoma::service
