// Inbound bearer-token authentication through the Router guard.
#include <gtest/gtest.h>

#include "adapter/service/http/bearer_auth.hpp"

namespace sarcoma::service {
namespace {

HttpRequest get(const std::string& path, const std::string& auth = "") {
  HttpRequest r;
  r.method = "GET";
  r.target = path;
  if (!auth.empty()) r.headers.emplace_back("authorization", auth);
  return r;
}

struct BearerAuth : ::testing::Test {
  Router router;
  void SetUp() override {
    router.add("GET", "/livez", [](const HttpRequest&) { return HttpResponse{200, "text/plain", {}, "ok"}; });
    router.add("GET", "/fhir/Task", [](const HttpRequest&) { return HttpResponse{200, "application/fhir+json", {}, "{}"}; });
    router.set_guard(bearer_guard(parse_token_list(" alpha-token , beta-token,")));
  }
};

TEST_F(BearerAuth, TokenListParsing) {
  EXPECT_EQ(parse_token_list(" a , b,,c "), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(parse_token_list(" , ").empty());
}

TEST_F(BearerAuth, HealthProbesAreOpen) { EXPECT_EQ(router.handle(get("/livez")).status, 200); }

TEST_F(BearerAuth, EveryConfiguredTokenIsAccepted) {
  EXPECT_EQ(router.handle(get("/fhir/Task", "Bearer alpha-token")).status, 200);
  EXPECT_EQ(router.handle(get("/fhir/Task?status=requested", "Bearer beta-token")).status, 200);
}

TEST_F(BearerAuth, MissingWrongOrMalformedCredentialsAre401) {
  for (const char* auth : {"", "Bearer", "Bearer ", "Bearer alpha-toke", "Bearer alpha-token2", "Basic YTpi",
                           "bearer alpha-token"}) {
    HttpResponse r = router.handle(get("/fhir/Task", auth));
    EXPECT_EQ(r.status, 401) << auth;
    bool challenge = false;
    for (const auto& [k, v] : r.headers) challenge = challenge || k == "WWW-Authenticate";
    EXPECT_TRUE(challenge) << auth;
    EXPECT_NE(r.body.find("OperationOutcome"), std::string::npos);
    EXPECT_EQ(r.body.find("alpha"), std::string::npos) << "a token must never be echoed";
  }
}

TEST_F(BearerAuth, UnknownPathsAreNotRevealedWithoutAToken) {
  EXPECT_EQ(router.handle(get("/nothing-here")).status, 401);
  EXPECT_EQ(router.handle(get("/nothing-here", "Bearer alpha-token")).status, 404);
}

}  // namespace
}  // namespace sarcoma::service
