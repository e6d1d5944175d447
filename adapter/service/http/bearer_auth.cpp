#include "adapter/service/http/bearer_auth.hpp"

#include <algorithm>

namespace sarcoma::service {
namespace {

// Compares without an early exit, so the time taken does not reveal how much of a token matched.
bool same(const std::string& a, const std::string& b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i % (b.empty() ? 1 : b.size())]);
  return diff == 0 && !b.empty();
}

HttpResponse unauthorized(const char* why) {
  HttpResponse r = error_response(401, "login", why);
  r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"sarcoma-adapter\"");
  return r;
}

}  // namespace

std::vector<std::string> parse_token_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find(',', pos);
    std::string item = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (!item.empty()) out.push_back(item);
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return out;
}

Router::Guard bearer_guard(std::vector<std::string> tokens, std::vector<std::string> open_paths,
                           std::function<bool(std::string_view)> self_authenticated) {
  return [tokens = std::move(tokens), open = std::move(open_paths),
          self = std::move(self_authenticated)](const HttpRequest& req) -> std::optional<HttpResponse> {
    if (std::find(open.begin(), open.end(), req.path()) != open.end()) return std::nullopt;
    if (self && self(req.path())) return std::nullopt;
    const std::string* h = req.header("authorization");
    if (h == nullptr) return unauthorized("authentication required: Authorization: Bearer <token>");
    const std::string prefix = "Bearer ";
    if (h->size() <= prefix.size() || h->compare(0, prefix.size(), prefix) != 0) {
      return unauthorized("authentication required: Authorization: Bearer <token>");
    }
    std::string presented = h->substr(prefix.size());
    bool ok = false;
    for (const auto& t : tokens) ok = same(presented, t) || ok;  // no early exit either
    if (!ok) return unauthorized("invalid token");
    return std::nullopt;
  };
}

}  // namespace sarcoma::service
