// mappings/elements.json and staging.json agree on the T-category findings: every extent-finding
// element answers a key the T tables use, and every key of the tables has a local element code.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "mappings/element_codes.hpp"
#include "mappings/rules.hpp"
#include "mappings/staging_tables.hpp"

namespace sarcoma::mappings {
namespace {

TEST(ElementFindings, ExtentCodesAnswerTheKeysOfTheTTables) {
  auto rules = Rules::load(std::string(SARCOMA_SOURCE_DIR) + "/mappings");
  ASSERT_TRUE(rules.ok());
  auto elements = load_element_codes(std::string(SARCOMA_SOURCE_DIR) + "/mappings/elements.json");
  ASSERT_TRUE(elements.ok());
  std::set<std::string> keys;
  for (const auto& [group, rows] : (*rules)->staging_tables()->t_by_finding) {
    for (const auto& row : rows) keys.insert(row.findings.begin(), row.findings.end());
  }
  ASSERT_EQ(keys.size(), 14u);  // seed 003: 5 visceral extents, 5 head-and-neck T4a, 4 T4b findings
  std::set<std::string> coded;
  for (const auto& e : elements->elements()) {
    if (e.kind != ElementKind::extent_finding || e.finding.empty()) continue;
    EXPECT_TRUE(keys.count(e.finding)) << e.code << " answers " << e.finding << ", a key no T row uses";
    coded.insert(e.finding);
  }
  EXPECT_EQ(coded, keys);
}

}  // namespace
}  // namespace sarcoma::mappings
