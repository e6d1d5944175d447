#include "adapter/service/sinks.hpp"

#include "adapter/service/intake.hpp"
#include "fhir/rapidjson.hpp"

namespace sarcoma::service {
namespace {

ProcessOutcome store_failure(const store::StoreError& e) {
  ProcessOutcome o;
  o.kind = ProcessOutcome::Kind::failed;
  o.http_status = e.status;
  // Issue codes and element paths only: the store's diagnostics may quote the resource.
  o.error = "store " + std::to_string(e.status);
  for (std::size_t i = 0; i < e.issues.size() && i < 5; ++i) {
    o.error += " " + e.issues[i].code + (e.issues[i].expression.empty() ? "" : "@" + e.issues[i].expression);
  }
  return o;
}

}  // namespace

ResourceReader embedded_reader(store::FhirStore& s) {
  return [&s](std::string_view type_and_id) -> Result<std::string, ProcessOutcome> {
    auto slash = type_and_id.find('/');
    if (slash == std::string_view::npos) {
      ProcessOutcome o;
      o.kind = ProcessOutcome::Kind::failed;
      o.unusable_input = true;
      o.error = "not a Type/id reference";
      return fail(std::move(o));
    }
    auto r = s.read(type_and_id.substr(0, slash), type_and_id.substr(slash + 1));
    if (!r.ok()) return fail(store_failure(r.error()));
    return std::move(r->json);
  };
}

TransactionWriter embedded_writer(store::FhirStore& s, std::function<Millis()> clock) {
  return [&s, clock = std::move(clock)](const std::string& json) {
    auto r = s.process_bundle(json, clock(), "");
    if (!r.ok()) return store_failure(r.error());
    return ProcessOutcome::success();
  };
}

int enqueue_stored_reports(store::FhirStore& s, JobQueue& queue, Millis now) {
  int enqueued = 0;
  store::SearchQuery q;
  q.count = store::kMaxPageSize;
  for (q.offset = 0;; q.offset += q.count) {
    auto page = s.search("DiagnosticReport", q);
    if (!page.ok() || page->resources.empty()) break;
    for (const auto& r : page->resources) {
      std::string ref = r.type + "/" + r.id + "/_history/" + std::to_string(r.version);
      auto e = queue.enqueue(NewJob{kJobFetchReport, ref, ref}, now);
      if (e.ok() && !e->duplicate) ++enqueued;
    }
    if (static_cast<std::int64_t>(page->resources.size()) < q.count) break;
  }
  return enqueued;
}

ResourceSearcher embedded_searcher(store::FhirStore& s) {
  return [&s](std::string_view type, const store::QueryParams& params,
              std::size_t limit) -> Result<std::vector<std::string>, std::string> {
    auto query = store::parse_search(params);
    if (!query.ok()) return fail(std::string("search not supported by the embedded store"));
    std::vector<std::string> out;
    query->count = store::kMaxPageSize;
    for (query->offset = 0; out.size() < limit; query->offset += query->count) {
      auto page = s.search(type, *query);
      if (!page.ok()) return fail("store " + std::to_string(page.error().status));
      for (auto& r : page->resources) {
        if (out.size() < limit) out.push_back(std::move(r.json));
      }
      if (static_cast<std::int64_t>(page->resources.size()) < query->count) break;
    }
    return out;
  };
}

ResourceSearcher upstream_searcher(std::function<Result<HttpResult, TransportError>(const std::string&)> get) {
  return [get = std::move(get)](std::string_view type, const store::QueryParams& params,
                                std::size_t limit) -> Result<std::vector<std::string>, std::string> {
    store::QueryParams q = params;
    q.emplace_back("_count", "1000");
    std::string next = std::string(type) + "?" + store::build_query(q);
    std::vector<std::string> out;
    // Bounded in pages as well as in resources: a server that keeps answering `next` cannot loop us.
    for (int pages = 0; pages < 100 && !next.empty() && out.size() < limit; ++pages) {
      auto r = get(next);
      if (!r.ok()) return fail(std::string("upstream unreachable"));
      if (r->status != 200) return fail("upstream " + std::to_string(r->status));
      rapidjson::Document d;
      d.Parse(r->body.c_str(), r->body.size());
      if (d.HasParseError() || !d.IsObject()) return fail(std::string("upstream answer is not JSON"));
      next.clear();
      auto entries = d.FindMember("entry");
      if (entries != d.MemberEnd() && entries->value.IsArray()) {
        for (const auto& e : entries->value.GetArray()) {
          auto res = e.IsObject() ? e.FindMember("resource") : e.MemberEnd();
          if (!e.IsObject() || res == e.MemberEnd() || !res->value.IsObject() || out.size() >= limit) continue;
          rapidjson::StringBuffer buf;
          rapidjson::Writer<rapidjson::StringBuffer> w(buf);
          res->value.Accept(w);
          out.emplace_back(buf.GetString(), buf.GetSize());
        }
      }
      auto links = d.FindMember("link");
      if (links == d.MemberEnd() || !links->value.IsArray()) break;
      for (const auto& l : links->value.GetArray()) {
        auto rel = l.IsObject() ? l.FindMember("relation") : l.MemberEnd();
        auto url = l.IsObject() ? l.FindMember("url") : l.MemberEnd();
        if (!l.IsObject() || rel == l.MemberEnd() || url == l.MemberEnd() || !rel->value.IsString() ||
            !url->value.IsString() || std::string_view(rel->value.GetString()) != "next") {
          continue;
        }
        // The client resolves paths against the base: keep "Type?..." from an absolute next link.
        std::string u = url->value.GetString();
        auto at = u.find(std::string(type) + "?");
        next = at == std::string::npos ? std::string() : u.substr(at);
      }
    }
    return out;
  };
}

}  // namespace sarcoma::service
