#include "adapter/service/report_processor.hpp"

#include <prometheus/counter.h>

#include <deque>
#include <set>

#include "adapter/core/pipeline.hpp"
#include "adapter/service/intake.hpp"
#include "adapter/service/log.hpp"
#include "adapter/service/reviewed_guard.hpp"
#include "fhir/json_codec.hpp"
#include "fhir/rapidjson.hpp"

namespace sarcoma::service {
namespace {

ProcessOutcome unusable(std::string error) {
  ProcessOutcome o;
  o.kind = ProcessOutcome::Kind::failed;
  o.unusable_input = true;
  o.error = std::move(error);
  return o;
}

// "Observation/x/_history/2" -> "Observation/x"; absolute URLs keep their last two segments.
std::string type_and_id(std::string_view ref) {
  std::string r(ref);
  if (auto h = r.find("/_history/"); h != std::string::npos) r.resize(h);
  auto last = r.rfind('/');
  if (last == std::string::npos || last == 0) return r;
  auto before = r.rfind('/', last - 1);
  return before == std::string::npos ? r : r.substr(before + 1);
}

void references_in(const rapidjson::Value& resource, const char* element, std::vector<std::string>& out) {
  auto it = resource.FindMember(element);
  if (it == resource.MemberEnd() || !it->value.IsArray()) return;
  for (const auto& ref : it->value.GetArray()) {
    if (!ref.IsObject()) continue;
    auto r = ref.FindMember("reference");
    if (r != ref.MemberEnd() && r->value.IsString() && r->value.GetStringLength() > 0 &&
        r->value.GetString()[0] != '#') {
      out.emplace_back(r->value.GetString(), r->value.GetStringLength());
    }
  }
}

// The issue codes and paths of pipeline errors: enough to act on, no patient values.
std::string describe(const fhir::Issues& issues) {
  std::string s = "unusable report:";
  for (std::size_t i = 0; i < issues.size() && i < 5; ++i) {
    s += " " + issues[i].code + (issues[i].expression.empty() ? "" : "@" + issues[i].expression);
  }
  return s;
}

}  // namespace

Result<std::string, ProcessOutcome> assemble_report(std::string_view reference, const ResourceReader& read,
                                                    int max_resources) {
  rapidjson::Document bundle;
  bundle.SetObject();
  auto& alloc = bundle.GetAllocator();
  bundle.AddMember("resourceType", "Bundle", alloc);
  bundle.AddMember("type", "collection", alloc);
  rapidjson::Value entries(rapidjson::kArrayType);

  std::deque<std::string> pending{type_and_id(reference)};
  std::set<std::string> seen;
  bool first = true;
  while (!pending.empty()) {
    std::string next = std::move(pending.front());
    pending.pop_front();
    if (!seen.insert(next).second) continue;
    if (static_cast<int>(seen.size()) > max_resources)
      return fail(unusable("report reaches too many resources"));
    auto text = read(next);
    if (!text.ok()) {
      // The report itself missing is the caller's failure class (e.g. 404 -> dead letter); a missing
      // result is tolerated: the resolver reports the dangling reference as a warning.
      if (first) return fail(std::move(text).error());
      continue;
    }
    rapidjson::Document doc(&alloc);
    doc.Parse(text->data(), text->size());
    if (doc.HasParseError() || !doc.IsObject()) {
      if (first) return fail(unusable("report is not a JSON resource"));
      continue;
    }
    if (first) {
      auto rt = doc.FindMember("resourceType");
      if (rt == doc.MemberEnd() || !rt->value.IsString() ||
          std::string_view(rt->value.GetString()) != "DiagnosticReport") {
        return fail(unusable("reference does not name a DiagnosticReport"));
      }
    }
    std::vector<std::string> refs;
    references_in(doc, first ? "result" : "hasMember", refs);
    for (const auto& r : refs) pending.push_back(type_and_id(r));
    rapidjson::Value entry(rapidjson::kObjectType);
    entry.AddMember("resource", rapidjson::Value(doc, alloc), alloc);
    entries.PushBack(entry, alloc);
    first = false;
  }
  bundle.AddMember("entry", entries, alloc);
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  bundle.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

ProcessOutcome process_job(const Job& job, ProcessorContext& ctx) {
  std::string report;
  if (job.kind == kJobAssessReport) {
    report = job.payload;
  } else if (job.kind == kJobPoll) {
    if (!ctx.poll) return unusable("polling is not configured");
    return ctx.poll();
  } else if (job.kind == kJobFetchReport) {
    if (!ctx.read) return unusable("no report source configured for fetch-report jobs");
    auto assembled = assemble_report(job.payload, ctx.read);
    if (!assembled.ok()) return std::move(assembled).error();
    report = std::move(assembled).value();
  } else {
    return unusable("unknown job kind " + job.kind);
  }
  core::PipelineOptions options;
  options.adapter_version = ctx.adapter_version;
  options.fallback_recorded = ctx.now_instant();
  options.typed_bundle = false;  // the transaction is sent as JSON
  auto result = core::run_pipeline(report, ctx.rules, options);
  if (!result.ok()) return unusable(describe(result.error()));
  if (result->entries == 0) return ProcessOutcome::success();  // not a sarcoma: nothing to write
  std::string transaction = std::move(result->bundle_json);
  if (ctx.search) {
    auto guarded = guard_reviewed_cases(transaction, ctx.search);
    if (!guarded.ok()) return std::move(guarded).error();
    if (guarded->kept_reviews > 0) {
      log_event(LogLevel::info, "review.kept",
                {{"job", std::to_string(job.id)}, {"reports", std::to_string(guarded->kept_reviews)}});
    }
    if (guarded->reopened > 0) {
      log_event(LogLevel::warn, "review.reopened",
                {{"job", std::to_string(job.id)}, {"reports", std::to_string(guarded->reopened)}});
    }
    if (guarded->entries == 0) return ProcessOutcome::success();
    transaction = std::move(guarded->json);
  }
  return ctx.write(transaction);
}

}  // namespace sarcoma::service
