#pragma once
#include <string_view>
#include <vector>

namespace sarcoma::service {

// `sarcoma-adapter assess [FILE|-] [--output json|xml] [--mappings DIR] [--recorded INSTANT] [--strict]`
int run_assess(const std::vector<std::string_view>& args);

}  // namespace sarcoma::service
