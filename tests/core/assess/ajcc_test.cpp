// T/N/M and stage composition; expected values from the seed 003 tables.
#include "adapter/core/assess/ajcc.hpp"

#include <gtest/gtest.h>

#include "tests/core/assess/staging_fixture.hpp"

using namespace sarcoma;
using namespace sarcoma::core;
using fhir::Decimal;
using mappings::SiteGroup;
using GS = StageResult::GroupStatus;

namespace {

const mappings::StagingTables& tables() {
  return test::staging_tables();
}
Size cm(const char* v) {
  return Size{*Decimal::parse(v), "cm"};
}
StageInputs trunk(const char* size, const char* grade) {
  StageInputs in;
  in.site_group = SiteGroup::trunk_extremity;
  in.size = cm(size);
  in.grade = grade;
  return in;
}

}  // namespace

TEST(AjccStage, ThighT2G2IsIIIAWithN0M0Assumed) {
  StageResult s = compute_stage(tables(), trunk("8.2", "G2"));
  EXPECT_EQ(s.t.label(), "T2");
  EXPECT_EQ(s.t.rule.row, "t-trunk-T2");
  EXPECT_EQ(s.n.value, "N0");
  EXPECT_TRUE(s.n.assumed);
  EXPECT_TRUE(s.m.assumed);
  EXPECT_EQ(s.group_status, GS::assigned);
  EXPECT_EQ(s.group, "IIIA");
  EXPECT_EQ(s.group_rule.row, "stage-IIIA");
  ASSERT_EQ(s.assumptions.size(), 2u);
  EXPECT_EQ(s.assumptions[0].code, "n0-assumed");
  EXPECT_EQ(*s.size_cm, *Decimal::parse("8.2"));
}

TEST(AjccStage, ExactSizeBoundariesAfterConversion) {
  StageInputs in = trunk("5", "G1");
  in.size = Size{*Decimal::parse("50"), "mm"};
  EXPECT_EQ(compute_stage(tables(), in).t.value, "T1");
  EXPECT_EQ(compute_stage(tables(), in).group, "IA");
  in.size = Size{*Decimal::parse("50.1"), "mm"};
  EXPECT_EQ(compute_stage(tables(), in).t.value, "T2");
  EXPECT_EQ(compute_stage(tables(), in).group, "IB");
}

TEST(AjccStage, ExplicitNegativeNodesAreNotAssumed) {
  StageInputs in = trunk("3", "G3");
  in.nodal_metastasis = false;
  in.distant_metastasis = false;
  StageResult s = compute_stage(tables(), in);
  EXPECT_FALSE(s.n.assumed);
  EXPECT_FALSE(s.m.assumed);
  EXPECT_TRUE(s.assumptions.empty());
  EXPECT_EQ(s.group, "II");
}

TEST(AjccStage, NodalDiseaseFootnoteBBySiteGroup) {
  StageInputs in = trunk("3", "G1");
  in.nodal_metastasis = true;
  EXPECT_EQ(compute_stage(tables(), in).group, "IV");  // trunk/extremity
  in.site_group = SiteGroup::retroperitoneum;
  EXPECT_EQ(compute_stage(tables(), in).group, "IIIB");  // retroperitoneum
  EXPECT_EQ(compute_stage(tables(), in).n.value, "N1");
}

TEST(AjccStage, MetastaticIsIV) {
  StageInputs in = trunk("3", "G1");
  in.distant_metastasis = true;
  StageResult s = compute_stage(tables(), in);
  EXPECT_EQ(s.m.value, "M1");
  EXPECT_EQ(s.group, "IV");
}

TEST(AjccStage, MissingSizeIsTXWithoutGroup) {
  StageInputs in = trunk("3", "G2");
  in.size.reset();
  StageResult s = compute_stage(tables(), in);
  EXPECT_EQ(s.t.value, "TX");
  EXPECT_EQ(s.group_status, GS::t_unknown);
  EXPECT_FALSE(s.group.has_value());
}

TEST(AjccStage, HeadNeckFindingsOverrideSizeAndHaveNoGroup) {
  StageInputs in;
  in.site_group = SiteGroup::head_neck;
  in.size = cm("1.5");
  in.grade = "G2";
  EXPECT_EQ(compute_stage(tables(), in).t.value, "T1");
  in.findings = {"orbital-invasion"};
  StageResult s = compute_stage(tables(), in);
  EXPECT_EQ(s.t.value, "T4a");
  EXPECT_EQ(s.group_status, GS::not_defined_for_site);
  EXPECT_EQ(s.group_rule.row, "stage-none-head-neck");
  in.findings = {};
  in.size = cm("4.01");
  EXPECT_EQ(compute_stage(tables(), in).t.value, "T3");
}

TEST(AjccStage, VisceralByExtentAndMultifocality) {
  StageInputs in;
  in.site_group = SiteGroup::visceral;
  in.size = cm("12");  // size does not define visceral T
  EXPECT_EQ(compute_stage(tables(), in).t.value, "TX");
  in.findings = {"serosa"};
  EXPECT_EQ(compute_stage(tables(), in).t.value, "T2a");
  in.multifocal_sites = 4;
  StageResult s = compute_stage(tables(), in);
  EXPECT_EQ(s.t.value, "T4b");
  EXPECT_EQ(s.group_status, GS::not_defined_for_site);
}

TEST(AjccStage, PrefixesForTreatmentAndRecurrence) {
  StageInputs in = trunk("12", "G3");
  in.post_neoadjuvant = true;
  StageResult s = compute_stage(tables(), in);
  EXPECT_EQ(s.t.label(), "yT3");
  EXPECT_EQ(s.n.label(), "yN0");
  EXPECT_EQ(s.group, "IIIB");
  in.post_neoadjuvant = false;
  in.recurrence = true;
  EXPECT_EQ(compute_stage(tables(), in).t.label(), "rT3");
}

TEST(AjccStage, NotApplicableAndUnknownSite) {
  StageInputs in = trunk("3", "G1");
  in.staging_applicable = false;  // e.g. GIST, Kaposi, DFSP
  EXPECT_FALSE(compute_stage(tables(), in).applicable);
  EXPECT_EQ(compute_stage(tables(), in).group_status, GS::not_applicable);
  in.staging_applicable = true;
  in.site_group = SiteGroup::not_staged;  // e.g. uterus: corpus uteri chapter
  EXPECT_EQ(compute_stage(tables(), in).group_status, GS::not_applicable);
  in.site_group.reset();
  StageResult s = compute_stage(tables(), in);
  EXPECT_EQ(s.group_status, GS::site_unknown);
  EXPECT_EQ(s.t.value, "TX");
}
