#include "adapter/service/config.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

using namespace sarcoma::service;

namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

std::vector<std::string> errors_of(std::string_view json, std::map<std::string, std::string> env = {}) {
  auto r = load_config(json, env_of(std::move(env)));
  EXPECT_FALSE(r.ok()) << json;
  return r.ok() ? std::vector<std::string>{} : r.error();
}

}  // namespace

TEST(Config, DefaultsWithoutFileOrEnvironment) {
  auto r = load_config("", env_of({}));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->listen_host, "127.0.0.1");
  EXPECT_EQ(r->listen_port, 8080);
  EXPECT_EQ(r->data_dir, "./var");
  EXPECT_TRUE(r->upstream.url.empty());
}

TEST(Config, ExampleFileDocumentsEveryKeyAndLoads) {
  std::ifstream in(std::string(SARCOMA_SOURCE_DIR) + "/deploy/sarcoma-adapter.example.json");
  ASSERT_TRUE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  auto r = load_config(ss.str(), env_of({}));
  ASSERT_TRUE(r.ok()) << (r.ok() ? "" : r.error().front());
  EXPECT_EQ(r->data_dir, "/var/lib/sarcoma-adapter");
  EXPECT_EQ(r->upstream.url, "https://fhir.hospital.example/fhir/R4");
  EXPECT_EQ(r->upstream.token_env, "SARCOMA_UPSTREAM_TOKEN");
  EXPECT_EQ(r->limits.max_body_bytes, 16777216);
  EXPECT_EQ(r->retry.max_attempts, 8);
  EXPECT_TRUE(r->poll.enabled);
  EXPECT_EQ(r->tls.key_file, "/etc/sarcoma-adapter/tls/key.pem");
  EXPECT_EQ(r->auth.bearer_tokens_env, "SARCOMA_API_TOKENS");
}

TEST(Config, EnvironmentOverridesTheFile) {
  auto r = load_config(R"({"listen":"127.0.0.1:9000","data_dir":"/a"})",
                       env_of({{"SARCOMA_LISTEN", "[::1]:8443"},
                               {"SARCOMA_DATA_DIR", "/b"},
                               {"SARCOMA_UPSTREAM", "http://127.0.0.1:8103/fhir"},
                               {"SARCOMA_WORKERS", "4"}}));
  ASSERT_TRUE(r.ok()) << r.error().front();
  EXPECT_EQ(r->listen_host, "::1");
  EXPECT_EQ(r->listen_port, 8443);
  EXPECT_EQ(r->data_dir, "/b");
  EXPECT_EQ(r->upstream.url, "http://127.0.0.1:8103/fhir");
  EXPECT_EQ(r->workers, 4);
}

TEST(Config, ErrorsNameTheKey) {
  EXPECT_EQ(errors_of(R"({"listne":"x"})").at(0), "listne: unknown key");
  EXPECT_EQ(errors_of(R"({"limits":{"max_body":1}})").at(0), "limits.max_body: unknown key");
  EXPECT_EQ(errors_of(R"({"workers":"two"})").at(0), "workers: expected an integer from 1 to 256");
  EXPECT_EQ(errors_of(R"({"limits":{"max_body_bytes":0}})").at(0),
            "limits.max_body_bytes: expected an integer from 1 to 1073741824");
  EXPECT_EQ(errors_of(R"({"poll":{"enabled":"yes"}})").at(0), "poll.enabled: expected true or false");
  EXPECT_EQ(errors_of(R"({"retry":5})").at(0), "retry: expected an object");
  EXPECT_EQ(errors_of(R"({"listen":"localhost"})").at(0), "listen: expected host:port");
  EXPECT_EQ(errors_of(R"({"upstream":{"url":"ftp://x"}})").at(0),
            "upstream.url: expected an http:// or https:// URL");
  EXPECT_EQ(errors_of(R"({"tls":{"cert_file":"c.pem"}})").at(0), "tls: cert_file and key_file go together");
  EXPECT_EQ(errors_of(R"({"log":{"level":"loud"}})").at(0).rfind("log.level:", 0), 0u);
  EXPECT_EQ(errors_of("", {{"SARCOMA_WORKERS", "0"}}).at(0),
            "SARCOMA_WORKERS: expected an integer from 1 to 256");
  EXPECT_EQ(errors_of("{").at(0).rfind("config: malformed JSON at byte", 0), 0u);
  EXPECT_EQ(errors_of("[]").at(0), "config: expected a JSON object");
  // Every problem is reported at once, not one per start attempt.
  EXPECT_EQ(errors_of(R"({"a":1,"b":2,"workers":0})").size(), 3u);
}

TEST(Config, ListenParsing) {
  std::string h;
  int p = 0;
  EXPECT_TRUE(parse_listen("0.0.0.0:80", h, p));
  EXPECT_EQ(h, "0.0.0.0");
  EXPECT_EQ(p, 80);
  EXPECT_TRUE(parse_listen("[::1]:0", h, p));
  EXPECT_EQ(h, "::1");
  EXPECT_FALSE(parse_listen("::1:80", h, p));
  EXPECT_FALSE(parse_listen("host:65536", h, p));
  EXPECT_FALSE(parse_listen(":80", h, p));
  EXPECT_FALSE(parse_listen("host:", h, p));
}
