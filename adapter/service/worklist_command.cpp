#include "adapter/service/worklist_command.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

#include "adapter/service/cli.hpp"
#include "adapter/service/fhir_client/fhir_client.hpp"
#include "fhir/rapidjson.hpp"
#include "mappings/review_reasons.hpp"

namespace sarcoma::service {
namespace {

struct Row {
  int priority = 0;
  std::string priority_text, authored, focus, description, reasons;
};

std::string str(const rapidjson::Value& v, const char* key) {
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

}  // namespace

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
  std::vector<Row> rows;
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
      auto res = e.FindMember("resource");
      if (res == e.MemberEnd() || !res->value.IsObject()) continue;
      const auto& t = res->value;
      Row row;
      row.priority_text = str(t, "priority");
      row.priority = mappings::priority_rank(row.priority_text);
      row.authored = str(t, "authoredOn");
      row.description = str(t, "description");
      auto focus = t.FindMember("focus");
      if (focus != t.MemberEnd() && focus->value.IsObject()) row.focus = str(focus->value, "reference");
      auto inputs = t.FindMember("input");
      if (inputs != t.MemberEnd() && inputs->value.IsArray()) {
        for (const auto& in : inputs->value.GetArray()) {
          auto cc = in.FindMember("valueCodeableConcept");
          if (cc == in.MemberEnd() || !cc->value.IsObject()) continue;
          auto coding = cc->value.FindMember("coding");
          if (coding == cc->value.MemberEnd() || !coding->value.IsArray() || coding->value.Empty()) continue;
          row.reasons += (row.reasons.empty() ? "" : ", ") + str(coding->value[0], "code");
        }
      }
      rows.push_back(std::move(row));
    }
    if (entries->value.Size() < 1000) break;
  }
  // The worklist order: most urgent first, then the oldest.
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return a.priority != b.priority ? a.priority > b.priority : a.authored < b.authored;
  });
  std::printf("%zu open review task(s) at %s\n", rows.size(), server.c_str());
  for (const auto& r : rows) {
    std::printf("\n[%s] %s\n  %s\n  reasons: %s\n", r.priority_text.c_str(), r.focus.c_str(), r.description.c_str(),
                r.reasons.c_str());
  }
  return kExitOk;
}

}  // namespace sarcoma::service
