#include "adapter/service/serve_command.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>

#include "adapter/service/cli.hpp"
#include "adapter/service/config.hpp"
#include "adapter/service/daemon.hpp"

namespace sarcoma::service {
namespace {

std::optional<std::string> getenv_opt(std::string_view name) {
  const char* v = std::getenv(std::string(name).c_str());
  return v ? std::optional<std::string>(v) : std::nullopt;
}

}  // namespace

int run_serve(const std::vector<std::string_view>& args) {
  std::string config_path;
  std::map<std::string, std::string> overrides;  // command line wins over file and environment
  for (std::size_t i = 0; i < args.size(); ++i) {
    auto takes_value = [&](std::string_view flag) { return args[i] == flag && i + 1 < args.size(); };
    if (takes_value("--config")) {
      config_path = args[++i];
    } else if (takes_value("--listen")) {
      overrides["SARCOMA_LISTEN"] = args[++i];
    } else if (takes_value("--data-dir")) {
      overrides["SARCOMA_DATA_DIR"] = args[++i];
    } else if (takes_value("--upstream")) {
      overrides["SARCOMA_UPSTREAM"] = args[++i];
    } else {
      std::fprintf(stderr, "sarcoma-adapter serve: unknown or incomplete option '%.*s'\n",
                   static_cast<int>(args[i].size()), args[i].data());
      return kExitUsage;
    }
  }
  std::string json;
  if (!config_path.empty()) {
    std::ifstream in(config_path, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "sarcoma-adapter serve: cannot read config %s\n", config_path.c_str());
      return kExitNoInput;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    json = ss.str();
  }
  auto config = load_config(json, [&](std::string_view name) -> std::optional<std::string> {
    if (auto it = overrides.find(std::string(name)); it != overrides.end()) return it->second;
    return getenv_opt(name);
  });
  if (!config.ok()) {
    for (const auto& e : config.error())
      std::fprintf(stderr, "sarcoma-adapter serve: config: %s\n", e.c_str());
    return kExitUsage;
  }

  return run_daemon(*config);
}

}  // namespace sarcoma::service
