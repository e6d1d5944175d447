#include "adapter/service/batch/tally.hpp"

#include <cstdio>
#include <sstream>

namespace sarcoma::service::batch {

void Tally::add(const Tally& other) {
  lines += other.lines;
  ok += other.ok;
  failed += other.failed;
  reports += other.reports;
  sarcoma += other.sarcoma;
  for (const auto& [reason, n] : other.routed) routed[reason] += n;
}

std::string serialise(const Tally& t) {
  std::string s = std::to_string(t.lines) + ' ' + std::to_string(t.ok) + ' ' + std::to_string(t.failed) +
                  ' ' + std::to_string(t.reports) + ' ' + std::to_string(t.sarcoma);
  // Reason codes are table data (mappings/review_reasons.json): tokens without spaces or '='.
  for (const auto& [reason, n] : t.routed) s += ' ' + reason + '=' + std::to_string(n);
  return s;
}

std::optional<Tally> parse_tally(std::string_view text) {
  std::istringstream in{std::string(text)};
  Tally t;
  if (!(in >> t.lines >> t.ok >> t.failed >> t.reports >> t.sarcoma)) return std::nullopt;
  if (t.lines < 0 || t.ok < 0 || t.failed < 0 || t.reports < 0 || t.sarcoma < 0) return std::nullopt;
  std::string word;
  while (in >> word) {
    auto eq = word.find('=');
    if (eq == std::string::npos || eq == 0) return std::nullopt;
    try {
      std::size_t used = 0;
      long long n = std::stoll(word.substr(eq + 1), &used);
      if (used != word.size() - eq - 1 || n < 0) return std::nullopt;
      t.routed[word.substr(0, eq)] += n;
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  return t;
}

std::string summary_json(const Tally& t, double seconds) {
  std::string routed;
  for (const auto& [reason, n] : t.routed) {
    routed += (routed.empty() ? "\"" : ",\"") + reason + "\":" + std::to_string(n);
  }
  char tail[96];
  std::snprintf(tail, sizeof tail, ",\"seconds\":%.3f,\"lines_per_s\":%.0f}", seconds,
                seconds > 0 ? static_cast<double>(t.lines) / seconds : 0.0);
  return "{\"event\":\"done\",\"lines\":" + std::to_string(t.lines) + ",\"ok\":" + std::to_string(t.ok) +
         ",\"errors\":" + std::to_string(t.failed) + ",\"reports\":" + std::to_string(t.reports) +
         ",\"sarcoma\":" + std::to_string(t.sarcoma) + ",\"routed\":{" + routed + "}" + tail;
}

std::string summary_text(const Tally& t, double seconds) {
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "read      %lld lines in %.1f s (%.0f lines/s)\n"
                "written   %lld transaction Bundles\n"
                "reports   %lld DiagnosticReports, %lld sarcoma (routed for review)\n",
                t.lines, seconds, seconds > 0 ? static_cast<double>(t.lines) / seconds : 0.0, t.ok, t.reports,
                t.sarcoma);
  std::string s = buf;
  if (!t.routed.empty()) s += "routed by main reason:\n";
  for (const auto& [reason, n] : t.routed) {
    std::snprintf(buf, sizeof buf, "  %-34s %lld\n", reason.c_str(), n);
    s += buf;
  }
  std::snprintf(buf, sizeof buf, "errors    %lld lines (see the .errors.ndjson file)\n", t.failed);
  return s + buf;
}

}  // namespace sarcoma::service::batch
