#include "adapter/service/web/reviewers.hpp"

#include <set>

#include "adapter/service/web/password_hash.hpp"
#include "adapter/service/web/text_checks.hpp"
#include "fhir/rapidjson.hpp"

namespace sarcoma::service::web {
namespace {

bool valid_username(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char ch : s) {
    bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-';
    if (!ok) return false;
  }
  return true;
}

std::string member(const rapidjson::Value& v, const char* key) {
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsString() ? std::string(it->value.GetString(), it->value.GetStringLength())
                                                      : std::string();
}

}  // namespace

Result<std::vector<Reviewer>, std::vector<std::string>> parse_reviewers(std::string_view json) {
  std::vector<std::string> errors;
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsObject()) return fail(std::vector<std::string>{"users file: expected a JSON object"});
  auto users = doc.FindMember("users");
  if (users == doc.MemberEnd() || !users->value.IsArray()) {
    return fail(std::vector<std::string>{"users file: expected \"users\": [...]"});
  }
  std::vector<Reviewer> out;
  std::set<std::string> seen;
  std::size_t index = 0;
  for (const auto& u : users->value.GetArray()) {
    std::string at = "users[" + std::to_string(index++) + "]";
    if (!u.IsObject()) {
      errors.push_back(at + ": expected an object");
      continue;
    }
    Reviewer r{member(u, "username"), member(u, "display"), member(u, "password_hash")};
    if (!valid_username(r.username)) errors.push_back(at + ".username: expected 1-64 of a-z 0-9 . _ -");
    if (!seen.insert(r.username).second) errors.push_back(at + ".username: listed twice");
    if (r.display.empty() || r.display.size() > 200 || !is_clean_text(r.display, false)) {
      errors.push_back(at + ".display: expected a name of 1-200 printable characters");
    }
    if (!is_valid_password_hash(r.password_hash)) {
      errors.push_back(at + ".password_hash: expected pbkdf2-sha256$<iterations>$<salt>$<hash> "
                       "(sarcoma-adapter hash-password)");
    }
    out.push_back(std::move(r));
  }
  if (!errors.empty()) return fail(std::move(errors));
  return out;
}

const Reviewer* find_reviewer(const std::vector<Reviewer>& reviewers, std::string_view username) {
  for (const auto& r : reviewers) {
    if (r.username == username) return &r;
  }
  return nullptr;
}

}  // namespace sarcoma::service::web
