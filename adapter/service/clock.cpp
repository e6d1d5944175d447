#include "adapter/service/clock.hpp"

#include <chrono>

namespace sarcoma::service {

std::int64_t now_millis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace sarcoma::service
