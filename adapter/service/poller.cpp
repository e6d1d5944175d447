#include "adapter/service/poller.hpp"

#include "adapter/service/fhir_client/fhir_client.hpp"
#include "adapter/service/intake.hpp"
#include "adapter/service/json_fields.hpp"
#include "fhir/rapidjson.hpp"

namespace sarcoma::service {
namespace {

ProcessOutcome store_failure(const std::string& what) {
  ProcessOutcome o;
  o.kind = ProcessOutcome::Kind::failed;
  o.http_status = 503;  // our own queue store: transient
  o.error = what;
  return o;
}

}  // namespace

ProcessOutcome poll_once(PollContext& ctx) {
  auto cursor = ctx.queue->get_state(kPollCursorKey);
  if (!cursor.ok()) return store_failure("poll cursor: " + cursor.error());
  if (cursor->empty()) {
    auto set = ctx.queue->set_state(kPollCursorKey, ctx.now_instant());
    return set.ok() ? ProcessOutcome::success() : store_failure("poll cursor: " + set.error());
  }
  std::string newest = *cursor;
  std::string next = "DiagnosticReport?_lastUpdated=gt" + *cursor + "&_sort=_lastUpdated&_count=" +
                     std::to_string(ctx.page_size);
  for (int page = 0; page < ctx.max_pages && !next.empty(); ++page) {
    auto r = ctx.get(next);
    ProcessOutcome o = classify(r, ctx.clock());
    if (o.kind != ProcessOutcome::Kind::ok) return o;
    rapidjson::Document d;
    d.Parse(r->body.c_str(), r->body.size());
    if (d.HasParseError() || !d.IsObject() || string_field(d, "resourceType") != "Bundle") {
      ProcessOutcome bad;
      bad.kind = ProcessOutcome::Kind::failed;
      bad.http_status = 502;
      bad.error = "poll: the server's answer is not a Bundle";
      return bad;
    }
    next.clear();
    auto entries = d.FindMember("entry");
    if (entries != d.MemberEnd() && entries->value.IsArray()) {
      for (const auto& e : entries->value.GetArray()) {
        auto res = e.FindMember("resource");
        if (res == e.MemberEnd() || !res->value.IsObject() || string_field(res->value, "resourceType") != "DiagnosticReport") continue;
        std::string id = string_field(res->value, "id");
        if (id.empty()) continue;
        std::string ref = "DiagnosticReport/" + id, updated;
        auto meta = res->value.FindMember("meta");
        if (meta != res->value.MemberEnd() && meta->value.IsObject()) {
          std::string vid = string_field(meta->value, "versionId");
          if (!vid.empty()) ref += "/_history/" + vid;
          updated = string_field(meta->value, "lastUpdated");
        }
        auto q = ctx.queue->enqueue(NewJob{kJobFetchReport, ref, ref}, ctx.clock());
        if (!q.ok()) return store_failure("poll enqueue: " + q.error());
        // Instants in one server's UTC "Z" form compare as text.
        if (updated > newest) newest = updated;
      }
    }
    auto links = d.FindMember("link");
    if (links != d.MemberEnd() && links->value.IsArray()) {
      for (const auto& l : links->value.GetArray()) {
        if (!l.IsObject() || string_field(l, "relation") != "next") continue;
        std::string url = string_field(l, "url");
        auto at = url.find("DiagnosticReport?");
        if (at != std::string::npos) next = url.substr(at);
      }
    }
  }
  if (newest != *cursor) {
    auto set = ctx.queue->set_state(kPollCursorKey, newest);
    if (!set.ok()) return store_failure("poll cursor: " + set.error());
  }
  return ProcessOutcome::success();
}

}  // namespace sarcoma::service
