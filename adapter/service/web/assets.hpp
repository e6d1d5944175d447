#pragma once
// The review pages' static files (adapter/service/web/assets/), compiled into the binary by
// cmake/embed_assets.cmake.
#include <string_view>
#include <vector>

namespace sarcoma::service::web {

struct EmbeddedAsset {
  std::string_view name;  // "app.css"
  std::string_view body;
};

const std::vector<EmbeddedAsset>& embedded_assets();

// The asset and its Content-Type, or nullptr.
const EmbeddedAsset* find_asset(std::string_view name);
std::string_view asset_content_type(std::string_view name);

}  // namespace sarcoma::service::web
