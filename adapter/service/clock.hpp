#pragma once
// The wall clock, read only at the edges and handed to the pure core as values.
#include <cstdint>
#include <string>

namespace sarcoma::service {

std::int64_t now_millis();
// A FHIR instant in UTC with millisecond precision, e.g. "2026-11-25T06:40:00.123Z".
std::string instant_from_millis(std::int64_t millis);
inline std::string now_instant() { return instant_from_millis(now_millis()); }

}  // namespace sarcoma::service
