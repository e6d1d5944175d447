#include "adapter/service/reviewed_guard.hpp"

#include <set>
#include <vector>

#include "adapter/service/json_fields.hpp"

namespace sarcoma::service {
namespace {

// The review-reason codes of a Task, as a set (their order is not part of the assessment).
std::set<std::string> reasons(const rapidjson::Value& task) {
  std::set<std::string> out;
  auto inputs = task.FindMember("input");
  if (inputs == task.MemberEnd() || !inputs->value.IsArray()) return out;
  for (const auto& in : inputs->value.GetArray()) {
    auto cc = in.IsObject() ? in.FindMember("valueCodeableConcept") : in.MemberEnd();
    if (!in.IsObject() || cc == in.MemberEnd() || !cc->value.IsObject()) continue;
    auto coding = cc->value.FindMember("coding");
    if (coding == cc->value.MemberEnd() || !coding->value.IsArray()) continue;
    for (const auto& c : coding->value.GetArray()) out.insert(string_field(c, "code"));
  }
  return out;
}

bool open_status(const std::string& s) {
  return s == "requested" || s == "received" || s == "accepted" || s == "in-progress" || s == "draft" || s.empty();
}

ProcessOutcome retryable(std::string error) {
  ProcessOutcome o;
  o.kind = ProcessOutcome::Kind::failed;
  o.error = std::move(error);
  return o;
}

}  // namespace

Result<GuardedTransaction, ProcessOutcome> guard_reviewed_cases(const std::string& json, const ResourceSearcher& search) {
  rapidjson::Document d;
  d.Parse(json.c_str(), json.size());
  GuardedTransaction out;
  auto entries = d.IsObject() ? d.FindMember("entry") : d.MemberEnd();
  if (d.HasParseError() || !d.IsObject() || entries == d.MemberEnd() || !entries->value.IsArray()) {
    out.json = json;
    return out;
  }
  std::set<std::string> drop;  // fullUrls of the entries to leave out
  for (const auto& e : entries->value.GetArray()) {
    auto res = e.IsObject() ? e.FindMember("resource") : e.MemberEnd();
    if (!e.IsObject() || res == e.MemberEnd() || string_field(res->value, "resourceType") != "Task") continue;
    std::string identifier = derived_identifier(res->value);
    if (identifier.empty()) continue;
    auto found = search("Task", {{"identifier", std::string(core::kDerivedIdentifierSystem) + "|" + identifier}}, 2);
    if (!found.ok()) return fail(retryable("review task lookup failed: " + found.error()));
    if (found->empty()) continue;
    rapidjson::Document existing;
    existing.Parse(found->front().c_str(), found->front().size());
    if (existing.HasParseError() || !existing.IsObject() || open_status(string_field(existing, "status"))) continue;
    if (string_field(existing, "description") != string_field(res->value, "description") || reasons(existing) != reasons(res->value)) {
      ++out.reopened;
      continue;
    }
    ++out.kept_reviews;
    // The report's group: the Task and every resource its Provenance targets, and that Provenance.
    std::string task_url = string_field(e, "fullUrl");
    drop.insert(task_url);
    for (const auto& p : entries->value.GetArray()) {
      auto pres = p.IsObject() ? p.FindMember("resource") : p.MemberEnd();
      if (!p.IsObject() || pres == p.MemberEnd() || string_field(pres->value, "resourceType") != "Provenance") continue;
      auto targets = pres->value.FindMember("target");
      if (targets == pres->value.MemberEnd() || !targets->value.IsArray()) continue;
      bool ours = false;
      for (const auto& t : targets->value.GetArray()) ours = ours || string_field(t, "reference") == task_url;
      if (!ours) continue;
      drop.insert(string_field(p, "fullUrl"));
      for (const auto& t : targets->value.GetArray()) drop.insert(string_field(t, "reference"));
    }
  }
  if (drop.empty()) {
    out.json = json;
    out.entries = static_cast<int>(entries->value.Size());
    return out;
  }
  rapidjson::Value kept(rapidjson::kArrayType);
  for (auto& e : entries->value.GetArray()) {
    if (drop.count(string_field(e, "fullUrl"))) continue;
    kept.PushBack(rapidjson::Value(e, d.GetAllocator()), d.GetAllocator());
  }
  out.entries = static_cast<int>(kept.Size());
  entries->value = kept;
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  d.Accept(w);
  out.json.assign(buf.GetString(), buf.GetSize());
  return out;
}

}  // namespace sarcoma::service
