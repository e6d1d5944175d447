#include "adapter/service/worklist_command.hpp"

#include <cstdio>
#include <string>

#include "adapter/service/cli.hpp"
#include "adapter/service/fhir_client/fhir_client.hpp"
#include "adapter/service/sinks.hpp"
#include "adapter/service/web/work_item.hpp"

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
  // The same paged search the web worklist uses (next links, bounded in pages and resources).
  auto search = upstream_searcher([&client](const std::string& relative) { return client.get(relative); });
  auto found = search("Task", {{"status", status}, {"_sort", "-priority"}}, 100000);
  if (!found.ok()) {
    std::fprintf(stderr, "sarcoma-adapter worklist: %s\n", found.error().c_str());
    return 69;
  }
  std::vector<web::WorkItem> rows;
  for (const auto& json : *found) {
    if (auto item = web::parse_work_item(json)) rows.push_back(std::move(*item));
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
