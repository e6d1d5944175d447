#include "adapter/service/serve_command.hpp"

#include <pthread.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>

#include "adapter/service/cli.hpp"
#include "adapter/service/config.hpp"
#include "adapter/service/http/http_server.hpp"
#include "adapter/service/intake.hpp"
#include "adapter/service/queue/sqlite_job_queue.hpp"

namespace sarcoma::service {
namespace {

Millis now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::optional<std::string> getenv_opt(std::string_view name) {
  const char* v = std::getenv(std::string(name).c_str());
  return v ? std::optional<std::string>(v) : std::nullopt;
}

}  // namespace

int run_serve(const std::vector<std::string_view>& args) {
  std::string config_path;
  std::map<std::string, std::string> overrides;  // command line wins over file and environment
  for (std::size_t i = 0; i < args.size(); ++i) {
    auto takes_value = [&](std::string_view flag) { return args[i] == flag && i + 1 < args.size(); };
    if (takes_value("--config")) {
      config_path = args[++i];
    } else if (takes_value("--listen")) {
      overrides["SARCOMA_LISTEN"] = args[++i];
    } else if (takes_value("--data-dir")) {
      overrides["SARCOMA_DATA_DIR"] = args[++i];
    } else if (takes_value("--upstream")) {
      overrides["SARCOMA_UPSTREAM"] = args[++i];
    } else {
      std::fprintf(stderr, "sarcoma-adapter serve: unknown or incomplete option '%.*s'\n",
                   static_cast<int>(args[i].size()), args[i].data());
      return kExitUsage;
    }
  }
  std::string json;
  if (!config_path.empty()) {
    std::ifstream in(config_path, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "sarcoma-adapter serve: cannot read config %s\n", config_path.c_str());
      return kExitNoInput;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    json = ss.str();
  }
  auto config = load_config(json, [&](std::string_view name) -> std::optional<std::string> {
    if (auto it = overrides.find(std::string(name)); it != overrides.end()) return it->second;
    return getenv_opt(name);
  });
  if (!config.ok()) {
    for (const auto& e : config.error())
      std::fprintf(stderr, "sarcoma-adapter serve: config: %s\n", e.c_str());
    return kExitUsage;
  }
  const Config& c = *config;

  std::error_code ec;
  std::filesystem::create_directories(c.data_dir, ec);
  auto queue = SqliteJobQueue::open(c.data_dir + "/queue.db");
  if (!queue.ok()) {
    std::fprintf(stderr, "sarcoma-adapter serve: %s\n", queue.error().c_str());
    return kExitNoInput;
  }

  // Block the stop signals before any thread starts, so only sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  Metrics metrics;
  std::atomic<bool> ready{false};
  IntakeContext intake{**queue, metrics, now_ms, ready, static_cast<std::size_t>(c.limits.max_body_bytes)};
  Router router;
  add_intake_routes(router, intake);

  HttpServerOptions http;
  http.host = c.listen_host;
  http.port = c.listen_port;
  http.threads = c.workers;
  http.max_body_bytes = static_cast<std::size_t>(c.limits.max_body_bytes);
  http.header_timeout_ms = c.limits.header_timeout_ms;
  http.read_timeout_ms = c.limits.read_timeout_ms;
  http.write_timeout_ms = c.limits.write_timeout_ms;
  HttpServer server(http, router);
  auto port = server.start();
  if (!port.ok()) {
    std::fprintf(stderr, "sarcoma-adapter serve: %s\n", port.error().c_str());
    return kExitNoInput;
  }
  ready = true;
  // One machine-readable line on stdout: which port (useful with --listen 127.0.0.1:0).
  std::printf("{\"event\":\"listening\",\"host\":\"%s\",\"port\":%d}\n", c.listen_host.c_str(), *port);
  std::fflush(stdout);

  int sig = 0;
  sigwait(&stop_signals, &sig);
  // Drain: report not-ready first (load balancers stop sending), then stop accepting and close.
  // Every acknowledged notification is already committed to the queue, so nothing is lost.
  ready = false;
  server.stop();
  std::printf("{\"event\":\"stopped\",\"signal\":%d}\n", sig);
  std::fflush(stdout);
  return kExitOk;
}

}  // namespace sarcoma::service
