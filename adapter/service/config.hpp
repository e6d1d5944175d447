#pragma once
// The daemon's configuration: one JSON file plus environment overrides, validated at start.
// Every key is listed (and explained) in deploy/sarcoma-adapter.example.json.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fhir/result.hpp"

namespace sarcoma::service {

struct Config {
  std::string listen_host = "127.0.0.1";
  int listen_port = 8080;
  std::string data_dir = "./var";
  std::string mappings_dir;  // the rule tables (mappings/*.json); empty: the directory built in
  int workers = 2;

  struct Upstream {
    std::string url;        // empty: embedded store
    std::string token_env;  // name of the environment variable holding the bearer token
    std::string ca_file;    // extra CA bundle for the upstream's certificate
    int connect_timeout_ms = 5000;
    int request_timeout_ms = 30000;
    int max_transaction_entries = 0;  // 0: no cap; Medplum needs 8
  } upstream;

  struct Limits {
    std::int64_t max_body_bytes = 16 * 1024 * 1024;
    int header_timeout_ms = 10000;
    int read_timeout_ms = 30000;
    int write_timeout_ms = 30000;
    int max_depth = 64;
  } limits;

  struct Retry {
    int max_attempts = 8;
    std::int64_t base_delay_ms = 1000;
    std::int64_t max_delay_ms = 300000;
  } retry;

  struct Poll {
    bool enabled = false;
    int interval_s = 60;
  } poll;

  struct Tls {
    std::string cert_file;  // both set: the daemon serves HTTPS
    std::string key_file;
  } tls;

  struct Auth {
    std::string bearer_tokens_env;  // variable holding comma-separated accepted tokens; empty: no auth
  } auth;

  struct Review {
    std::string users_file;        // reviewers who may sign in to the web pages (web/reviewers.hpp)
    int session_idle_minutes = 30;  // a session ends after this long without a request
  } review;

  std::string log_level = "info";
};

using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

// Parses `json` (empty = defaults only), applies environment overrides (SARCOMA_LISTEN=host:port,
// SARCOMA_DATA_DIR, SARCOMA_MAPPINGS_DIR, SARCOMA_UPSTREAM, SARCOMA_WORKERS, SARCOMA_LOG_LEVEL, SARCOMA_REVIEW_USERS_FILE) and validates. Errors name
// the key ("limits.max_body_bytes: expected a positive integer") and never echo secret values.
Result<Config, std::vector<std::string>> load_config(std::string_view json, const EnvLookup& env);

// "host:port" (IPv6 as "[::1]:8080") -> host, port. False when malformed.
bool parse_listen(std::string_view text, std::string& host, int& port);

}  // namespace sarcoma::service
