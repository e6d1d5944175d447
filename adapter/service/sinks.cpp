#include "adapter/service/sinks.hpp"

#include "adapter/service/intake.hpp"

namespace sarcoma::service {
namespace {

ProcessOutcome store_failure(const store::StoreError& e) {
  ProcessOutcome o;
  o.kind = ProcessOutcome::Kind::failed;
  o.http_status = e.status;
  // Issue codes and element paths only: the store's diagnostics may quote the resource.
  o.error = "store " + std::to_string(e.status);
  for (std::size_t i = 0; i < e.issues.size() && i < 5; ++i) {
    o.error += " " + e.issues[i].code + (e.issues[i].expression.empty() ? "" : "@" + e.issues[i].expression);
  }
  return o;
}

}  // namespace

ResourceReader embedded_reader(store::FhirStore& s) {
  return [&s](std::string_view type_and_id) -> Result<std::string, ProcessOutcome> {
    auto slash = type_and_id.find('/');
    if (slash == std::string_view::npos) {
      ProcessOutcome o;
      o.kind = ProcessOutcome::Kind::failed;
      o.unusable_input = true;
      o.error = "not a Type/id reference";
      return fail(std::move(o));
    }
    auto r = s.read(type_and_id.substr(0, slash), type_and_id.substr(slash + 1));
    if (!r.ok()) return fail(store_failure(r.error()));
    return std::move(r->json);
  };
}

TransactionWriter embedded_writer(store::FhirStore& s, std::function<Millis()> clock) {
  return [&s, clock = std::move(clock)](const std::string& json) {
    auto r = s.process_bundle(json, clock(), "");
    if (!r.ok()) return store_failure(r.error());
    return ProcessOutcome::success();
  };
}

int enqueue_stored_reports(store::FhirStore& s, JobQueue& queue, Millis now) {
  int enqueued = 0;
  store::SearchQuery q;
  q.count = store::kMaxPageSize;
  for (q.offset = 0;; q.offset += q.count) {
    auto page = s.search("DiagnosticReport", q);
    if (!page.ok() || page->resources.empty()) break;
    for (const auto& r : page->resources) {
      std::string ref = r.type + "/" + r.id + "/_history/" + std::to_string(r.version);
      auto e = queue.enqueue(NewJob{kJobFetchReport, ref, ref}, now);
      if (e.ok() && !e->duplicate) ++enqueued;
    }
    if (static_cast<std::int64_t>(page->resources.size()) < q.count) break;
  }
  return enqueued;
}

}  // namespace sarcoma::service
