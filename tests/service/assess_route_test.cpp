// POST [base]/DiagnosticReport/$sarcoma-assess through the Router, without sockets: formats by
// Content-Type and Accept, status codes for bad input, both bases.
#include <gtest/gtest.h>

#include "adapter/service/assess_route.hpp"
#include "fhir/parse.hpp"
#include "tests/shared/rule_set.hpp"

namespace sarcoma::service {
namespace {

const core::RuleSet& rules() { return sarcoma::test::rule_set(); }

const char* kReport =
    R"({"resourceType":"DiagnosticReport","id":"dr-http","status":"final","code":{"text":"pathology"},)"
    R"("subject":{"reference":"Patient/p"},"conclusion":"Buttock: synovial sarcoma, 4.0 cm. Mitoses 3/10 HPF. No necrosis."})";

struct Fixture : ::testing::Test {
  Metrics metrics;
  AssessRouteContext ctx{rules(), metrics, [] { return std::string("2026-01-01T00:00:00Z"); }, "test", {"", "/fhir"}};
  Router router;
  void SetUp() override { add_assess_routes(router, ctx); }
  HttpResponse post(const std::string& path, const std::string& body, const std::string& type,
                    const std::string& accept = "") {
    HttpRequest r;
    r.method = "POST";
    r.target = path;
    r.body = body;
    if (!type.empty()) r.headers.emplace_back("content-type", type);
    if (!accept.empty()) r.headers.emplace_back("accept", accept);
    return router.handle(r);
  }
};

using AssessRoute = Fixture;

TEST_F(AssessRoute, JsonInJsonOutWithTheTransactionBundle) {
  HttpResponse r = post("/DiagnosticReport/$sarcoma-assess", kReport, "application/fhir+json");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "application/fhir+json");
  auto parsed = fhir::parse_any(r.body, {});
  ASSERT_TRUE(parsed.ok());
  const auto* b = fhir::get_if<fhir::Bundle>(parsed->resource);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(*b->type, "transaction");
  // Synovial sarcoma (differentiation 3), 3 mitoses (1), no necrosis (0): 4 = G2; buttock is
  // trunk/extremity, 4.0 cm <= 5 -> T1; T1 N0 M0 G2 -> stage II (seed 003).
  std::string body = r.body;
  EXPECT_NE(body.find(R"("text":"G2")"), std::string::npos);
  EXPECT_NE(body.find(R"("text":"T1")"), std::string::npos);
  EXPECT_NE(body.find(R"("text":"II")"), std::string::npos);
}

TEST_F(AssessRoute, MountedUnderTheFhirBaseToo) {
  EXPECT_EQ(post("/fhir/DiagnosticReport/$sarcoma-assess", kReport, "application/json").status, 200);
}

TEST_F(AssessRoute, AcceptXmlGivesXml) {
  HttpResponse r = post("/DiagnosticReport/$sarcoma-assess", kReport, "application/fhir+json", "application/fhir+xml");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/fhir+xml");
  EXPECT_EQ(r.body.rfind("<Bundle", 0), 0u);
}

TEST_F(AssessRoute, UnsupportedMediaTypeIs415) {
  HttpResponse r = post("/DiagnosticReport/$sarcoma-assess", kReport, "text/plain");
  EXPECT_EQ(r.status, 415);
  EXPECT_NE(r.body.find("OperationOutcome"), std::string::npos);
}

TEST_F(AssessRoute, UnparseableBodyIs400WithAnOutcome) {
  HttpResponse r = post("/DiagnosticReport/$sarcoma-assess", "{\"resourceType\":", "application/fhir+json");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("OperationOutcome"), std::string::npos);
}

TEST_F(AssessRoute, NoDiagnosticReportIs422) {
  HttpResponse r = post("/DiagnosticReport/$sarcoma-assess", R"({"resourceType":"Patient","id":"p"})",
                        "application/fhir+json");
  EXPECT_EQ(r.status, 422) << r.body;
}

TEST_F(AssessRoute, GetIsNotAllowed) {
  HttpRequest r;
  r.method = "GET";
  r.target = "/DiagnosticReport/$sarcoma-assess";
  EXPECT_EQ(router.handle(r).status, 405);
}

}  // namespace
}  // namespace sarcoma::service
