// The review-reason table: the shipped file lists every reason of DESIGN.md exactly once with a
// valid priority; malformed tables are refused with the row named.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "mappings/review_reasons.hpp"
#include "mappings/rules.hpp"

namespace sarcoma::mappings {
namespace {

TEST(ReviewReasons, ShippedTableListsEveryDesignReasonOnce) {
  auto t = load_review_reasons(default_mappings_dir() + "/review_reasons.json");
  ASSERT_TRUE(t.ok());
  // DESIGN.md, "Derived resources": the review reason codes.
  const std::set<std::string> design = {
      "sarcoma-diagnosis",          "grade-incomplete",          "stage-incomplete",
      "reported-grade-discordant",  "reported-stage-discordant", "boundary-value",
      "reclassification-prone-histology", "grading-not-applicable", "staging-not-applicable",
      "post-treatment-specimen",    "unplanned-excision",        "coded-narrative-conflict",
      "nodal-disease",              "metastatic-disease",        "m-category-assumed"};
  std::set<std::string> shipped;
  for (const auto& r : t->rows) {
    shipped.insert(r.code);
    EXPECT_GE(priority_rank(r.priority), 0) << r.code;
    EXPECT_FALSE(r.display.empty()) << r.code;
  }
  EXPECT_EQ(shipped, design);
  EXPECT_EQ(t->system, "https://sarcoma-adapter.dev/fhir/CodeSystem/review-reason");
}

TEST(ReviewReasons, PriorityOrder) {
  EXPECT_LT(priority_rank("routine"), priority_rank("urgent"));
  EXPECT_LT(priority_rank("urgent"), priority_rank("asap"));
  EXPECT_LT(priority_rank("asap"), priority_rank("stat"));
  EXPECT_EQ(priority_rank("soon"), -1);
}

TEST(ReviewReasons, MalformedTablesAreRefusedNamingTheRow) {
  auto dup = parse_review_reasons(
      R"({"version":"v","system":"s","reasons":[{"code":"a","display":"A","priority":"routine"},{"code":"a","display":"A","priority":"routine"}]})",
      "rr.json");
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.error().front().diagnostics.find("reasons[1].code"), std::string::npos);
  auto bad_priority =
      parse_review_reasons(R"({"version":"v","system":"s","reasons":[{"code":"a","display":"A","priority":"soon"}]})", "rr.json");
  ASSERT_FALSE(bad_priority.ok());
  EXPECT_NE(bad_priority.error().front().diagnostics.find("reasons[0].priority"), std::string::npos);
  EXPECT_FALSE(parse_review_reasons("[]", "rr.json").ok());
  EXPECT_FALSE(parse_review_reasons(R"({"version":"v","system":"s","reasons":[]})", "rr.json").ok());
  EXPECT_FALSE(load_review_reasons("/nonexistent/review_reasons.json").ok());
}

}  // namespace
}  // namespace sarcoma::mappings
