#pragma once
#include <string_view>
#include <vector>

namespace sarcoma::service {

// `sarcoma-adapter dlq list|show ID|retry ID...|retry --all [--data-dir DIR]`; returns the exit code.
int run_dlq(const std::vector<std::string_view>& args);

}  // namespace sarcoma::service
