#pragma once
// Structured logs: one JSON object per line on stderr (spdlog), with a timestamp in UTC, the level,
// an event name and a few fields. Fields are identifiers and classes only - job ids, resource ids,
// HTTP statuses, issue codes - never names, narrative text or clinical values.
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace sarcoma::service {

enum class LogLevel { debug, info, warn, error };

// Once at start; `level` is one of debug | info | warn | error (config `log.level`).
void init_logging(std::string_view level);

using LogField = std::pair<std::string_view, std::string>;
void log_event(LogLevel level, std::string_view event, std::initializer_list<LogField> fields = {});

// JSON string escaping (exposed for tests).
std::string json_escape(std::string_view s);

}  // namespace sarcoma::service
