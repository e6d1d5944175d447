#pragma once
// Bearer-token authentication of the daemon's API: every request but the health probes must carry
// `Authorization: Bearer <token>` with one of the configured tokens (compared in constant time);
// otherwise 401 with WWW-Authenticate and an OperationOutcome. Tokens never appear in logs.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "adapter/service/http/router.hpp"

namespace sarcoma::service {

// "a,b , c" -> {"a", "b", "c"}; empty items dropped.
std::vector<std::string> parse_token_list(const std::string& text);

// A guard for Router::set_guard. `open_paths` are served without a token (default: /livez, /readyz);
// paths for which `self_authenticated` is true (the review pages: sessions or tokens) are left to
// their handlers.
Router::Guard bearer_guard(std::vector<std::string> tokens,
                           std::vector<std::string> open_paths = {"/livez", "/readyz"},
                           std::function<bool(std::string_view)> self_authenticated = nullptr);

}  // namespace sarcoma::service
