#include "adapter/service/reviewed_guard.hpp"

#include <set>
#include <vector>

#include "adapter/core/derive/derive.hpp"
#include "fhir/rapidjson.hpp"

namespace sarcoma::service {
namespace {

std::string str(const rapidjson::Value& v, const char* key) {
  if (!v.IsObject()) return {};
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsString() ? std::string(it->value.GetString(), it->value.GetStringLength())
                                                      : std::string();
}

std::string derived_identifier(const rapidjson::Value& resource) {
  auto ids = resource.FindMember("identifier");
  if (ids == resource.MemberEnd() || !ids->value.IsArray()) return {};
  for (const auto& id : ids->value.GetArray()) {
    if (str(id, "system") == core::kDerivedIdentifierSystem) return str(id, "value");
  }
  return {};
}

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
    for (const auto& c : coding->value.GetArray()) out.insert(str(c, "code"));
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
    if (!e.IsObject() || res == e.MemberEnd() || str(res->value, "resourceType") != "Task") continue;
    std::string identifier = derived_identifier(res->value);
    if (identifier.empty()) continue;
    auto found = search("Task", {{"identifier", std::string(core::kDerivedIdentifierSystem) + "|" + identifier}}, 2);
    if (!found.ok()) return fail(retryable("review task lookup failed: " + found.error()));
    if (found->empty()) continue;
    rapidjson::Document existing;
    existing.Parse(found->front().c_str(), found->front().size());
    if (existing.HasParseError() || !existing.IsObject() || open_status(str(existing, "status"))) continue;
    if (str(existing, "description") != str(res->value, "description") || reasons(existing) != reasons(res->value)) {
      ++out.reopened;
      continue;
    }
    ++out.kept_reviews;
    // The report's group: the Task and every resource its Provenance targets, and that Provenance.
    std::string task_url = str(e, "fullUrl");
    drop.insert(task_url);
    for (const auto& p : entries->value.GetArray()) {
      auto pres = p.IsObject() ? p.FindMember("resource") : p.MemberEnd();
      if (!p.IsObject() || pres == p.MemberEnd() || str(pres->value, "resourceType") != "Provenance") continue;
      auto targets = pres->value.FindMember("target");
      if (targets == pres->value.MemberEnd() || !targets->value.IsArray()) continue;
      bool ours = false;
      for (const auto& t : targets->value.GetArray()) ours = ours || str(t, "reference") == task_url;
      if (!ours) continue;
      drop.insert(str(p, "fullUrl"));
      for (const auto& t : targets->value.GetArray()) drop.insert(str(t, "reference"));
    }
  }
  if (drop.empty()) {
    out.json = json;
    out.entries = static_cast<int>(entries->value.Size());
    return out;
  }
  rapidjson::Value kept(rapidjson::kArrayType);
  for (auto& e : entries->value.GetArray()) {
    if (drop.count(str(e, "fullUrl"))) continue;
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
