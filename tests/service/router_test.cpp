#include "adapter/service/http/router.hpp"

#include <gtest/gtest.h>

using namespace sarcoma::service;

namespace {

Handler answer(std::string text) {
  return [text](const HttpRequest&) {
    HttpResponse r;
    r.content_type = "text/plain";
    r.body = text;
    return r;
  };
}

HttpResponse call(const Router& router, std::string method, std::string target) {
  HttpRequest r;
  r.method = std::move(method);
  r.target = std::move(target);
  return router.handle(r);
}

std::string allow_of(const HttpResponse& r) {
  for (const auto& [k, v] : r.headers) {
    if (k == "Allow") return v;
  }
  return "";
}

}  // namespace

TEST(Router, ExactRouteMatchesPathWithoutQuery) {
  Router router;
  router.add("GET", "/livez", answer("live"));
  auto r = call(router, "GET", "/livez?verbose=1");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "live");
  EXPECT_EQ(call(router, "GET", "/livez/x").status, 404);
}

TEST(Router, PrefixRouteServesEverythingBelowIt) {
  Router router;
  router.add_prefix("GET", "/fhir/", answer("fhir"));
  EXPECT_EQ(call(router, "GET", "/fhir/Task/1").body, "fhir");
  EXPECT_EQ(call(router, "GET", "/fhir/Task?status=requested").body, "fhir");
  EXPECT_EQ(call(router, "GET", "/fhir/").body, "fhir");
  EXPECT_EQ(call(router, "GET", "/fhir").status, 404);  // the prefix includes the slash
  EXPECT_EQ(call(router, "GET", "/fhirx/Task").status, 404);
}

TEST(Router, ExactRoutesWinOverPrefixRoutes) {
  Router router;
  router.add_prefix("GET", "/fhir/", answer("prefix"));
  router.add("GET", "/fhir/metadata", answer("exact"));
  EXPECT_EQ(call(router, "GET", "/fhir/metadata").body, "exact");
  EXPECT_EQ(call(router, "GET", "/fhir/metadata/x").body, "prefix");
  EXPECT_EQ(call(router, "GET", "/fhir/Patient").body, "prefix");
}

TEST(Router, LongestPrefixWinsWhateverTheRegistrationOrder) {
  Router router;
  router.add_prefix("GET", "/a/", answer("short"));
  router.add_prefix("GET", "/a/b/c/", answer("longest"));
  router.add_prefix("GET", "/a/b/", answer("middle"));
  EXPECT_EQ(call(router, "GET", "/a/b/c/d").body, "longest");
  EXPECT_EQ(call(router, "GET", "/a/b/x").body, "middle");
  EXPECT_EQ(call(router, "GET", "/a/x").body, "short");
}

TEST(Router, AnotherMethodOnAPrefixGives405WithEveryAllowedMethod) {
  Router router;
  router.add("GET", "/fhir/metadata", answer("m"));
  router.add_prefix("GET", "/fhir/", answer("g"));
  router.add_prefix("PUT", "/fhir/", answer("p"));
  auto r = call(router, "PATCH", "/fhir/metadata");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(allow_of(r), "GET, PUT");  // each method once
  EXPECT_NE(r.body.find("OperationOutcome"), std::string::npos);
  // PUT is served by the prefix route even where an exact route exists for GET only.
  EXPECT_EQ(call(router, "PUT", "/fhir/metadata").body, "p");
}

TEST(Router, ExactPathWithOtherMethodGives405AndUnknownPath404) {
  Router router;
  router.add("POST", "/notify", answer("n"));
  auto r = call(router, "GET", "/notify");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(allow_of(r), "POST");
  auto missing = call(router, "GET", "/nothing");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("not-found"), std::string::npos);
}
