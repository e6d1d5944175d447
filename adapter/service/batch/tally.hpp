#pragma once
// What a `batch` run has done so far: the closing summary (read, sarcoma, routed by main reason,
// errors) and the checkpoint's counts. Pure data; merging is addition, so chunks processed on
// different threads add up to the same totals in any order.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace sarcoma::service::batch {

struct Tally {
  long long lines = 0;                      // input lines handled (blank ones included)
  long long ok = 0;                         // lines that gave a transaction Bundle
  long long failed = 0;                     // lines written to the errors file
  long long reports = 0;                    // DiagnosticReports assessed
  long long sarcoma = 0;                    // of them, routed for an expert review (every sarcoma report)
  std::map<std::string, long long> routed;  // main review reason (the Task's reasonCode) -> reports

  void add(const Tally& other);
};

// One line of text, for the checkpoint: "lines ok failed reports sarcoma reason=count ...".
std::string serialise(const Tally& t);
// The inverse; nullopt when the text is not a tally.
std::optional<Tally> parse_tally(std::string_view text);

// The closing summary as one JSON object (stderr, machine-readable).
std::string summary_json(const Tally& t, double seconds);
// The same for a person at a terminal: a few aligned lines.
std::string summary_text(const Tally& t, double seconds);

}  // namespace sarcoma::service::batch
