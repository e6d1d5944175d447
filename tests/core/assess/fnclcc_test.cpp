// FNCLCC composition: components from the seed tables, GX whenever one is missing, exact units.
#include "adapter/core/assess/fnclcc.hpp"

#include <gtest/gtest.h>

#include "tests/core/assess/staging_fixture.hpp"

using namespace sarcoma;
using namespace sarcoma::core;
using fhir::Decimal;

namespace {

const mappings::StagingTables& tables() {
  return test::staging_tables();
}
Decimal d(const char* s) {
  return *Decimal::parse(s);
}
MitoticRate per10(const char* count) {
  return MitoticRate{d(count), MitoticRate::Per::hpf, Decimal::from_int(10), {}};
}
Necrosis pct(const char* p) {
  Necrosis n;
  n.percent = d(p);
  return n;
}

}  // namespace

TEST(FnclccGrade, MyxofibrosarcomaExample_2plus2plus1_IsG2) {
  // Differentiation 2 (seed histology table: myxofibrosarcoma), 12 mitoses/10 HPF -> 2, 30% necrosis -> 1.
  GradeResult g = compute_grade(tables(), {2, per10("12"), pct("30"), {}});
  EXPECT_EQ(g.grade, "G2");
  EXPECT_EQ(g.total, 5);
  EXPECT_EQ(g.mitotic.score, 2);
  EXPECT_EQ(g.necrosis.score, 1);
  EXPECT_EQ(g.rule.row, "grade-G2");
  EXPECT_EQ(g.mitotic.rule.row, "mitotic-score-2");
  EXPECT_TRUE(g.missing.empty());
}

TEST(FnclccGrade, LowestAndHighestTotals) {
  EXPECT_EQ(compute_grade(tables(), {1, per10("0"), pct("0"), {}}).grade, "G1");    // 1+1+0 = 2
  EXPECT_EQ(compute_grade(tables(), {3, per10("45"), pct("80"), {}}).grade, "G3");  // 3+3+2 = 8
  EXPECT_EQ(compute_grade(tables(), {1, per10("9"), pct("49"), {}}).grade, "G1");   // 1+1+1 = 3
  EXPECT_EQ(compute_grade(tables(), {1, per10("10"), pct("49"), {}}).grade, "G2");  // 1+2+1 = 4
}

TEST(FnclccGrade, AnyMissingComponentIsGXNeverAGuess) {
  GradeResult no_mit = compute_grade(tables(), {3, std::nullopt, pct("80"), {}});
  EXPECT_EQ(no_mit.grade, "GX");
  EXPECT_FALSE(no_mit.total.has_value());
  EXPECT_EQ(no_mit.missing, std::vector<std::string>{"mitotic"});
  EXPECT_EQ(no_mit.rule.row, "grade-GX");

  EXPECT_EQ(compute_grade(tables(), {std::nullopt, per10("1"), pct("0"), {}}).missing,
            std::vector<std::string>{"differentiation"});
  Necrosis present;
  present.extent = Necrosis::Extent::present_extent_unknown;
  GradeResult unknown_extent = compute_grade(tables(), {2, per10("5"), present, {}});
  EXPECT_EQ(unknown_extent.grade, "GX");
  EXPECT_EQ(unknown_extent.missing, std::vector<std::string>{"necrosis"});
  EXPECT_EQ(compute_grade(tables(), {}).missing.size(), 3u);
}

TEST(FnclccGrade, NecrosisByStatedExtent) {
  Necrosis n;
  n.extent = Necrosis::Extent::at_least_50;
  EXPECT_EQ(compute_grade(tables(), {2, per10("5"), n, {}}).necrosis.score, 2);
  n.extent = Necrosis::Extent::absent;
  EXPECT_EQ(compute_grade(tables(), {2, per10("5"), n, {}}).necrosis.score, 0);
}

TEST(FnclccMitoses, PerMm2UsesTheDefaultAreaAndRecordsIt) {
  // 6 per mm2 x 1.7 mm2 = 10.2 per 10 HPF -> score 2.
  MitoticRate r{d("6"), MitoticRate::Per::mm2, Decimal::from_int(1), {}};
  MitoticScore s = score_mitoses(tables(), r);
  ASSERT_NE(s.row, nullptr);
  EXPECT_EQ(s.row->score, 2);
  ASSERT_TRUE(s.per_10_hpf.has_value());
  EXPECT_EQ(*s.per_10_hpf, d("10.2"));
  ASSERT_TRUE(s.conversion.has_value());
  EXPECT_EQ(s.conversion->code, "mitoses-converted-from-mm2");
  // 5 per mm2 = 8.5 -> score 1.
  EXPECT_EQ(score_mitoses(tables(), {d("5"), MitoticRate::Per::mm2, Decimal::from_int(1), {}}).row->score, 1);
}

TEST(FnclccMitoses, StatedOrConfiguredAreaWins) {
  MitoticRate r{d("6"), MitoticRate::Per::mm2, Decimal::from_int(1), d("1.5")};  // report: 10 HPF = 1.5 mm2
  EXPECT_EQ(score_mitoses(tables(), r).row->score, 1);                           // 9.0 -> 1
  MitoticRate c{d("6"), MitoticRate::Per::mm2, Decimal::from_int(1), {}};
  EXPECT_EQ(*score_mitoses(tables(), c, d("2")).per_10_hpf, d("12"));
}

TEST(FnclccMitoses, PerOtherHpfCountsAreScaledWithoutDivision) {
  // 25 per 50 HPF = 5 per 10 HPF -> 1; 30 per 15 HPF = 20 per 10 HPF -> 3 (exact boundary).
  EXPECT_EQ(score_mitoses(tables(), {d("25"), MitoticRate::Per::hpf, d("50"), {}}).row->score, 1);
  MitoticScore s = score_mitoses(tables(), {d("30"), MitoticRate::Per::hpf, d("15"), {}});
  EXPECT_EQ(s.row->score, 3);
  EXPECT_FALSE(
      s.per_10_hpf.has_value());  // 20 exactly, but 15 is not a power of ten: no rounded value stored
  EXPECT_EQ(s.conversion->code, "mitoses-converted-from-hpf");
  // Boundary 9.99... per 10 HPF: 29 per 30 HPF = 9.67 -> 1; 30 per 30 HPF = 10 -> 2.
  EXPECT_EQ(score_mitoses(tables(), {d("29"), MitoticRate::Per::hpf, d("30"), {}}).row->score, 1);
  EXPECT_EQ(score_mitoses(tables(), {d("30"), MitoticRate::Per::hpf, d("30"), {}}).row->score, 2);
  EXPECT_EQ(score_mitoses(tables(), {d("5"), MitoticRate::Per::hpf, d("0"), {}}).row, nullptr);
}

TEST(SizeInCm, ExactUcumConversions) {
  EXPECT_EQ(*size_in_cm(tables(), {d("50"), "mm"}), d("5"));  // 50 mm = 5.0 cm: T1 boundary
  EXPECT_EQ(*size_in_cm(tables(), {d("50.1"), "mm"}), d("5.01"));
  EXPECT_EQ(*size_in_cm(tables(), {d("2"), "[in_i]"}), d("5.08"));
  EXPECT_EQ(*size_in_cm(tables(), {d("0.15"), "m"}), d("15"));
  EXPECT_EQ(*size_in_cm(tables(), {d("8.2"), "cm"}), d("8.2"));
  EXPECT_FALSE(size_in_cm(tables(), {d("3"), "furlong"}).has_value());
}
