#pragma once
// `batch` progress on stderr: a one-line bar with count, rate and ETA redrawn in place when stderr
// is a terminal; a JSON line now and then otherwise (logs, CI). Pure formatting: the caller owns
// the clock and the stream.
#include <cstdint>
#include <optional>
#include <string>

namespace sarcoma::service::batch {

struct ProgressSnapshot {
  long long lines = 0;  // lines handled, resumed ones included
  long long errors = 0;
  long long lines_this_run = 0;      // for the rate
  double seconds = 0;                // since this run started
  std::uint64_t bytes_done = 0;      // input bytes consumed (compressed for gzip)
  std::uint64_t bytes_at_start = 0;  // where this run started (after a resume's skip)
  std::uint64_t bytes_total = 0;     // input size; 0 when unknown (a pipe)
};

double lines_per_second(const ProgressSnapshot& p);
// Seconds left, from the byte rate of this run; nullopt until something is known.
std::optional<double> eta_seconds(const ProgressSnapshot& p);
// "1:02:03" or "4:05".
std::string format_duration(double seconds);

// "\r 12345 lines  45% [#########           ] 13050/s  ETA 2:13  2 errors" padded to `width`
// columns (no newline: the next bar overwrites it).
std::string progress_bar(const ProgressSnapshot& p, int width);
// {"event":"progress","lines":…,"errors":…,"lines_per_s":…,"percent":…,"eta_s":…}
std::string progress_json(const ProgressSnapshot& p);

}  // namespace sarcoma::service::batch
