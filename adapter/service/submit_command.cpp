#include "adapter/service/submit_command.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>

#include "adapter/service/as_transaction.hpp"
#include "adapter/service/cli.hpp"
#include "adapter/service/fhir_client/fhir_client.hpp"
#include "adapter/service/input.hpp"
#include "adapter/service/log.hpp"

namespace sarcoma::service {

int run_submit(const std::vector<std::string_view>& args) {
  std::string server = "http://127.0.0.1:8080/fhir";
  FhirClientOptions options;
  std::vector<std::string> files;
  for (std::size_t i = 0; i < args.size(); ++i) {
    auto value = [&]() -> std::string { return i + 1 < args.size() ? std::string(args[++i]) : std::string(); };
    if (args[i] == "--server") {
      server = value();
    } else if (args[i] == "--ca-file") {
      options.http.ca_file = value();
    } else if (args[i] == "--token-env") {
      std::string name = value();
      const char* token = name.empty() ? nullptr : std::getenv(name.c_str());
      if (token == nullptr) {
        std::fprintf(stderr, "sarcoma-adapter submit: --token-env names an unset variable\n");
        return kExitUsage;
      }
      options.bearer_token = token;
    } else if (args[i].size() > 1 && args[i][0] == '-') {
      std::fprintf(stderr, "sarcoma-adapter submit: unknown option '%.*s'\n", static_cast<int>(args[i].size()), args[i].data());
      return kExitUsage;
    } else {
      files.emplace_back(args[i]);
    }
  }
  Endpoint endpoint;
  if (files.empty() || !parse_base_url(server, endpoint)) {
    std::fputs("usage: sarcoma-adapter submit FILE... [--server http(s)://host:port/base] [--ca-file PEM] [--token-env NAME]\n",
               stderr);
    return kExitUsage;
  }
  FhirClient client(endpoint, options);
  int rc = kExitOk;
  for (const auto& file : files) {
    auto input = read_input(file, 16 * 1024 * 1024);
    if (!input.ok()) {
      std::fprintf(stderr, "sarcoma-adapter: %s\n", input.error().message.c_str());
      rc = kExitNoInput;
      continue;
    }
    auto tx = as_transaction(*input);
    if (!tx.ok()) {
      const auto& first = tx.error().front();
      std::fprintf(stderr, "sarcoma-adapter: %s: unusable input: %s at %s\n", file.c_str(), first.diagnostics.c_str(),
                   first.expression.c_str());
      rc = kExitDataError;
      continue;
    }
    auto r = client.transaction(*tx);
    int status = r.ok() ? r->status : 0;
    std::printf("{\"file\":\"%s\",\"status\":%d}\n", json_escape(file).c_str(), status);
    if (!r.ok() || status < 200 || status >= 300) {
      std::fprintf(stderr, "sarcoma-adapter: %s: %s\n", file.c_str(), classify(r, 0).error.c_str());
      if (rc == kExitOk) rc = 69;  // EX_UNAVAILABLE
    }
  }
  return rc;
}

}  // namespace sarcoma::service
