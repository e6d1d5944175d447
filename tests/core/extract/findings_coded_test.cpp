// Coded T-category findings (seed 003 head-and-neck T4a/T4b invasion, visceral extent) with the
// shipped tables: the local extent codes of mappings/elements.json, CAP eCC questions that name a
// finding, and "Tumor Extension" answers given as value-less components.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "adapter/core/extract/extract.hpp"
#include "adapter/core/rule_set.hpp"
#include "fhir/json_codec.hpp"

namespace sarcoma::core {
namespace {

const RuleSet& rule_set() {
  static const auto r = [] {
    auto loaded = RuleSet::load(mappings::default_mappings_dir());
    if (!loaded.ok()) std::abort();
    return std::move(loaded).value();
  }();
  return *r;
}

const std::string kLocal = "https://sarcoma-adapter.dev/fhir/CodeSystem/local-element";
const std::string kCap = "https://cap.org/eCC";

// A DiagnosticReport with one contained Observation whose body is `body`.
ReportFacts extract_one(const std::string& body) {
  std::string json = R"({"resourceType":"DiagnosticReport","id":"dr","status":"final","code":{"text":"p"},
    "contained":[{"resourceType":"Observation","id":"o","status":"final",)" +
                     body + R"(}],"result":[{"reference":"#o"}]})";
  auto parsed = fhir::parse_json(json);
  if (!parsed.ok()) {
    ADD_FAILURE() << parsed.error().front().diagnostics;
    return {};
  }
  ExtractOptions options;
  options.elements = &rule_set().elements;
  auto all = extract_all(parsed->resource, *rule_set().rules, options);
  if (!all.ok() || all->empty()) {
    ADD_FAILURE() << "no report";
    return {};
  }
  return std::move(all->front());
}

using Findings = std::vector<std::pair<std::string, bool>>;

Findings findings(const ReportFacts& f) {
  Findings out;
  for (const auto& t : f.tumours) {
    for (const auto& x : t.extent_findings) out.emplace_back(x.value.key, x.value.present);
  }
  return out;
}

std::string code(const std::string& system, const std::string& c, const std::string& display = "") {
  return R"("code":{"coding":[{"system":")" + system + R"(","code":")" + c + R"(","display":")" + display +
         R"("}]})";
}

TEST(CodedFindings, LocalCodeForEachFinding) {
  auto serosa = extract_one(code(kLocal, "extent-serosa") + R"(,"valueBoolean":true)");
  EXPECT_EQ(findings(serosa), (Findings{{"serosa", true}}));
  EXPECT_EQ(serosa.tumours.at(0).extent_findings.at(0).method, Method::coded);
  EXPECT_EQ(serosa.tumours.at(0).extent_findings.at(0).source.path, "Observation.valueBoolean");
  EXPECT_EQ(
      findings(extract_one(
          code(kLocal, "extent-orbital-invasion") +
          R"(,"valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"2667000"}]})")),
      (Findings{{"orbital-invasion", false}}));
  EXPECT_EQ(
      findings(extract_one(code(kLocal, "extent-carotid-encasement") + R"(,"valueString":"Not identified")")),
      (Findings{{"carotid-encasement", false}}));
  EXPECT_EQ(findings(extract_one(code(kLocal, "extent-another-organ") + R"(,"valueString":"Present")")),
            (Findings{{"another-organ", true}}));
}

TEST(CodedFindings, ExtentElementWhoseValueNamesTheFinding) {
  EXPECT_EQ(
      findings(extract_one(
          code(kLocal, "extent") +
          R"(,"valueCodeableConcept":{"coding":[{"system":"http://example.org/lis","code":"x1","display":"Tumor invades the serosa"}]})")),
      (Findings{{"serosa", true}}));
  // Free text in CodeableConcept.text is read as narrative.
  auto text =
      extract_one(code(kLocal, "extent") + R"(,"valueCodeableConcept":{"text":"No serosal involvement"})");
  EXPECT_EQ(findings(text), (Findings{{"serosa", false}}));
  EXPECT_EQ(text.tumours.at(0).extent_findings.at(0).method, Method::narrative);
  // A yes/no answer names no finding: nothing is recorded.
  EXPECT_TRUE(findings(extract_one(code(kLocal, "extent") + R"(,"valueBoolean":true)")).empty());
}

TEST(CodedFindings, CapQuestionsNamingAFindingOrTheExtent) {
  EXPECT_EQ(findings(extract_one(code(kCap, "9001.100004300", "Serosal Involvement") +
                                 R"(,"valueCodeableConcept":{"coding":[{"system":")" + kCap +
                                 R"(","code":"9002.100004300","display":"Present"}]})")),
            (Findings{{"serosa", true}}));
  EXPECT_EQ(findings(extract_one(code(kCap, "9003.100004300", "Pterygoid Muscle Invasion") +
                                 R"(,"valueString":"Not identified")")),
            (Findings{{"pterygoid-muscles", false}}));
  // CAP data-sharing shape: the question, and each selected answer as a component code.
  EXPECT_EQ(findings(extract_one(code(kCap, "9004.100004300", "Tumor Extension") + R"(,"component":[{)" +
                                 code(kCap, "9005.100004300", "Tumor invades the serosa") + R"(}])")),
            (Findings{{"serosa", true}}));
}

}  // namespace
}  // namespace sarcoma::core
