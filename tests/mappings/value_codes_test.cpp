// The value-code table: the shipped file loads with every Observation code the derived resources
// need; lookups of unknown labels give no codings (text only), never a guess.
#include "mappings/value_codes.hpp"

#include <gtest/gtest.h>

#include "mappings/rules.hpp"

namespace sarcoma::mappings {
namespace {

TEST(ValueCodes, ShippedTableHasTheLoincCodesOfDesignMd) {
  auto v = load_value_codes(default_mappings_dir() + "/value_codes.json");
  ASSERT_TRUE(v.ok());
  auto first = [&](const char* kind) { return v->observation_code(kind).front().code; };
  EXPECT_EQ(first("grade"), "33732-9");
  EXPECT_EQ(first("t"), "21899-0");
  EXPECT_EQ(first("n"), "21900-6");
  EXPECT_EQ(first("m"), "21901-4");
  EXPECT_EQ(first("stage_group"), "21902-2");
  ASSERT_GE(v->observation_code("grade").size(), 2u);
  EXPECT_EQ(v->observation_code("grade")[1].code, "C18000");
  EXPECT_EQ(v->method("fnclcc").front().code, "426757001");
  EXPECT_EQ(v->method("ajcc8").front().code, "897275008");
}

TEST(ValueCodes, UnknownKindsAndLabelsHaveNoCodings) {
  auto v = load_value_codes(default_mappings_dir() + "/value_codes.json");
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->value("grade", "G9").empty());
  EXPECT_TRUE(v->value("nonsense", "G1").empty());
  EXPECT_TRUE(v->method("tnm-uicc").empty());
}

// Each loaded coding carries its FHIR JSON text, which derive appends as it is.
TEST(ValueCodes, LoadedCodingsCarryTheirJsonText) {
  auto v = load_value_codes(default_mappings_dir() + "/value_codes.json");
  ASSERT_TRUE(v.ok());
  const auto& grade = v->observation_code("grade");
  ASSERT_GE(grade.size(), 1u);
  EXPECT_EQ(
      grade[0].json,
      R"({"system":"http://loinc.org","code":"33732-9","display":"Histology grade [Identifier] in Cancer specimen"})");
  std::size_t checked = 0;
  for (const auto& [kind, labels] : v->values) {
    for (const auto& [label, codings] : labels) {
      for (const auto& c : codings) {
        EXPECT_EQ(c.json, coding_json(c.system, c.code, c.display)) << kind << " " << label;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 10u);
  // Display only when there is one; escaping as RapidJSON's (control bytes as \u00XX).
  EXPECT_EQ(coding_json("s", "c\x01", ""), R"({"system":"s","code":"c\u0001"})");
  EXPECT_EQ(coding_json("s", "c", "say \"x\"\t"), R"({"system":"s","code":"c","display":"say \"x\"\t"})");
}

TEST(ValueCodes, MalformedTablesAreRefused) {
  EXPECT_FALSE(parse_value_codes("{}", "vc.json").ok());
  auto missing_code = parse_value_codes(
      R"({"version":"v","observation_codes":{"grade":[{"system":"http://loinc.org"}],"t":[],"n":[],"m":[],"stage_group":[]}})",
      "vc.json");
  ASSERT_FALSE(missing_code.ok());
  EXPECT_NE(missing_code.error().front().diagnostics.find("observation_codes.grade[0]"), std::string::npos);
}

}  // namespace
}  // namespace sarcoma::mappings
