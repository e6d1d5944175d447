#include "adapter/service/log.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>

namespace sarcoma::service {
namespace {

std::shared_ptr<spdlog::logger> logger() {
  static std::shared_ptr<spdlog::logger> l = [] {
    auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    auto lg = std::make_shared<spdlog::logger>("sarcoma", sink);
    // The message (%v) is the rest of a JSON object built by log_event.
    lg->set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",%v})", spdlog::pattern_time_type::utc);
    lg->set_level(spdlog::level::info);
    lg->flush_on(spdlog::level::info);
    return lg;
  }();
  return l;
}

spdlog::level::level_enum to_spdlog(LogLevel l) {
  switch (l) {
    case LogLevel::debug: return spdlog::level::debug;
    case LogLevel::info: return spdlog::level::info;
    case LogLevel::warn: return spdlog::level::warn;
    case LogLevel::error: return spdlog::level::err;
  }
  return spdlog::level::info;
}

}  // namespace

std::string json_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out;
}

void init_logging(std::string_view level) {
  auto lg = logger();
  if (level == "debug") lg->set_level(spdlog::level::debug);
  else if (level == "warn") lg->set_level(spdlog::level::warn);
  else if (level == "error") lg->set_level(spdlog::level::err);
  else lg->set_level(spdlog::level::info);
}

void log_event(LogLevel level, std::string_view event, std::initializer_list<LogField> fields) {
  auto lg = logger();
  if (!lg->should_log(to_spdlog(level))) return;
  std::string msg = "\"event\":\"" + json_escape(event) + "\"";
  for (const auto& [k, v] : fields) msg += ",\"" + json_escape(k) + "\":\"" + json_escape(v) + "\"";
  lg->log(to_spdlog(level), msg);
}

}  // namespace sarcoma::service
