#include "adapter/service/store/instant.hpp"

#include <cstdio>

namespace sarcoma::service::store {
namespace {

struct Civil {
  std::int64_t year;
  int month, day, hour, minute, second, milli, weekday;  // weekday: 0 = Sunday
};

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// Howard Hinnant's days -> civil date algorithm (proleptic Gregorian), exact for any int64 day count
// the callers produce; no time-zone database or locale involved.
Civil to_civil(Millis ms) {
  const std::int64_t days = floor_div(ms, 86'400'000);
  std::int64_t rest = ms - days * 86'400'000;
  Civil c{};
  c.milli = static_cast<int>(rest % 1000);
  rest /= 1000;
  c.second = static_cast<int>(rest % 60);
  c.minute = static_cast<int>(rest / 60 % 60);
  c.hour = static_cast<int>(rest / 3600);
  c.weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday (4)
  const std::int64_t z = days + 719468;
  const std::int64_t era = floor_div(z, 146097);
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = yoe + era * 400 + (c.month <= 2 ? 1 : 0);
  return c;
}

}  // namespace

std::string fhir_instant(Millis ms) {
  const Civil c = to_civil(ms);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02d.%03dZ", static_cast<long long>(c.year),
                c.month, c.day, c.hour, c.minute, c.second, c.milli);
  return buf;
}

std::string http_date(Millis ms) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const Civil c = to_civil(ms);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04lld %02d:%02d:%02d GMT", kDays[c.weekday], c.day,
                kMonths[c.month - 1], static_cast<long long>(c.year), c.hour, c.minute, c.second);
  return buf;
}

}  // namespace sarcoma::service::store
