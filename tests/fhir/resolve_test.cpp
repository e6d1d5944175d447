// Reference resolution from a DiagnosticReport to its Observations.
#include "fhir/resolve.hpp"

#include <gtest/gtest.h>

#include "fhir/json_codec.hpp"
#include "test_util.hpp"

namespace sarcoma::fhir::test {
namespace {

std::vector<ResolvedReport> resolve_ok(const Parsed& p) {
  auto r = resolve_reports(p.resource);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : dump(r.error()));
  return r.ok() ? std::move(r).value() : std::vector<ResolvedReport>{};
}

std::vector<std::string> ids(const ResolvedReport& rr) {
  std::vector<std::string> out;
  for (const auto& o : rr.observations) out.emplace_back(*o.observation->id);
  return out;
}

TEST(Resolve, BundleByRelativeIdAndHistory) {
  Parsed p = parse_json_ok(R"({"resourceType":"Bundle","type":"collection","entry":[
    {"resource":{"resourceType":"DiagnosticReport","id":"dr","status":"final","code":{"text":"r"},
                 "result":[{"reference":"Observation/a"},{"reference":"Observation/b/_history/2"}]}},
    {"resource":{"resourceType":"Observation","id":"b","status":"final","code":{"text":"b"}}},
    {"resource":{"resourceType":"Observation","id":"a","status":"final","code":{"text":"a"}}}]})");
  auto reports = resolve_ok(p);
  ASSERT_EQ(reports.size(), 1u);
  const auto& rr = reports[0];
  EXPECT_EQ(rr.reference, "DiagnosticReport/dr");
  EXPECT_EQ(rr.path, "Bundle.entry[0].resource");
  EXPECT_EQ(ids(rr), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(rr.observations[0].reference, "Observation/a");
  EXPECT_EQ(rr.observations[0].path, "Bundle.entry[2].resource");
  EXPECT_EQ(rr.observations[1].path, "Bundle.entry[1].resource");
  EXPECT_EQ(rr.observations[0].parent, nullptr);
  EXPECT_TRUE(rr.issues.empty()) << dump(rr.issues);
}

TEST(Resolve, UrnUuidFullUrls) {
  Parsed p = parse_json_ok(R"({"resourceType":"Bundle","type":"transaction","entry":[
    {"fullUrl":"urn:uuid:11111111-1111-1111-1111-111111111111",
     "resource":{"resourceType":"DiagnosticReport","status":"final","code":{"text":"r"},
                 "result":[{"reference":"urn:uuid:22222222-2222-2222-2222-222222222222"}]}},
    {"fullUrl":"urn:uuid:22222222-2222-2222-2222-222222222222",
     "resource":{"resourceType":"Observation","status":"final","code":{"text":"size"}}}]})");
  auto reports = resolve_ok(p);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].reference, "urn:uuid:11111111-1111-1111-1111-111111111111");
  ASSERT_EQ(reports[0].observations.size(), 1u);
  EXPECT_EQ(reports[0].observations[0].reference, "urn:uuid:22222222-2222-2222-2222-222222222222");
  EXPECT_EQ(*reports[0].observations[0].observation->code->text, "size");
}

TEST(Resolve, AbsoluteUrlsAndServerBase) {
  Parsed p = parse_json_ok(R"({"resourceType":"Bundle","type":"searchset","entry":[
    {"fullUrl":"http://lab.example/fhir/DiagnosticReport/dr",
     "resource":{"resourceType":"DiagnosticReport","id":"dr","status":"final","code":{"text":"r"},
                 "result":[{"reference":"http://lab.example/fhir/Observation/x"},
                           {"reference":"Observation/y"},
                           {"reference":"http://lab.example/fhir/Observation/z/_history/1"},
                           {"reference":"http://elsewhere.example/fhir/Observation/y"}]}},
    {"fullUrl":"http://lab.example/fhir/Observation/x","resource":{"resourceType":"Observation","id":"x","status":"final","code":{"text":"x"}}},
    {"fullUrl":"http://other.example/fhir/Observation/y","resource":{"resourceType":"Observation","id":"y","status":"final","code":{"text":"wrong y"}}},
    {"fullUrl":"http://lab.example/fhir/Observation/y","resource":{"resourceType":"Observation","id":"y","status":"final","code":{"text":"right y"}}},
    {"resource":{"resourceType":"Observation","id":"z","status":"final","code":{"text":"z"}}}]})");
  auto reports = resolve_ok(p);
  ASSERT_EQ(reports.size(), 1u);
  const auto& rr = reports[0];
  ASSERT_EQ(rr.observations.size(), 3u) << dump(rr.issues);
  EXPECT_EQ(*rr.observations[0].observation->id, "x");
  EXPECT_EQ(*rr.observations[1].observation->code->text, "right y");  // the report's base wins
  EXPECT_EQ(rr.observations[1].path, "Bundle.entry[3].resource");
  EXPECT_EQ(*rr.observations[2].observation->id, "z");  // [base]/Observation/z with the report's base
  ASSERT_EQ(rr.issues.size(), 1u);
  EXPECT_EQ(rr.issues[0].code, "not-found");
  EXPECT_EQ(rr.issues[0].expression, "Bundle.entry[0].resource.result[3]");
}

TEST(Resolve, ContainedObservations) {
  Parsed p =
      parse_json_ok(R"({"resourceType":"DiagnosticReport","id":"dr","status":"final","code":{"text":"r"},
    "contained":[{"resourceType":"Observation","id":"panel","status":"final","code":{"text":"panel"},
                  "hasMember":[{"reference":"#m1"}]},
                 {"resourceType":"Observation","id":"m1","status":"final","code":{"text":"m1"}}],
    "result":[{"reference":"#panel"},{"reference":"#nope"}]})");
  auto reports = resolve_ok(p);
  ASSERT_EQ(reports.size(), 1u);
  const auto& rr = reports[0];
  EXPECT_EQ(rr.path, "DiagnosticReport");
  EXPECT_EQ(rr.reference, "DiagnosticReport/dr");
  ASSERT_EQ(rr.observations.size(), 2u);
  EXPECT_EQ(rr.observations[0].reference, "#panel");
  EXPECT_EQ(rr.observations[0].path, "DiagnosticReport.contained[0]");
  EXPECT_EQ(rr.observations[1].reference, "#m1");
  EXPECT_EQ(rr.observations[1].path, "DiagnosticReport.contained[1]");
  EXPECT_EQ(rr.observations[1].parent, rr.observations[0].observation);
  ASSERT_EQ(rr.issues.size(), 1u);
  EXPECT_EQ(rr.issues[0].expression, "DiagnosticReport.result[1]");
  EXPECT_EQ(rr.issues[0].code, "not-found");
}

TEST(Resolve, HasMemberRecursionInBundle) {
  Parsed p = parse_json_ok(R"({"resourceType":"Bundle","type":"collection","entry":[
    {"resource":{"resourceType":"DiagnosticReport","id":"dr","status":"final","code":{"text":"r"},"result":[{"reference":"Observation/p"}]}},
    {"resource":{"resourceType":"Observation","id":"p","status":"final","code":{"text":"p"},"hasMember":[{"reference":"Observation/q"},{"reference":"Observation/c"}]}},
    {"resource":{"resourceType":"Observation","id":"q","status":"final","code":{"text":"q"},"hasMember":[{"reference":"Observation/leaf"}]}},
    {"resource":{"resourceType":"Observation","id":"leaf","status":"final","code":{"text":"leaf"}}},
    {"resource":{"resourceType":"Observation","id":"c","status":"final","code":{"text":"c"},"hasMember":[{"reference":"Observation/leaf"}]}}]})");
  auto reports = resolve_ok(p);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(ids(reports[0]), (std::vector<std::string>{"p", "q", "leaf", "c"}));  // leaf listed once
  EXPECT_EQ(*reports[0].observations[2].parent->id, "q");
  EXPECT_TRUE(reports[0].issues.empty()) << dump(reports[0].issues);
}

TEST(Resolve, CircularHasMemberIsAnIssueNotALoop) {
  Parsed p = parse_json_ok(R"({"resourceType":"Bundle","type":"collection","entry":[
    {"resource":{"resourceType":"DiagnosticReport","id":"dr","status":"final","code":{"text":"r"},"result":[{"reference":"Observation/a"}]}},
    {"resource":{"resourceType":"Observation","id":"a","status":"final","code":{"text":"a"},"hasMember":[{"reference":"Observation/b"}]}},
    {"resource":{"resourceType":"Observation","id":"b","status":"final","code":{"text":"b"},"hasMember":[{"reference":"Observation/a"},{"reference":"Observation/b"}]}}]})");
  auto reports = resolve_ok(p);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(ids(reports[0]), (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(reports[0].issues.size(), 2u);
  EXPECT_EQ(reports[0].issues[0].code, "invalid");
  EXPECT_EQ(reports[0].issues[0].expression, "Bundle.entry[2].resource.hasMember[0]");
  EXPECT_EQ(reports[0].issues[1].expression, "Bundle.entry[2].resource.hasMember[1]");
}

TEST(Resolve, DanglingWrongTypeAndLogicalReferences) {
  Parsed p = parse_json_ok(R"({"resourceType":"Bundle","type":"collection","entry":[
    {"resource":{"resourceType":"DiagnosticReport","id":"dr","status":"final","code":{"text":"r"},
      "result":[{"reference":"Observation/missing"},{"reference":"Specimen/s"},{"identifier":{"value":"x"}},{"reference":"garbage"},{"reference":"#"}]}},
    {"resource":{"resourceType":"Specimen","id":"s"}}]})");
  auto reports = resolve_ok(p);
  ASSERT_EQ(reports.size(), 1u);
  const auto& is = reports[0].issues;
  ASSERT_EQ(is.size(), 5u) << dump(is);
  EXPECT_EQ(is[0].code, "not-found");
  EXPECT_EQ(is[0].expression, "Bundle.entry[0].resource.result[0]");
  EXPECT_EQ(is[1].code, "invalid");
  EXPECT_EQ(is[1].expression, "Bundle.entry[0].resource.result[1]");
  EXPECT_EQ(is[2].code, "not-supported");
  EXPECT_EQ(is[3].code, "not-found");
  EXPECT_EQ(is[4].code, "not-found");
  EXPECT_TRUE(reports[0].observations.empty());
}

TEST(Resolve, SeveralReportsAndNoReport) {
  Parsed p = parse_json_ok(R"({"resourceType":"Bundle","type":"collection","entry":[
    {"resource":{"resourceType":"DiagnosticReport","id":"r1","status":"final","code":{"text":"r"},"result":[{"reference":"Observation/o"}]}},
    {"resource":{"resourceType":"Observation","id":"o","status":"final","code":{"text":"o"}}},
    {"resource":{"resourceType":"DiagnosticReport","id":"r2","status":"final","code":{"text":"r"},"result":[{"reference":"Observation/o"}]}}]})");
  auto reports = resolve_ok(p);
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[1].reference, "DiagnosticReport/r2");
  EXPECT_EQ(ids(reports[1]), (std::vector<std::string>{"o"}));

  Parsed none = parse_json_ok(R"({"resourceType":"Bundle","type":"collection"})");
  auto r = resolve_reports(none.resource);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().at(0).code, "not-found");
}

TEST(Resolve, ContainedInsideABundleEntry) {
  Parsed p = parse_json_ok(R"({"resourceType":"Bundle","type":"collection","entry":[
    {"resource":{"resourceType":"Observation","id":"c1","status":"final","code":{"text":"decoy"}}},
    {"resource":{"resourceType":"DiagnosticReport","id":"dr","status":"final","code":{"text":"r"},
      "contained":[{"resourceType":"Observation","id":"c1","status":"final","code":{"text":"inner"}}],
      "result":[{"reference":"#c1"}]}}]})");
  auto reports = resolve_ok(p);
  ASSERT_EQ(reports.size(), 1u);
  ASSERT_EQ(reports[0].observations.size(), 1u);
  EXPECT_EQ(*reports[0].observations[0].observation->code->text, "inner");
  EXPECT_EQ(reports[0].observations[0].path, "Bundle.entry[1].resource.contained[0]");
}

}  // namespace
}  // namespace sarcoma::fhir::test

namespace sarcoma::fhir::test {
namespace {

// Large Bundles resolve in linear time (indexes, not scans): 20,000 results, each resolved once.
TEST(Resolve, LargeBundleIsLinear) {
  constexpr int kCount = 20000;
  Bundle b;
  b.type = "collection";
  DiagnosticReport dr;
  dr.id = "dr";
  for (int i = 0; i < kCount; ++i) dr.result.emplace_back().reference = "Observation/o" + std::to_string(i);
  dr.result.emplace_back().reference = "Observation/o0";  // a repeat is listed once
  b.entry.emplace_back().resource = Resource(std::move(dr));
  for (int i = 0; i < kCount; ++i) {
    Observation o;
    o.id = "o" + std::to_string(i);
    BundleEntry& e = b.entry.emplace_back();
    e.fullUrl = "http://x.example/fhir/Observation/o" + std::to_string(i);
    e.resource = Resource(std::move(o));
  }
  Resource root(std::move(b));
  auto r = resolve_reports(root);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].observations.size(), static_cast<std::size_t>(kCount));
  EXPECT_EQ((*r)[0].observations.back().path, "Bundle.entry[20000].resource");
  EXPECT_TRUE((*r)[0].issues.empty());
}

}  // namespace
}  // namespace sarcoma::fhir::test
