#include "adapter/service/batch/progress.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sarcoma::service::batch {
namespace {

std::optional<double> fraction_done(const ProgressSnapshot& p) {
  if (p.bytes_total == 0) return std::nullopt;
  return std::clamp(static_cast<double>(p.bytes_done) / static_cast<double>(p.bytes_total), 0.0, 1.0);
}

}  // namespace

double lines_per_second(const ProgressSnapshot& p) {
  return p.seconds > 0 ? static_cast<double>(p.lines_this_run) / p.seconds : 0.0;
}

std::optional<double> eta_seconds(const ProgressSnapshot& p) {
  if (p.bytes_total == 0 || p.seconds <= 0 || p.bytes_done <= p.bytes_at_start) return std::nullopt;
  double rate = static_cast<double>(p.bytes_done - p.bytes_at_start) / p.seconds;
  double left = p.bytes_total > p.bytes_done ? static_cast<double>(p.bytes_total - p.bytes_done) : 0.0;
  return left / rate;
}

std::string format_duration(double seconds) {
  long long s = static_cast<long long>(std::llround(std::max(0.0, seconds)));
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%lld:%02lld", s / 60, s % 60);
  }
  return buf;
}

std::string progress_bar(const ProgressSnapshot& p, int width) {
  char head[64], tail[96];
  std::snprintf(head, sizeof head, "%lld lines ", p.lines);
  auto eta = eta_seconds(p);
  std::snprintf(tail, sizeof tail, " %.0f/s  ETA %s%s", lines_per_second(p),
                eta ? format_duration(*eta).c_str() : "--:--",
                p.errors > 0 ? ("  " + std::to_string(p.errors) + " errors").c_str() : "");
  std::string line = "\r";
  line += head;
  if (auto f = fraction_done(p)) {
    char pct[8];
    std::snprintf(pct, sizeof pct, "%3d%% ", static_cast<int>(*f * 100));
    line += pct;
    int bar = std::clamp(width - static_cast<int>(line.size() + std::string_view(tail).size()) - 2, 10, 50);
    int filled = static_cast<int>(*f * bar);
    line += '[';
    line.append(static_cast<std::size_t>(filled), '#');
    line.append(static_cast<std::size_t>(bar - filled), ' ');
    line += ']';
  }
  line += tail;
  // Pad so a shorter line fully covers the previous one.
  int visible = static_cast<int>(line.size()) - 1;
  if (visible < width - 1) line.append(static_cast<std::size_t>(width - 1 - visible), ' ');
  return line;
}

std::string progress_json(const ProgressSnapshot& p) {
  char buf[256];
  int n = std::snprintf(buf, sizeof buf,
                        "{\"event\":\"progress\",\"lines\":%lld,\"errors\":%lld,\"lines_per_s\":%.0f",
                        p.lines, p.errors, lines_per_second(p));
  std::string s(buf, static_cast<std::size_t>(n));
  if (auto f = fraction_done(p)) {
    std::snprintf(buf, sizeof buf, ",\"percent\":%.1f", *f * 100);
    s += buf;
  }
  if (auto eta = eta_seconds(p)) {
    std::snprintf(buf, sizeof buf, ",\"eta_s\":%lld", static_cast<long long>(std::llround(*eta)));
    s += buf;
  }
  return s + "}";
}

}  // namespace sarcoma::service::batch
