#include "adapter/service/intake.hpp"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>

#include "adapter/service/notification.hpp"

namespace sarcoma::service {
namespace {

HttpResponse text_response(int status, std::string body, std::string type = "text/plain; charset=utf-8") {
  HttpResponse r;
  r.status = status;
  r.content_type = std::move(type);
  r.body = std::move(body);
  return r;
}

// POST /notify: acknowledged (200) only after every job it implies is committed to the queue.
HttpResponse handle_notify(const HttpRequest& req, IntakeContext& ctx) {
  if (req.body.size() > ctx.max_body_bytes) {
    return error_response(413, "too-long", "notification larger than the configured limit");
  }
  auto n = read_notification(req.body);
  if (!n.ok()) return outcome_response(400, n.error());  // the queue is untouched

  const Millis now = ctx.clock();
  for (const auto& ref : n->focus) {
    // Dedupe key = the (versioned) reference: repeated notifications for one version make one job.
    auto r = ctx.queue.enqueue(NewJob{kJobFetchReport, ref, ref}, now);
    if (!r.ok()) return error_response(503, "transient", "queue unavailable; notification not accepted");
    if (!r->duplicate) ctx.metrics.received_notify.Increment();
  }
  if (n->needs_poll) {
    auto r = ctx.queue.enqueue(NewJob{kJobPoll, "", "poll"}, now);
    if (!r.ok()) return error_response(503, "transient", "queue unavailable; notification not accepted");
  }
  return text_response(200,
                       std::string("{\"accepted\":\"") + to_string(n->kind) +
                           "\",\"jobs\":" + std::to_string(n->focus.size() + (n->needs_poll ? 1 : 0)) + "}",
                       "application/json");
}

}  // namespace

void add_intake_routes(Router& router, IntakeContext& ctx) {
  router.add("GET", "/livez", [](const HttpRequest&) { return text_response(200, "ok\n"); });
  router.add("GET", "/readyz", [&ctx](const HttpRequest&) {
    return ctx.ready.load() ? text_response(200, "ready\n") : text_response(503, "not ready\n");
  });
  router.add("GET", "/metrics", [&ctx](const HttpRequest&) {
    if (auto c = ctx.queue.counts(); c.ok())
      ctx.metrics.queue_depth.Set(static_cast<double>(c->pending + c->leased));
    return text_response(200, ctx.metrics.text(), "text/plain; version=0.0.4");
  });
  router.add("POST", "/notify", [&ctx](const HttpRequest& req) { return handle_notify(req, ctx); });
}

}  // namespace sarcoma::service
