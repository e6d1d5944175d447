#pragma once
// Which allocator this binary runs on, for --version: mimalloc when built with SARCOMA_MIMALLOC.
#include <string>

namespace sarcoma {

std::string allocator_description();

}  // namespace sarcoma
