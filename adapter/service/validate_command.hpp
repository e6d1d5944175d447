#pragma once
#include <string_view>
#include <vector>

namespace sarcoma::service {

// `sarcoma-adapter validate [FILE|-] [--strict]`; returns the exit code.
int run_validate(const std::vector<std::string_view>& args);

}  // namespace sarcoma::service
