// Golden test over the whole fixture corpus (fixtures/reports/NAME.{json,xml} beside
// NAME.expected.json): the "assessment" part of each expected file - FNCLCC components and grade,
// site group, T (with its y/r prefix), N and M with their "assumed" flags, stage group, review
// reasons and priority - was written by hand from seed 003 and DESIGN.md (see
// fixtures/reports/README.md), independently of this code. Reasons are compared as sets (their
// order is the route table's precedence, tested in tests/core/route).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "adapter/core/pipeline.hpp"
#include "fhir/rapidjson.hpp"
#include "tests/shared/rule_set.hpp"

namespace sarcoma::core {
namespace {

namespace fs = std::filesystem;

// Cases whose expectation the product does not meet yet, with the reason; the test fails when one
// of them starts to pass, so the list cannot go stale.
const std::map<std::string, std::string> kKnownGaps = {
};

const RuleSet& rule_set() { return sarcoma::test::rule_set(); }

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// JSON value -> comparable text: strings as is, numbers, true/false, null.
std::string text(const rapidjson::Value& v) {
  if (v.IsNull()) return "null";
  if (v.IsString()) return v.GetString();
  if (v.IsBool()) return v.GetBool() ? "true" : "false";
  if (v.IsInt()) return std::to_string(v.GetInt());
  return "?";
}

std::string opt(const std::optional<int>& v) { return v ? std::to_string(*v) : "null"; }

// What the product computed, in the expected file's vocabulary.
std::map<std::string, std::string> actual_tumour(const TumourAssessment& t) {
  std::map<std::string, std::string> m;
  m["grade"] = t.grade.grade;
  m["differentiation"] = t.grade.applicable ? opt(t.grade.differentiation.score) : "null";
  m["mitotic"] = t.grade.applicable ? opt(t.grade.mitotic.score) : "null";
  m["necrosis"] = t.grade.applicable ? opt(t.grade.necrosis.score) : "null";
  m["site_group"] = t.stage.site_group ? mappings::to_string(*t.stage.site_group) : "null";
  const StageResult& s = t.stage;
  m["t"] = s.applicable ? s.t.label() : "null";
  m["n"] = s.applicable ? s.n.value : "null";
  m["n_assumed"] = s.applicable ? (s.n.assumed ? "true" : "false") : "null";
  m["m"] = s.applicable ? s.m.value : "null";
  m["m_assumed"] = s.applicable ? (s.m.assumed ? "true" : "false") : "null";
  m["stage_group"] = s.group_status == StageResult::GroupStatus::assigned && s.group ? *s.group : "null";
  return m;
}

// Differences between expected and actual for one case; empty when they agree.
std::vector<std::string> compare(const rapidjson::Value& expected, const ReportOutcome& got) {
  std::vector<std::string> diffs;
  const auto& tumours = expected["tumours"];
  if (tumours.Size() != got.assessment.tumours.size()) {
    diffs.push_back("tumours: expected " + std::to_string(tumours.Size()) + ", got " +
                    std::to_string(got.assessment.tumours.size()));
    return diffs;
  }
  for (rapidjson::SizeType i = 0; i < tumours.Size(); ++i) {
    auto actual = actual_tumour(got.assessment.tumours[i]);
    for (const auto& [key, value] : actual) {
      auto it = tumours[i].FindMember(key.c_str());
      if (it == tumours[i].MemberEnd()) continue;
      std::string want = text(it->value);
      if (want != value) diffs.push_back("tumour " + std::to_string(i) + " " + key + ": expected " + want + ", got " + value);
    }
  }
  std::set<std::string> want_reasons, got_reasons;
  for (const auto& r : expected["reasons"].GetArray()) want_reasons.insert(r.GetString());
  for (const auto& r : got.routing.reasons) got_reasons.insert(r.code);
  if (want_reasons != got_reasons) {
    std::string w, g;
    for (const auto& r : want_reasons) w += r + " ";
    for (const auto& r : got_reasons) g += r + " ";
    diffs.push_back("reasons: expected [" + w + "], got [" + g + "]");
  }
  std::string want_priority = text(expected["priority"]);
  std::string got_priority = got.routing.review ? got.routing.priority : "null";
  if (want_priority != got_priority) diffs.push_back("priority: expected " + want_priority + ", got " + got_priority);
  return diffs;
}

TEST(GoldenAssessment, EveryFixtureMatchesItsHandWrittenExpectation) {
  fs::path dir = fs::path(SARCOMA_SOURCE_DIR) / "fixtures" / "reports";
  int cases = 0;
  PipelineOptions options;
  options.adapter_version = "golden";
  options.fallback_recorded = "2026-01-01T00:00:00Z";
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    bool input = (name.ends_with(".json") && !name.ends_with(".expected.json")) || name.ends_with(".xml");
    if (!input) continue;
    fs::path expected_path = entry.path();
    expected_path.replace_extension(".expected.json");
    rapidjson::Document expected;
    std::string expected_text = read(expected_path);
    expected.Parse(expected_text.data(), expected_text.size());
    ASSERT_FALSE(expected.HasParseError()) << expected_path;
    ++cases;
    auto result = run_pipeline(read(entry.path()), rule_set(), options);
    ASSERT_TRUE(result.ok()) << name << ": unusable";
    ASSERT_EQ(result->reports.size(), 1u) << name;
    auto diffs = compare(expected["assessment"], result->reports.front());
    auto gap = kKnownGaps.find(name);
    if (gap != kKnownGaps.end()) {
      EXPECT_FALSE(diffs.empty()) << name << " now matches: remove it from kKnownGaps (" << gap->second << ")";
      continue;
    }
    for (const auto& d : diffs) ADD_FAILURE() << name << ": " << d;
  }
  EXPECT_GE(cases, 60) << "fixture corpus missing or incomplete in " << dir;
}

}  // namespace
}  // namespace sarcoma::core
