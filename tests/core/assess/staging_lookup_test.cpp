// Every row of the seed 003 tables, with the expected value typed from the seed (not computed by
// the code under test), plus boundaries and a grid against an independent oracle.
#include "adapter/core/assess/staging_lookup.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

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

int mitotic(const char* count) {
  const auto* r = mitotic_row(tables(), d(count));
  return r ? r->score : -1;
}
std::string t_size(const char* group, const char* cm) {
  const auto* r = t_by_size(tables(), group, d(cm));
  return r ? r->value : "none";
}
std::string stage(const char* group, const char* t, const char* n, const char* m, const char* g) {
  auto s = stage_group(tables(), group, t, n, m, g);
  if (s.status == StageLookup::Status::not_defined_for_site) return "not-defined";
  return s.row ? s.row->group : "none";
}

}  // namespace

// --- FNCLCC: Mitotic Count (seed: Score 1 0-9, Score 2 10-19, Score 3 >=20 per 10 HPF)
TEST(SeedFnclccMitotic, Score1_0to9) {
  EXPECT_EQ(mitotic("0"), 1);
  EXPECT_EQ(mitotic("9"), 1);
}
TEST(SeedFnclccMitotic, Score2_10to19) {
  EXPECT_EQ(mitotic("10"), 2);
  EXPECT_EQ(mitotic("19"), 2);
}
TEST(SeedFnclccMitotic, Score3_20andMore) {
  EXPECT_EQ(mitotic("20"), 3);
  EXPECT_EQ(mitotic("120"), 3);
}
TEST(SeedFnclccMitotic, NonIntegerCountsAfterConversionCompareExactly) {
  EXPECT_EQ(mitotic("9.99"), 1);
  EXPECT_EQ(mitotic("10.2"), 2);  // 6 per mm2 x 1.7 mm2
  EXPECT_EQ(mitotic("19.999"), 2);
  EXPECT_EQ(mitotic("-1"), -1);
}

// --- FNCLCC: Tumor Necrosis (Score 0 none, 1 <50%, 2 >=50%)
TEST(SeedFnclccNecrosis, Score0_NoNecrosis) {
  EXPECT_EQ(necrosis_row(tables(), "absent")->score, 0);
  EXPECT_EQ(necrosis_row_for_percent(tables(), d("0"))->score, 0);
}
TEST(SeedFnclccNecrosis, Score1_LessThan50) {
  EXPECT_EQ(necrosis_row(tables(), "less-than-50")->score, 1);
  EXPECT_EQ(necrosis_row_for_percent(tables(), d("1"))->score, 1);
  EXPECT_EQ(necrosis_row_for_percent(tables(), d("49"))->score, 1);
  EXPECT_EQ(necrosis_row_for_percent(tables(), d("49.9"))->score, 1);
}
TEST(SeedFnclccNecrosis, Score2_50OrMore) {
  EXPECT_EQ(necrosis_row(tables(), "at-least-50")->score, 2);
  EXPECT_EQ(necrosis_row_for_percent(tables(), d("50"))->score, 2);
  EXPECT_EQ(necrosis_row_for_percent(tables(), d("100"))->score, 2);
}
TEST(SeedFnclccNecrosis, UnknownExtentHasNoScore) {
  EXPECT_EQ(necrosis_row(tables(), "present-extent-unknown"), nullptr);
}

// --- G definition (G1 total 2-3, G2 4-5, G3 6-8)
TEST(SeedGrade, G1_Total2or3) {
  EXPECT_EQ(grade_row(tables(), 2)->grade, "G1");
  EXPECT_EQ(grade_row(tables(), 3)->grade, "G1");
}
TEST(SeedGrade, G2_Total4or5) {
  EXPECT_EQ(grade_row(tables(), 4)->grade, "G2");
  EXPECT_EQ(grade_row(tables(), 5)->grade, "G2");
}
TEST(SeedGrade, G3_Total6to8) {
  EXPECT_EQ(grade_row(tables(), 6)->grade, "G3");
  EXPECT_EQ(grade_row(tables(), 7)->grade, "G3");
  EXPECT_EQ(grade_row(tables(), 8)->grade, "G3");
}
TEST(SeedGrade, GX_GradeCannotBeAssessed) {
  EXPECT_EQ(tables().grade_missing.value, "GX");
  EXPECT_EQ(grade_row(tables(), 1), nullptr);
  EXPECT_EQ(grade_row(tables(), 9), nullptr);
}

// --- T, trunk/extremities and retroperitoneum (T1 <=5, T2 >5-<=10, T3 >10-<=15, T4 >15 cm)
TEST(SeedTTrunkRetro, T1_UpTo5cm) {
  for (const char* g : {"trunk-extremity", "retroperitoneum"}) {
    EXPECT_EQ(t_size(g, "0.5"), "T1");
    EXPECT_EQ(t_size(g, "5"), "T1");
    EXPECT_EQ(t_size(g, "5.0"), "T1");
  }
}
TEST(SeedTTrunkRetro, T2_Over5To10cm) {
  for (const char* g : {"trunk-extremity", "retroperitoneum"}) {
    EXPECT_EQ(t_size(g, "5.01"), "T2");
    EXPECT_EQ(t_size(g, "10"), "T2");
  }
}
TEST(SeedTTrunkRetro, T3_Over10To15cm) {
  for (const char* g : {"trunk-extremity", "retroperitoneum"}) {
    EXPECT_EQ(t_size(g, "10.01"), "T3");
    EXPECT_EQ(t_size(g, "15.0"), "T3");
  }
}
TEST(SeedTTrunkRetro, T4_Over15cm) {
  for (const char* g : {"trunk-extremity", "retroperitoneum"}) {
    EXPECT_EQ(t_size(g, "15.01"), "T4");
    EXPECT_EQ(t_size(g, "40"), "T4");
  }
}
TEST(SeedTTrunkRetro, TX_UnknownIsInData) {
  EXPECT_EQ(tables().t_unknown.value, "TX");
}

// --- T, head and neck (T1 <=2, T2 >2-<=4, T3 >4 cm; T4a/T4b by invasion)
TEST(SeedTHeadNeck, T1_UpTo2cm) {
  EXPECT_EQ(t_size("head-neck", "2.0"), "T1");
}
TEST(SeedTHeadNeck, T2_Over2To4cm) {
  EXPECT_EQ(t_size("head-neck", "2.01"), "T2");
  EXPECT_EQ(t_size("head-neck", "4"), "T2");
}
TEST(SeedTHeadNeck, T3_Over4cm) {
  EXPECT_EQ(t_size("head-neck", "4.01"), "T3");
  EXPECT_EQ(t_size("head-neck", "30"), "T3");
}
TEST(SeedTHeadNeck, T4a_Findings) {
  for (const char* f : {"orbital-invasion", "skull-base-dural-invasion", "central-compartment-viscera",
                        "facial-skeleton", "pterygoid-muscles"}) {
    const auto* r = t_by_findings(tables(), "head-neck", {f});
    ASSERT_NE(r, nullptr) << f;
    EXPECT_EQ(r->value, "T4a") << f;
  }
}
TEST(SeedTHeadNeck, T4b_Findings) {
  for (const char* f : {"brain-parenchyma", "carotid-encasement", "prevertebral-muscle", "cns-perineural"}) {
    const auto* r = t_by_findings(tables(), "head-neck", {f});
    ASSERT_NE(r, nullptr) << f;
    EXPECT_EQ(r->value, "T4b") << f;
  }
  // Both kinds present: the higher category.
  EXPECT_EQ(t_by_findings(tables(), "head-neck", {"orbital-invasion", "carotid-encasement"})->value, "T4b");
}

// --- T, abdominal and thoracic visceral organs
TEST(SeedTVisceral, T1_OrganConfined) {
  EXPECT_EQ(t_by_findings(tables(), "visceral", {"organ-confined"})->value, "T1");
}
TEST(SeedTVisceral, T2_BeyondOrgan) {
  EXPECT_EQ(t_by_findings(tables(), "visceral", {"beyond-organ"})->value, "T2");
}
TEST(SeedTVisceral, T2a_Serosa) {
  EXPECT_EQ(t_by_findings(tables(), "visceral", {"serosa"})->value, "T2a");
}
TEST(SeedTVisceral, T2b_BeyondSerosa) {
  EXPECT_EQ(t_by_findings(tables(), "visceral", {"beyond-serosa"})->value, "T2b");
}
TEST(SeedTVisceral, T3_AnotherOrgan) {
  EXPECT_EQ(t_by_findings(tables(), "visceral", {"serosa", "another-organ"})->value, "T3");
}
TEST(SeedTVisceral, T4a_TwoSites) {
  EXPECT_EQ(t_by_multifocal(tables(), "visceral", 2)->value, "T4a");
}
TEST(SeedTVisceral, T4b_ThreeToFiveSites) {
  EXPECT_EQ(t_by_multifocal(tables(), "visceral", 3)->value, "T4b");
  EXPECT_EQ(t_by_multifocal(tables(), "visceral", 5)->value, "T4b");
}
TEST(SeedTVisceral, T4c_MoreThanFiveSites) {
  EXPECT_EQ(t_by_multifocal(tables(), "visceral", 6)->value, "T4c");
}
TEST(SeedTVisceral, OneSiteIsNotMultifocal) {
  EXPECT_EQ(t_by_multifocal(tables(), "visceral", 1), nullptr);
}
TEST(SeedTVisceral, NoSizeTable) {
  EXPECT_EQ(t_size("visceral", "3"), "none");
}

// --- N and M (N0 includes unknown status; M0/M1)
TEST(SeedN, N1_Present_N0_AbsentOrUnknown) {
  EXPECT_EQ(tables().n_present.value, "N1");
  EXPECT_EQ(tables().n_absent.value, "N0");
  EXPECT_FALSE(tables().n_absent.assumed);
  EXPECT_EQ(tables().n_unknown.value, "N0");
  EXPECT_TRUE(tables().n_unknown.assumed);
}
TEST(SeedM, M1_Present_M0_Absent) {
  EXPECT_EQ(tables().m_present.value, "M1");
  EXPECT_EQ(tables().m_absent.value, "M0");
  EXPECT_EQ(tables().m_unknown.value, "M0");
  EXPECT_TRUE(tables().m_unknown.assumed);
}

// --- Prognostic stage groups (trunk/extremity and retroperitoneum)
TEST(SeedStage, IA_T1_N0_M0_GXorG1) {
  for (const char* g : {"trunk-extremity", "retroperitoneum"}) {
    EXPECT_EQ(stage(g, "T1", "N0", "M0", "GX"), "IA");
    EXPECT_EQ(stage(g, "T1", "N0", "M0", "G1"), "IA");
  }
}
TEST(SeedStage, IB_T2T3T4_N0_M0_GXorG1) {
  for (const char* g : {"trunk-extremity", "retroperitoneum"}) {
    for (const char* t : {"T2", "T3", "T4"}) {
      EXPECT_EQ(stage(g, t, "N0", "M0", "GX"), "IB");
      EXPECT_EQ(stage(g, t, "N0", "M0", "G1"), "IB");
    }
  }
}
TEST(SeedStage, II_T1_N0_M0_G2orG3) {
  for (const char* g : {"trunk-extremity", "retroperitoneum"}) {
    EXPECT_EQ(stage(g, "T1", "N0", "M0", "G2"), "II");
    EXPECT_EQ(stage(g, "T1", "N0", "M0", "G3"), "II");
  }
}
TEST(SeedStage, IIIA_T2_N0_M0_G2orG3) {
  for (const char* g : {"trunk-extremity", "retroperitoneum"}) {
    EXPECT_EQ(stage(g, "T2", "N0", "M0", "G2"), "IIIA");
    EXPECT_EQ(stage(g, "T2", "N0", "M0", "G3"), "IIIA");
  }
}
TEST(SeedStage, IIIB_T3T4_N0_M0_G2orG3) {
  for (const char* g : {"trunk-extremity", "retroperitoneum"}) {
    for (const char* t : {"T3", "T4"}) {
      EXPECT_EQ(stage(g, t, "N0", "M0", "G2"), "IIIB");
      EXPECT_EQ(stage(g, t, "N0", "M0", "G3"), "IIIB");
    }
  }
}
TEST(SeedStage, FootnoteB_AnyT_N1_M0_IsIIIBRetroperitoneum) {
  for (const char* t : {"T1", "T2", "T3", "T4", "TX"}) {
    for (const char* gr : {"GX", "G1", "G2", "G3"})
      EXPECT_EQ(stage("retroperitoneum", t, "N1", "M0", gr), "IIIB");
  }
}
TEST(SeedStage, FootnoteB_AnyT_N1_M0_IsIVTrunkExtremity) {
  for (const char* t : {"T1", "T2", "T3", "T4", "TX"}) {
    for (const char* gr : {"GX", "G1", "G2", "G3"})
      EXPECT_EQ(stage("trunk-extremity", t, "N1", "M0", gr), "IV");
  }
}
TEST(SeedStage, IV_AnyT_AnyN_M1) {
  for (const char* g : {"trunk-extremity", "retroperitoneum"}) {
    for (const char* t : {"T1", "T4", "TX"}) {
      for (const char* n : {"N0", "N1"}) EXPECT_EQ(stage(g, t, n, "M1", "G2"), "IV");
    }
  }
}
TEST(SeedStage, NoRecommendedGroupForHeadNeckAndVisceral) {
  EXPECT_EQ(stage("head-neck", "T2", "N0", "M0", "G2"), "not-defined");
  EXPECT_EQ(stage("visceral", "T2a", "N1", "M1", "G3"), "not-defined");
}
TEST(SeedStage, TXWithN0M0HasNoGroup) {
  EXPECT_EQ(stage("trunk-extremity", "TX", "N0", "M0", "G2"), "none");
  EXPECT_EQ(stage("retroperitoneum", "TX", "N0", "M0", "GX"), "none");
}

// --- Every stage row is cited and every row id is unique within its table.
TEST(SeedStage, EveryRowHasIdAndSource) {
  for (const auto& [group, rows] : tables().stage_groups) {
    std::set<std::string> ids;
    for (const auto& r : rows) {
      EXPECT_FALSE(r.source.empty()) << group << " " << r.id;
      EXPECT_TRUE(ids.insert(r.id).second) << "duplicate " << r.id;
    }
  }
}

// --- Grid against an independent oracle, written from the seed text in if-chain style.
namespace oracle {
std::string t_trunk(double cm) {
  return cm <= 5 ? "T1" : cm <= 10 ? "T2" : cm <= 15 ? "T3" : "T4";
}
std::string grade(int diff, int mitoses, int necrosis_pct) {
  int m = mitoses < 10 ? 1 : mitoses < 20 ? 2 : 3;
  int n = necrosis_pct == 0 ? 0 : necrosis_pct < 50 ? 1 : 2;
  int total = diff + m + n;
  if (total <= 3) return "G1";
  if (total <= 5) return "G2";
  return "G3";
}
std::string group(bool retro, const std::string& t, bool n1, bool m1, const std::string& g) {
  if (m1) return "IV";
  if (n1) return retro ? "IIIB" : "IV";
  bool low = g == "GX" || g == "G1";
  if (t == "T1") return low ? "IA" : "II";
  if (low) return "IB";
  return t == "T2" ? "IIIA" : "IIIB";
}
}  // namespace oracle

TEST(StagingGrid, AgreesWithIndependentOracle) {
  int cells = 0;
  // Sizes in tenths of a cm around every boundary, written as decimal text.
  for (int tenths = 1; tenths <= 200; ++tenths) {
    std::string cm = std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
    ASSERT_EQ(t_size("trunk-extremity", cm.c_str()), oracle::t_trunk(tenths / 10.0)) << cm;
    ASSERT_EQ(t_size("retroperitoneum", cm.c_str()), oracle::t_trunk(tenths / 10.0)) << cm;
  }
  for (int diff = 1; diff <= 3; ++diff) {
    for (int mit = 0; mit <= 40; ++mit) {
      for (int nec : {0, 1, 25, 49, 50, 51, 100}) {
        int total = diff + mitotic_row(tables(), Decimal::from_int(mit))->score +
                    necrosis_row_for_percent(tables(), Decimal::from_int(nec))->score;
        std::string g = grade_row(tables(), total)->grade;
        ASSERT_EQ(g, oracle::grade(diff, mit, nec)) << diff << "/" << mit << "/" << nec;
        for (const char* t : {"T1", "T2", "T3", "T4"}) {
          for (bool retro : {false, true}) {
            for (bool n1 : {false, true}) {
              for (bool m1 : {false, true}) {
                std::string got = stage(retro ? "retroperitoneum" : "trunk-extremity", t, n1 ? "N1" : "N0",
                                        m1 ? "M1" : "M0", g.c_str());
                ASSERT_EQ(got, oracle::group(retro, t, n1, m1, g))
                    << t << " " << g << " N1=" << n1 << " M1=" << m1;
                ++cells;
              }
            }
          }
        }
      }
    }
  }
  EXPECT_EQ(cells, 3 * 41 * 7 * 4 * 2 * 2 * 2);
}
