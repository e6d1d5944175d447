#include "adapter/service/worklist_command.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

#include "adapter/service/cli.hpp"
#include "adapter/service/fhir_client/fhir_client.hpp"
#include "adapter/service/web/work_item.hpp"
#include "fhir/rapidjson.hpp"

namespace sarcoma::service {

int run_worklist(const std::vector<std::string_view>& args) {
  std::string server = "http://127.0.0.1:8080/fhir", status = "requested";
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--server" && i + 1 < args.size()) {
      server = args[++i];
    } else if (args[i] == "--status" && i + 1 < args.size()) {
      status = args[++i];
    } else {
      std::fputs("usage: sarcoma-adapter worklist [--server URL] [--status requested|completed|...]\n", stderr);
      return kExitUsage;
    }
  }
  Endpoint endpoint;
  if (!parse_base_url(server, endpoint)) {
    std::fputs("sarcoma-adapter worklist: --server must be an http(s) URL\n", stderr);
    return kExitUsage;
  }
  FhirClient client(endpoint, {});
  std::vector<web::WorkItem> rows;
  // Page through the search; bounded so a misbehaving server cannot keep us looping.
  for (int offset = 0, pages = 0; pages < 100; ++pages, offset += 1000) {
    auto r = client.get("Task?status=" + status + "&_sort=-priority&_count=1000&_offset=" + std::to_string(offset));
    if (!r.ok() || r->status != 200) {
      std::fprintf(stderr, "sarcoma-adapter worklist: %s\n", classify(r, 0).error.c_str());
      return 69;
    }
    rapidjson::Document d;
    d.Parse(r->body.c_str(), r->body.size());
    if (d.HasParseError() || !d.IsObject()) {
      std::fputs("sarcoma-adapter worklist: the server's answer is not JSON\n", stderr);
      return 69;
    }
    auto entries = d.FindMember("entry");
    if (entries == d.MemberEnd() || !entries->value.IsArray() || entries->value.Empty()) break;
    for (const auto& e : entries->value.GetArray()) {
      auto res = e.IsObject() ? e.FindMember("resource") : e.MemberEnd();
      if (!e.IsObject() || res == e.MemberEnd() || !res->value.IsObject()) continue;
      rapidjson::StringBuffer buf;
      rapidjson::Writer<rapidjson::StringBuffer> w(buf);
      res->value.Accept(w);
      if (auto item = web::parse_work_item(std::string_view(buf.GetString(), buf.GetSize()))) rows.push_back(std::move(*item));
    }
    if (entries->value.Size() < 1000) break;
  }
  // The worklist order (most urgent first, then the oldest), as the web page orders it.
  web::WorklistFilter all;
  all.status = "all";  // the server already filtered by status
  all.page_size = static_cast<int>(rows.size() + 1);
  rows = web::select_work_items(std::move(rows), all).rows;
  std::printf("%zu open review task(s) at %s\n", rows.size(), server.c_str());
  for (const auto& r : rows) {
    std::string reasons;
    for (const auto& b : r.reasons) reasons += (reasons.empty() ? "" : ", ") + b.code;
    std::printf("\n[%s] %s\n  %s\n  reasons: %s\n", r.priority.c_str(), r.focus.c_str(), r.description.c_str(),
                reasons.c_str());
  }
  return kExitOk;
}

}  // namespace sarcoma::service
