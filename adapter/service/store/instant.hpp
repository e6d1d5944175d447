#pragma once
// Milliseconds since the epoch as text: FHIR `instant` (meta.lastUpdated) and HTTP-date
// (Last-Modified). Pure: the caller owns the clock.
#include <cstdint>
#include <string>

namespace sarcoma::service::store {

using Millis = std::int64_t;

// "2024-05-01T12:34:56.789Z" (UTC, always with milliseconds).
std::string fhir_instant(Millis ms);
// "Wed, 01 May 2024 12:34:56 GMT" (RFC 9110 IMF-fixdate; milliseconds dropped).
std::string http_date(Millis ms);

}  // namespace sarcoma::service::store
