#pragma once
// Reads a REST-hook subscription notification: the R4 backport / R4B `subscription-notification`
// Bundle (first entry a Parameters SubscriptionStatus with type handshake | heartbeat |
// event-notification | query-status | query-event, then the focus entries) with empty, id-only or
// full-resource content, or the classic R4 empty-body ping. Pure: no I/O.
#include <string>
#include <string_view>
#include <vector>

#include "fhir/issue.hpp"
#include "fhir/result.hpp"

namespace sarcoma::service {

struct Notification {
  enum class Kind { ping, handshake, heartbeat, event };
  Kind kind = Kind::ping;
  // Each changed DiagnosticReport as a reference, versioned where the notification says which
  // version ("DiagnosticReport/7/_history/3"), absolute when the server gave a full URL.
  std::vector<std::string> focus;
  // True when the notification says something changed but not what (empty content, classic ping):
  // the adapter polls instead.
  bool needs_poll = false;
};
const char* to_string(Notification::Kind k);

Result<Notification, fhir::Issues> read_notification(std::string_view body);

}  // namespace sarcoma::service
