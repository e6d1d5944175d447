#include "adapter/service/config.hpp"

#include <charconv>
#include <set>

#include "fhir/rapidjson.hpp"

namespace sarcoma::service {
namespace {

using Errors = std::vector<std::string>;

struct Binder {
  Config& c;
  Errors& errors;

  void str(const rapidjson::Value& v, const std::string& path, std::string& out) {
    if (!v.IsString()) return errors.push_back(path + ": expected a string");
    out.assign(v.GetString(), v.GetStringLength());
  }
  template <class I>
  void integer(const rapidjson::Value& v, const std::string& path, I& out, std::int64_t min,
               std::int64_t max) {
    if (!v.IsInt64() || v.GetInt64() < min || v.GetInt64() > max) {
      return errors.push_back(path + ": expected an integer from " + std::to_string(min) + " to " +
                              std::to_string(max));
    }
    out = static_cast<I>(v.GetInt64());
  }
  void boolean(const rapidjson::Value& v, const std::string& path, bool& out) {
    if (!v.IsBool()) return errors.push_back(path + ": expected true or false");
    out = v.GetBool();
  }
};

constexpr std::int64_t kDay = 24LL * 3600 * 1000;

// Reads one member; returns false when the key is not known.
bool bind_key(Binder& b, const std::string& path, const rapidjson::Value& v) {
  Config& c = b.c;
  if (path == "listen") {
    std::string s;
    b.str(v, path, s);
    if (!s.empty() && !parse_listen(s, c.listen_host, c.listen_port))
      b.errors.push_back(path + ": expected host:port");
  } else if (path == "data_dir") {
    b.str(v, path, c.data_dir);
  } else if (path == "mappings_dir") {
    b.str(v, path, c.mappings_dir);
  } else if (path == "workers") {
    b.integer(v, path, c.workers, 1, 256);
  } else if (path == "upstream.url") {
    b.str(v, path, c.upstream.url);
  } else if (path == "upstream.token_env") {
    b.str(v, path, c.upstream.token_env);
  } else if (path == "upstream.ca_file") {
    b.str(v, path, c.upstream.ca_file);
  } else if (path == "upstream.connect_timeout_ms") {
    b.integer(v, path, c.upstream.connect_timeout_ms, 1, 600000);
  } else if (path == "upstream.request_timeout_ms") {
    b.integer(v, path, c.upstream.request_timeout_ms, 1, 600000);
  } else if (path == "upstream.max_transaction_entries") {
    b.integer(v, path, c.upstream.max_transaction_entries, 0, 100000);
  } else if (path == "limits.max_body_bytes") {
    b.integer(v, path, c.limits.max_body_bytes, 1, 1LL << 30);
  } else if (path == "limits.header_timeout_ms") {
    b.integer(v, path, c.limits.header_timeout_ms, 1, 600000);
  } else if (path == "limits.read_timeout_ms") {
    b.integer(v, path, c.limits.read_timeout_ms, 1, 600000);
  } else if (path == "limits.write_timeout_ms") {
    b.integer(v, path, c.limits.write_timeout_ms, 1, 600000);
  } else if (path == "limits.max_depth") {
    b.integer(v, path, c.limits.max_depth, 8, 1024);
  } else if (path == "retry.max_attempts") {
    b.integer(v, path, c.retry.max_attempts, 1, 100);
  } else if (path == "retry.base_delay_ms") {
    b.integer(v, path, c.retry.base_delay_ms, 1, kDay);
  } else if (path == "retry.max_delay_ms") {
    b.integer(v, path, c.retry.max_delay_ms, 1, kDay);
  } else if (path == "poll.enabled") {
    b.boolean(v, path, c.poll.enabled);
  } else if (path == "poll.interval_s") {
    b.integer(v, path, c.poll.interval_s, 1, 86400);
  } else if (path == "tls.cert_file") {
    b.str(v, path, c.tls.cert_file);
  } else if (path == "tls.key_file") {
    b.str(v, path, c.tls.key_file);
  } else if (path == "auth.bearer_tokens_env") {
    b.str(v, path, c.auth.bearer_tokens_env);
  } else if (path == "review.users_file") {
    b.str(v, path, c.review.users_file);
  } else if (path == "review.session_idle_minutes") {
    b.integer(v, path, c.review.session_idle_minutes, 1, 24 * 60);
  } else if (path == "log.level") {
    b.str(v, path, c.log_level);
  } else {
    return false;
  }
  return true;
}

const std::set<std::string> kSections = {"upstream", "limits", "retry", "poll", "tls", "auth", "review", "log"};

void walk(Binder& b, const rapidjson::Value& obj, const std::string& prefix) {
  for (auto it = obj.MemberBegin(); it != obj.MemberEnd(); ++it) {
    std::string name(it->name.GetString(), it->name.GetStringLength());
    if (prefix.empty() && name.size() > 1 && name[0] == '_') continue;  // "_comment" keys document the file
    std::string path = prefix.empty() ? name : prefix + "." + name;
    if (prefix.empty() && kSections.count(name)) {
      if (!it->value.IsObject()) {
        b.errors.push_back(path + ": expected an object");
      } else {
        walk(b, it->value, path);
      }
      continue;
    }
    if (!prefix.empty() && name.size() > 1 && name[0] == '_') continue;
    if (!bind_key(b, path, it->value)) b.errors.push_back(path + ": unknown key");
  }
}

void apply_env(Config& c, const EnvLookup& env, Errors& errors) {
  if (auto v = env("SARCOMA_LISTEN")) {
    if (!parse_listen(*v, c.listen_host, c.listen_port))
      errors.push_back("SARCOMA_LISTEN: expected host:port");
  }
  if (auto v = env("SARCOMA_DATA_DIR")) c.data_dir = *v;
  if (auto v = env("SARCOMA_MAPPINGS_DIR")) c.mappings_dir = *v;
  if (auto v = env("SARCOMA_UPSTREAM")) c.upstream.url = *v;
  if (auto v = env("SARCOMA_LOG_LEVEL")) c.log_level = *v;
  if (auto v = env("SARCOMA_REVIEW_USERS_FILE")) c.review.users_file = *v;
  if (auto v = env("SARCOMA_WORKERS")) {
    int n = 0;
    auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc() || p != v->data() + v->size() || n < 1 || n > 256) {
      errors.push_back("SARCOMA_WORKERS: expected an integer from 1 to 256");
    } else {
      c.workers = n;
    }
  }
}

void validate(const Config& c, Errors& errors) {
  static const std::set<std::string> kLevels = {"trace", "debug", "info", "warn", "error", "critical", "off"};
  if (!kLevels.count(c.log_level))
    errors.push_back("log.level: expected one of trace, debug, info, warn, error, critical, off");
  if (c.data_dir.empty()) errors.push_back("data_dir: must not be empty");
  if (!c.upstream.url.empty() && c.upstream.url.rfind("http://", 0) != 0 &&
      c.upstream.url.rfind("https://", 0) != 0) {
    errors.push_back("upstream.url: expected an http:// or https:// URL");
  }
  if (c.tls.cert_file.empty() != c.tls.key_file.empty())
    errors.push_back("tls: cert_file and key_file go together");
  if (c.retry.base_delay_ms > c.retry.max_delay_ms)
    errors.push_back("retry.base_delay_ms: must not exceed retry.max_delay_ms");
}

}  // namespace

bool parse_listen(std::string_view text, std::string& host, int& port) {
  std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  std::string_view h = text.substr(0, colon), p = text.substr(colon + 1);
  if (h.front() == '[') {
    if (h.size() < 3 || h.back() != ']') return false;
    h = h.substr(1, h.size() - 2);
  } else if (h.find(':') != std::string_view::npos) {
    return false;  // bare IPv6 needs brackets
  }
  int n = 0;
  auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), n);
  if (ec != std::errc() || end != p.data() + p.size() || n < 0 || n > 65535) return false;
  host.assign(h);
  port = n;
  return true;
}

Result<Config, std::vector<std::string>> load_config(std::string_view json, const EnvLookup& env) {
  Config c;
  Errors errors;
  if (!json.empty()) {
    rapidjson::Document doc;
    doc.Parse(json.data(), json.size());
    if (doc.HasParseError()) {
      return fail(Errors{std::string("config: malformed JSON at byte ") +
                         std::to_string(doc.GetErrorOffset()) + ": " +
                         rapidjson::GetParseError_En(doc.GetParseError())});
    }
    if (!doc.IsObject()) return fail(Errors{"config: expected a JSON object"});
    Binder b{c, errors};
    walk(b, doc, "");
  }
  apply_env(c, env, errors);
  validate(c, errors);
  if (!errors.empty()) return fail(std::move(errors));
  return c;
}

}  // namespace sarcoma::service
