#pragma once
#include <string_view>
#include <vector>

namespace sarcoma::service {

// `sarcoma-adapter worklist [--server URL] [--status S]`: the review worklist of a FHIR server (the
// daemon's embedded store by default) as a table: priority, age order, report, summary, reasons.
int run_worklist(const std::vector<std::string_view>& args);

}  // namespace sarcoma::service
