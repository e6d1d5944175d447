#include "adapter/service/daemon.hpp"

#include <prometheus/counter.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "adapter/core/rule_set.hpp"
#include "adapter/service/assess_route.hpp"
#include "adapter/service/cli.hpp"
#include "adapter/service/clock.hpp"
#include "adapter/service/http/bearer_auth.hpp"
#include "adapter/service/http/http_server.hpp"
#include "adapter/service/intake.hpp"
#include "adapter/service/log.hpp"
#include "adapter/service/poller.hpp"
#include "adapter/service/queue/sqlite_job_queue.hpp"
#include "adapter/service/report_processor.hpp"
#include "adapter/service/sinks.hpp"
#include "adapter/service/store/fhir_rest.hpp"
#include "adapter/service/store/sqlite_fhir_store.hpp"
#include "adapter/service/web/web_routes.hpp"
#include "adapter/service/worker_pool.hpp"
#include "mappings/rules.hpp"

namespace sarcoma::service {

int run_daemon(const Config& c) {
  init_logging(c.log_level);
  auto rules = core::RuleSet::load(c.mappings_dir.empty() ? mappings::default_mappings_dir() : c.mappings_dir);
  if (!rules.ok()) {
    for (const auto& i : rules.error()) std::fprintf(stderr, "sarcoma-adapter serve: rules: %s\n", i.diagnostics.c_str());
    return kExitSoftware;
  }
  std::error_code ec;
  std::filesystem::create_directories(c.data_dir, ec);
  // One daemon per data directory: the embedded queue and store assume it (leases of a previous
  // process are released at start). A second daemon on the same directory refuses to start.
  int lock_fd = ::open((c.data_dir + "/daemon.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock_fd < 0 || ::flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
    std::fprintf(stderr, "sarcoma-adapter serve: data directory %s is in use by another daemon\n", c.data_dir.c_str());
    return kExitUsage;
  }
  const std::string queue_path = c.data_dir + "/queue.db";
  auto queue = SqliteJobQueue::open(queue_path);
  if (!queue.ok()) {
    std::fprintf(stderr, "sarcoma-adapter serve: %s\n", queue.error().c_str());
    return kExitNoInput;
  }

  // Jobs a crashed predecessor held are due now, not when their leases would have run out.
  if (auto released = (*queue)->release_leases(now_millis()); released.ok() && *released > 0) {
    log_event(LogLevel::warn, "queue.leases_released", {{"jobs", std::to_string(*released)}});
  }

  // Where results go and where referenced reports come from: the upstream FHIR server, or the
  // embedded store served under /fhir.
  Metrics metrics;
  std::unique_ptr<store::SqliteFhirStore> embedded;
  std::unique_ptr<UpstreamSink> upstream;
  if (c.upstream.url.empty()) {
    auto s = store::SqliteFhirStore::open(c.data_dir + "/store.db");
    if (!s.ok()) {
      std::fprintf(stderr, "sarcoma-adapter serve: %s\n", s.error().c_str());
      return kExitNoInput;
    }
    embedded = std::move(s).value();
  } else {
    auto u = UpstreamSink::create(c, &metrics);
    if (!u.ok()) {
      std::fprintf(stderr, "sarcoma-adapter serve: upstream: %s\n", u.error().c_str());
      return kExitUsage;
    }
    upstream = std::move(u).value();
  }

  // Block the stop signals before any thread starts, so only sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  ProcessorContext processing{**rules, {}, {}, now_instant, SARCOMA_VERSION, &metrics, {}};
  PollContext polling{upstream ? upstream->searcher() : nullptr, queue->get(), now_millis, now_instant};
  if (upstream && c.poll.enabled) processing.poll = [&polling] { return poll_once(polling); };
  if (embedded) {
    processing.read = embedded_reader(*embedded);
    processing.write = embedded_writer(*embedded, now_millis);
    processing.search = embedded_searcher(*embedded);
  } else {
    processing.read = upstream->reader();
    processing.write = upstream->writer();
    processing.search = upstream_searcher(upstream->searcher());
  }
  WorkerPoolOptions pool_options;
  pool_options.threads = c.workers;
  pool_options.worker.retry = RetryPolicy{c.retry.max_attempts, c.retry.base_delay_ms, c.retry.max_delay_ms, 0.2};
  WorkerPool pool(
      pool_options,
      [&]() -> QueueResult<std::unique_ptr<JobQueue>> {
        auto q = SqliteJobQueue::open(queue_path);
        if (!q.ok()) return fail(std::move(q).error());
        return std::unique_ptr<JobQueue>(std::move(q).value());
      },
      [&processing](const Job& job) { return process_job(job, processing); }, metrics);

  // Without tokens the API is open, which is acceptable on loopback only.
  std::vector<std::string> tokens;
  if (!c.auth.bearer_tokens_env.empty()) {
    const char* v = std::getenv(c.auth.bearer_tokens_env.c_str());
    tokens = parse_token_list(v ? v : "");
    if (tokens.empty()) {
      std::fprintf(stderr, "sarcoma-adapter serve: auth.bearer_tokens_env names %s, which holds no token\n",
                   c.auth.bearer_tokens_env.c_str());
      return kExitUsage;
    }
  } else if (c.listen_host != "127.0.0.1" && c.listen_host != "::1" && c.listen_host != "localhost") {
    std::fprintf(stderr, "sarcoma-adapter serve: listening on %s needs auth.bearer_tokens_env (an open API is "
                 "allowed on loopback only)\n", c.listen_host.c_str());
    return kExitUsage;
  }

  // The review pages: reviewers from review.users_file, plus the API's bearer tokens.
  web::WebOptions web_options;
  web_options.bearer_tokens = tokens;
  web_options.session_idle_ms = static_cast<web::Millis>(c.review.session_idle_minutes) * 60 * 1000;
  web_options.secure_cookies = !c.tls.cert_file.empty();
  if (!c.review.users_file.empty()) {
    std::ifstream in(c.review.users_file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) {
      std::fprintf(stderr, "sarcoma-adapter serve: review.users_file %s cannot be read\n", c.review.users_file.c_str());
      return kExitUsage;
    }
    auto reviewers = web::parse_reviewers(text.str());
    if (!reviewers.ok()) {
      for (const auto& e : reviewers.error()) std::fprintf(stderr, "sarcoma-adapter serve: %s: %s\n", c.review.users_file.c_str(), e.c_str());
      return kExitUsage;
    }
    web_options.reviewers = std::move(reviewers).value();
  }
  web::WebApp web_app(**rules, processing.read, processing.search, processing.write, now_millis, now_instant,
                      SARCOMA_VERSION, std::move(web_options));

  std::atomic<bool> ready{false};
  IntakeContext intake{**queue, metrics, now_millis, ready, static_cast<std::size_t>(c.limits.max_body_bytes)};
  Router router;
  if (!tokens.empty()) router.set_guard(bearer_guard(tokens, {"/livez", "/readyz"}, web::WebApp::is_web_path));
  web_app.add_routes(router);
  add_intake_routes(router, intake);
  AssessRouteContext assess{**rules, metrics, now_instant, SARCOMA_VERSION};
  add_assess_routes(router, assess);
  if (embedded) {
    store::FhirRestOptions rest;
    rest.base_path = "/fhir";
    rest.max_body_bytes = static_cast<std::size_t>(c.limits.max_body_bytes);
    rest.clock = now_millis;
    rest.software_version = SARCOMA_VERSION;
    rest.on_report_stored = [&](const store::StoredRef& ref) {
      // Acknowledged writes are durable in the store; a job that fails to enqueue here is picked up
      // again by the reconciliation at the next start (enqueue_stored_reports).
      std::string reference = ref.type + "/" + ref.id + "/_history/" + std::to_string(ref.version);
      auto r = (*queue)->enqueue(NewJob{kJobFetchReport, reference, reference}, now_millis());
      if (!r.ok()) {
        log_event(LogLevel::error, "queue.enqueue_failed", {{"resource", ref.type + "/" + ref.id}});
        return;
      }
      if (!r->duplicate) metrics.received_push.Increment();
      pool.notify();
    };
    add_fhir_routes(router, *embedded, rest);
    // Reports stored before a crash between the store's commit and the enqueue are assessed now;
    // re-assessing an already assessed report rewrites identical resources (conditional updates).
    int reconciled = enqueue_stored_reports(*embedded, **queue, now_millis());
    if (reconciled > 0) log_event(LogLevel::info, "store.reconciled", {{"reports", std::to_string(reconciled)}});
  }

  if (auto started = pool.start(); !started.ok()) {
    std::fprintf(stderr, "sarcoma-adapter serve: workers: %s\n", started.error().c_str());
    return kExitNoInput;
  }
  HttpServerOptions http;
  http.host = c.listen_host;
  http.port = c.listen_port;
  http.threads = c.workers;
  http.max_body_bytes = static_cast<std::size_t>(c.limits.max_body_bytes);
  http.header_timeout_ms = c.limits.header_timeout_ms;
  http.read_timeout_ms = c.limits.read_timeout_ms;
  http.write_timeout_ms = c.limits.write_timeout_ms;
  http.tls_cert_file = c.tls.cert_file;
  http.tls_key_file = c.tls.key_file;
  HttpServer server(http, router);
  auto port = server.start();
  if (!port.ok()) {
    pool.stop();
    std::fprintf(stderr, "sarcoma-adapter serve: %s\n", port.error().c_str());
    return kExitNoInput;
  }
  ready = true;
  // One machine-readable line on stdout: which port (useful with --listen 127.0.0.1:0).
  std::printf("{\"event\":\"listening\",\"host\":\"%s\",\"port\":%d,\"scheme\":\"%s\",\"store\":\"%s\"}\n",
              c.listen_host.c_str(), *port, c.tls.cert_file.empty() ? "http" : "https", embedded ? "embedded" : "upstream");
  std::fflush(stdout);
  log_event(LogLevel::info, "listening", {{"port", std::to_string(*port)}, {"store", embedded ? "embedded" : "upstream"}});

  // The polling backstop: a poll job every interval (deduplicated while one is waiting).
  std::mutex poll_mutex;
  std::condition_variable poll_wake;
  bool stopping = false;
  std::thread poll_timer;
  if (processing.poll) {
    poll_timer = std::thread([&] {
      std::unique_lock<std::mutex> lock(poll_mutex);
      while (!stopping) {
        if (auto r = (*queue)->enqueue(NewJob{kJobPoll, "", "poll"}, now_millis()); !r.ok()) {
          log_event(LogLevel::error, "poll.enqueue_failed", {{"error", r.error()}});
        }
        pool.notify();
        poll_wake.wait_for(lock, std::chrono::seconds(c.poll.interval_s), [&] { return stopping; });
      }
    });
  }

  int sig = 0;
  sigwait(&stop_signals, &sig);
  if (poll_timer.joinable()) {
    {
      std::lock_guard<std::mutex> lock(poll_mutex);
      stopping = true;
    }
    poll_wake.notify_all();
    poll_timer.join();
  }
  // Drain: report not-ready first (load balancers stop sending), stop accepting, let the workers
  // finish the jobs in hand. Every acknowledged report is already committed, so nothing is lost;
  // a job interrupted by a harder stop returns to the queue when its lease expires.
  ready = false;
  server.stop();
  pool.stop();
  std::printf("{\"event\":\"stopped\",\"signal\":%d}\n", sig);
  std::fflush(stdout);
  log_event(LogLevel::info, "stopped", {{"signal", std::to_string(sig)}});
  return kExitOk;
}

}  // namespace sarcoma::service
