#pragma once
#include <string_view>
#include <vector>

namespace sarcoma::service {

// `sarcoma-adapter submit FILE... [--server URL] [--ca-file PEM] [--token-env NAME]`: stores reports
// on a FHIR server (the daemon's embedded store by default) as transactions.
int run_submit(const std::vector<std::string_view>& args);

}  // namespace sarcoma::service
