#pragma once
#include <string_view>
#include <vector>

namespace sarcoma::service {

// `sarcoma-adapter serve [--config FILE] [--listen HOST:PORT] [--data-dir DIR] [--upstream URL]`.
// Runs until SIGTERM/SIGINT, then drains and returns 0.
int run_serve(const std::vector<std::string_view>& args);

}  // namespace sarcoma::service
