#pragma once
// The wall clock, read only at the edges and handed to the pure core as values.
#include <cstdint>
#include <string>

#include "adapter/service/store/instant.hpp"

namespace sarcoma::service {

std::int64_t now_millis();
// The current time as a FHIR instant in UTC with milliseconds (store::fhir_instant formats it).
inline std::string now_instant() { return store::fhir_instant(now_millis()); }

}  // namespace sarcoma::service
