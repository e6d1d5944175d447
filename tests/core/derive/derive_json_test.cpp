// derive writes the transaction straight to JSON. These tests hold that text to the typed codec:
// for every fixture report, and for input elements derive copies in all their forms (effective
// Period, subject with identifier and display, primitive extensions), the JSON is exactly what
// fhir::to_json writes for the same Bundle read back - R4 element order, nothing dropped or added.
// (When the writer was introduced its output was also compared byte for byte with the earlier
// typed derive over the fixtures and 12,000 bench/gen lines; see docs/PERFORMANCE.md.)
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "adapter/core/pipeline.hpp"
#include "fhir/json_codec.hpp"
#include "tests/shared/rule_set.hpp"

namespace sarcoma::core {
namespace {

PipelineOptions options(bool typed) {
  PipelineOptions o;
  o.adapter_version = "9.9.9";
  o.fallback_recorded = "2026-01-02T03:04:05Z";
  o.typed_bundle = typed;
  return o;
}

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void expect_canonical(const std::string& input, const std::string& name) {
  auto typed = run_pipeline(input, test::rule_set(), options(true));
  ASSERT_TRUE(typed.ok()) << name;
  EXPECT_EQ(fhir::to_json(fhir::Resource(typed->bundle)), typed->bundle_json) << name;
  EXPECT_EQ(typed->bundle.entry.size(), typed->entries) << name;
  auto json_only = run_pipeline(input, test::rule_set(), options(false));
  ASSERT_TRUE(json_only.ok()) << name;
  EXPECT_EQ(json_only->bundle_json, typed->bundle_json) << name;
  EXPECT_TRUE(json_only->bundle.entry.empty()) << name;
}

TEST(DeriveJson, EveryFixtureIsWhatTheTypedCodecWrites) {
  int reports = 0, with_entries = 0;
  for (const auto& e :
       std::filesystem::directory_iterator(std::string(SARCOMA_SOURCE_DIR) + "/fixtures/reports")) {
    std::string file = e.path().filename().string();
    if (file.find(".expected.") != std::string::npos) continue;
    if (e.path().extension() != ".json" && e.path().extension() != ".xml") continue;
    std::string input = read(e.path());
    expect_canonical(input, file);
    auto r = run_pipeline(input, test::rule_set(), options(false));
    ++reports;
    if (r.ok() && r->entries > 0) ++with_entries;
  }
  EXPECT_EQ(reports, 72);
  EXPECT_GT(with_entries, 50);  // most fixtures are sarcomas; a few are not (no entries at all)
}

TEST(DeriveJson, CopiedElementsKeepEveryForm) {
  // effectivePeriod; subject with identifier, display and an extension on its reference; two
  // specimens (the first is copied) with display.
  std::string report = R"({"resourceType":"DiagnosticReport","id":"dr-x","status":"final",
    "code":{"text":"Surgical pathology"},
    "subject":{"reference":"Patient/p9","_reference":{"extension":[{"url":"https://x.test/e","valueString":"v"}]},
      "identifier":{"system":"https://mrn.test","value":"M1"},"display":"Pat"},
    "effectivePeriod":{"start":"2026-01-01T10:00:00Z","end":"2026-01-02"},
    "specimen":[{"reference":"Specimen/s1","display":"Part A"},{"reference":"Specimen/s2"}],
    "conclusion":"Thigh, wide excision: Myxofibrosarcoma, 8.2 cm. Mitoses 12/10 HPF. Necrosis 30%."})";
  expect_canonical(report, "copied elements");
  auto r = run_pipeline(report, test::rule_set(), options(false));
  ASSERT_TRUE(r.ok());
  const std::string& json = r->bundle_json;
  EXPECT_NE(json.find(R"("effectivePeriod":{"start":"2026-01-01T10:00:00Z","end":"2026-01-02"})"),
            std::string::npos);
  EXPECT_NE(json.find(R"("_reference":{"extension":[{"url":"https://x.test/e","valueString":"v"}]})"),
            std::string::npos);
  EXPECT_NE(json.find(R"("specimen":{"reference":"Specimen/s1","display":"Part A"})"), std::string::npos);
  EXPECT_NE(json.find(R"("for":{"reference":"Patient/p9")"), std::string::npos);
}

TEST(DeriveJson, NotASarcomaIsAnEmptyTransaction) {
  std::string report = R"({"resourceType":"DiagnosticReport","id":"dr-n","status":"final","code":{"text":"x"},
    "conclusion":"Skin, excision: benign intradermal naevus."})";
  auto r = run_pipeline(report, test::rule_set(), options(false));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->entries, 0u);
  EXPECT_EQ(r->bundle_json, R"({"resourceType":"Bundle","type":"transaction"})");
}

}  // namespace
}  // namespace sarcoma::core
