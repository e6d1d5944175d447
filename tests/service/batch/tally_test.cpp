#include "adapter/service/batch/tally.hpp"

#include <gtest/gtest.h>

namespace sarcoma::service::batch {
namespace {

Tally sample() {
  Tally t;
  t.lines = 10;
  t.ok = 7;
  t.failed = 2;
  t.reports = 8;
  t.sarcoma = 6;
  t.routed = {{"high-grade", 4}, {"expert-review", 2}};
  return t;
}

TEST(BatchTally, AddingSumsEveryCountAndEveryReason) {
  Tally a = sample();
  Tally b;
  b.lines = 3;
  b.ok = 3;
  b.reports = 3;
  b.sarcoma = 1;
  b.routed = {{"high-grade", 1}, {"stage-iv", 1}};
  a.add(b);
  EXPECT_EQ(a.lines, 13);
  EXPECT_EQ(a.ok, 10);
  EXPECT_EQ(a.failed, 2);
  EXPECT_EQ(a.reports, 11);
  EXPECT_EQ(a.sarcoma, 7);
  EXPECT_EQ(a.routed.at("high-grade"), 5);
  EXPECT_EQ(a.routed.at("expert-review"), 2);
  EXPECT_EQ(a.routed.at("stage-iv"), 1);
}

TEST(BatchTally, SerialisedTextReadsBackEqual) {
  Tally t = sample();
  std::string text = serialise(t);
  EXPECT_EQ(text, "10 7 2 8 6 expert-review=2 high-grade=4");
  auto back = parse_tally(text);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->lines, 10);
  EXPECT_EQ(back->failed, 2);
  EXPECT_EQ(back->sarcoma, 6);
  EXPECT_EQ(back->routed, t.routed);
}

TEST(BatchTally, DamagedTextIsRefused) {
  EXPECT_FALSE(parse_tally("").has_value());
  EXPECT_FALSE(parse_tally("1 2 3").has_value());
  EXPECT_FALSE(parse_tally("1 2 3 4 -5").has_value());
  EXPECT_FALSE(parse_tally("1 2 3 4 5 reason").has_value());
  EXPECT_FALSE(parse_tally("1 2 3 4 5 =4").has_value());
  EXPECT_FALSE(parse_tally("1 2 3 4 5 reason=4x").has_value());
  EXPECT_FALSE(parse_tally("1 2 3 4 5 reason=99999999999999999999999").has_value());
  EXPECT_TRUE(parse_tally("1 2 3 4 5").has_value());
}

TEST(BatchTally, SummaryJsonNamesEveryCount) {
  std::string s = summary_json(sample(), 2.0);
  EXPECT_EQ(s,
            "{\"event\":\"done\",\"lines\":10,\"ok\":7,\"errors\":2,\"reports\":8,\"sarcoma\":6,"
            "\"routed\":{\"expert-review\":2,\"high-grade\":4},\"seconds\":2.000,\"lines_per_s\":5}");
}

TEST(BatchTally, SummaryTextListsReasons) {
  std::string s = summary_text(sample(), 2.0);
  EXPECT_NE(s.find("read      10 lines in 2.0 s (5 lines/s)"), std::string::npos) << s;
  EXPECT_NE(s.find("8 DiagnosticReports, 6 sarcoma"), std::string::npos) << s;
  EXPECT_NE(s.find("routed by main reason:\n  expert-review                      2\n  high-grade             "
                   "            4\n"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("errors    2 lines"), std::string::npos) << s;
}

}  // namespace
}  // namespace sarcoma::service::batch
