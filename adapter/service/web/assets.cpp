#include "adapter/service/web/assets.hpp"

namespace sarcoma::service::web {

const EmbeddedAsset* find_asset(std::string_view name) {
  for (const auto& a : embedded_assets()) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

std::string_view asset_content_type(std::string_view name) {
  auto ends = [&](std::string_view s) { return name.size() >= s.size() && name.substr(name.size() - s.size()) == s; };
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

}  // namespace sarcoma::service::web
