#include "adapter/service/notification.hpp"

#include <algorithm>

#include "fhir/json_codec.hpp"
#include "fhir/model.hpp"

namespace sarcoma::service {
namespace {

fhir::Issues one_issue(std::string code, std::string text, std::string expression) {
  return {fhir::Issue{
      fhir::Severity::error, std::move(code), std::move(text), std::move(expression), {}, {}, {}}};
}

bool is_blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

// Keeps only references to DiagnosticReports: the adapter assesses reports, nothing else.
bool is_report_reference(std::string_view ref) {
  return ref.rfind("DiagnosticReport/", 0) == 0 || ref.find("/DiagnosticReport/") != std::string_view::npos;
}

void add_focus(Notification& n, std::string ref) {
  if (ref.empty() || !is_report_reference(ref)) return;
  if (std::find(n.focus.begin(), n.focus.end(), ref) == n.focus.end()) n.focus.push_back(std::move(ref));
}

}  // namespace

const char* to_string(Notification::Kind k) {
  switch (k) {
    case Notification::Kind::ping: return "ping";
    case Notification::Kind::handshake: return "handshake";
    case Notification::Kind::heartbeat: return "heartbeat";
    case Notification::Kind::event: return "event-notification";
  }
  return "ping";
}

Result<Notification, fhir::Issues> read_notification(std::string_view body) {
  Notification n;
  if (is_blank(body)) {  // classic R4 rest-hook: an empty POST means "search again"
    n.needs_poll = true;
    return n;
  }
  auto parsed = fhir::parse_json(body);
  if (!parsed.ok()) return fail(std::move(parsed).error());
  const auto* bundle = fhir::get_if<fhir::Bundle>(parsed->resource);
  if (!bundle) {
    return fail(one_issue("invalid", "a notification is a Bundle",
                          std::string(fhir::resource_type_name(parsed->resource))));
  }
  if (bundle->entry.empty() || !bundle->entry[0].resource) {
    return fail(one_issue("required", "the first entry must hold the SubscriptionStatus",
                          "Bundle.entry[0].resource"));
  }
  const auto* status = fhir::get_if<fhir::Parameters>(*bundle->entry[0].resource);
  if (!status) {
    return fail(one_issue("invalid", "the first entry must be a Parameters (SubscriptionStatus)",
                          "Bundle.entry[0].resource"));
  }
  std::string type;
  for (std::size_t i = 0; i < status->parameter.size(); ++i) {
    const auto& p = status->parameter[i];
    if (p.name.value == "type") {
      if (const auto* code = std::get_if<fhir::Code>(&p.value); code && code->value) type = *code->value;
    }
    if (p.name.value == "notification-event") {
      for (const auto& part : p.part) {
        if (part.name.value != "focus") continue;
        if (const auto* ref = std::get_if<fhir::Reference>(&part.value); ref && ref->reference.value) {
          add_focus(n, *ref->reference.value);
        }
      }
    }
  }
  if (type == "handshake") {
    n.kind = Notification::Kind::handshake;
    return n;
  }
  if (type == "heartbeat") {
    n.kind = Notification::Kind::heartbeat;
    return n;
  }
  if (type != "event-notification" && type != "query-event") {
    return fail(one_issue("code-invalid", "unknown or missing notification type",
                          "Bundle.entry[0].resource.parameter"));
  }
  n.kind = Notification::Kind::event;
  // id-only and full-resource content: the focus entries follow the status entry.
  for (std::size_t i = 1; i < bundle->entry.size(); ++i) {
    const auto& e = bundle->entry[i];
    std::string ref;
    if (e.resource) {
      const fhir::Resource& r = *e.resource;
      if (const auto* dr = fhir::get_if<fhir::DiagnosticReport>(r); dr && dr->id.value) {
        ref = "DiagnosticReport/" + *dr->id.value;
        if (dr->meta && dr->meta->versionId.value) ref += "/_history/" + *dr->meta->versionId.value;
      }
    }
    if (ref.empty() && e.fullUrl.value) ref = *e.fullUrl.value;
    add_focus(n, std::move(ref));
  }
  n.needs_poll = n.focus.empty();  // empty content: something changed, the server did not say what
  return n;
}

}  // namespace sarcoma::service
