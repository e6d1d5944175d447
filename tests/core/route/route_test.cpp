// Review routing over the shipped tables (mappings/): for every reason code of
// mappings/review_reasons.json, a case where it triggers and one where it does not; then order
// (table precedence, first = main reason), priority (highest over the reasons), the
// reported-vs-computed notes, and that every code routing can raise is in the shipped table.
// Assessments come from assess() over hand-built facts, so the cases read like reports.
#include "adapter/core/route/route.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "adapter/core/assess/assess.hpp"
#include "mappings/review_reasons.hpp"
#include "mappings/rules.hpp"
#include "mappings/staging_tables.hpp"

using namespace sarcoma;
using namespace sarcoma::core;
using fhir::Decimal;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

namespace {

const mappings::Rules& rules() {
  static const std::shared_ptr<const mappings::Rules> loaded = [] {
    auto r = mappings::Rules::load(mappings::default_mappings_dir());
    if (!r.ok()) {
      for (const auto& i : r.error()) ADD_FAILURE() << i.diagnostics;
      std::abort();
    }
    return std::move(r).value();
  }();
  return *loaded;
}

const mappings::StagingTables& tables() {
  return *rules().staging_tables();
}

const mappings::ReviewReasonTable& reason_table() {
  static const mappings::ReviewReasonTable t = [] {
    auto r = mappings::load_review_reasons(mappings::default_mappings_dir() + "/review_reasons.json");
    if (!r.ok()) {
      for (const auto& i : r.error()) ADD_FAILURE() << i.diagnostics;
      std::abort();
    }
    return std::move(r).value();
  }();
  return t;
}

Decimal d(const char* s) {
  return *Decimal::parse(s);
}

template <class T>
Fact<T> coded(T value, const std::string& resource) {
  Fact<T> f;
  f.value = std::move(value);
  f.method = Method::coded;
  f.source.resource = resource;
  f.source.path = "Observation.value[x]";
  return f;
}
template <class T>
Fact<T> narrative(T value, int line) {
  Fact<T> f;
  f.value = std::move(value);
  f.method = Method::narrative;
  f.source.resource = "DiagnosticReport/dr-1";
  f.source.path = "DiagnosticReport.conclusion";
  f.source.line = line;
  return f;
}
Fact<Histology> histology(const std::string& id) {
  Histology h;
  h.entry_id = id;
  h.text = id;
  return coded(h, "Observation/histology");
}
Fact<Site> site(const std::string& id) {
  Site s;
  s.entry_id = id;
  s.text = id;
  return coded(s, "DiagnosticReport/dr-1");
}
Fact<Size> size(const char* value, const char* unit = "cm") {
  Size s;
  s.value = d(value);
  s.unit = unit;
  return coded(s, "Observation/size");
}
MitoticRate mitoses(const char* count, const char* per_hpf = "10") {
  MitoticRate m;
  m.count = d(count);
  m.per_unit = MitoticRate::Per::hpf;
  m.per_amount = d(per_hpf);
  return m;
}
Necrosis necrosis(Necrosis::Extent e, std::optional<const char*> percent = std::nullopt) {
  Necrosis n;
  n.extent = e;
  if (percent) n.percent = d(*percent);
  return n;
}
Fact<StatedCategory> stated(const std::string& prefix, const std::string& value) {
  StatedCategory c;
  c.prefix = prefix;
  c.value = value;
  return narrative(c, 20);
}

// The quiet case: leiomyosarcoma (differentiation 2) of the thigh, 8.2 cm, 12 mitoses/10 HPF
// (score 2), necrosis < 50% without a percentage (score 1): G2 (total 5); T2, nodes and distant
// metastasis explicitly negative: N0 M0, stage IIIA. Only "sarcoma-diagnosis" applies.
TumourFacts quiet_tumour() {
  TumourFacts t;
  t.histology.push_back(histology("leiomyosarcoma"));
  t.site.push_back(site("lower-limb"));
  t.size.push_back(size("8.2"));
  t.mitoses.push_back(coded(mitoses("12"), "Observation/mitoses"));
  t.necrosis.push_back(coded(necrosis(Necrosis::Extent::less_than_50), "Observation/necrosis"));
  t.nodal_metastasis.push_back(coded(false, "Observation/nodes"));
  t.distant_metastasis.push_back(coded(false, "Observation/distant"));
  return t;
}

ReportFacts report_of(std::vector<TumourFacts> tumours, Scope scope = Scope::soft_tissue_sarcoma) {
  ReportFacts f;
  f.report_reference = "DiagnosticReport/dr-1";
  f.scope = scope;
  f.tumours = std::move(tumours);
  return f;
}

Assessment assessed(const ReportFacts& f) {
  return assess(f, rules());
}
Assessment assessed(const TumourFacts& t) {
  return assess(report_of({t}), rules());
}

Routing routed(const Assessment& a) {
  return route(a, reason_table(), tables());
}

std::vector<std::string> codes(const Routing& r) {
  std::vector<std::string> out;
  for (const auto& x : r.reasons) out.push_back(x.code);
  return out;
}
std::vector<std::string> codes_of(const Assessment& a) {
  return codes(routed(a));
}
std::vector<std::string> codes_of(const TumourFacts& t) {
  return codes_of(assessed(t));
}

// Every assessment the tests build, for the table-wide checks at the end.
std::vector<Assessment>& corpus() {
  static std::vector<Assessment> all;
  return all;
}
Assessment kept(Assessment a) {
  corpus().push_back(a);
  return a;
}

}  // namespace

// --- The quiet case ------------------------------------------------------------------------------

TEST(RouteQuietCase, OnlySarcomaDiagnosisRoutine) {
  Assessment a = kept(assessed(quiet_tumour()));
  ASSERT_EQ(a.tumours.size(), 1u);
  ASSERT_EQ(a.tumours[0].grade.grade, "G2");
  ASSERT_EQ(a.tumours[0].stage.group, "IIIA");
  Routing r = routed(a);
  EXPECT_TRUE(r.review);
  EXPECT_THAT(codes(r), ElementsAre("sarcoma-diagnosis"));
  EXPECT_EQ(r.reasons[0].display, reason_table().by_code("sarcoma-diagnosis")->display);
  EXPECT_EQ(r.priority, "routine");
  EXPECT_THAT(r.notes, IsEmpty());
  EXPECT_THAT(r.description, HasSubstr("G2"));
  EXPECT_THAT(r.description, HasSubstr("IIIA"));
  EXPECT_THAT(triggered_reasons(a, tables()), ElementsAre("sarcoma-diagnosis"));
}

// --- metastatic-disease ------------------------------------------------------------------------

TEST(RouteMetastaticDisease, TriggersOnM1) {
  TumourFacts t = quiet_tumour();
  t.distant_metastasis[0].value = true;
  Assessment a = kept(assessed(t));
  ASSERT_EQ(a.tumours[0].stage.m.value, "M1");
  EXPECT_THAT(codes_of(a), Contains("metastatic-disease"));

  TumourFacts s = quiet_tumour();  // a stated M1 with no finding is the same report of spread
  s.distant_metastasis.clear();
  s.stated_m.push_back(stated("p", "M1"));
  EXPECT_THAT(codes_of(kept(assessed(s))), Contains("metastatic-disease"));
}

TEST(RouteMetastaticDisease, NotOnM0) {
  EXPECT_THAT(codes_of(quiet_tumour()), Not(Contains("metastatic-disease")));
  TumourFacts t = quiet_tumour();
  t.distant_metastasis.clear();  // M0 assumed: still not metastatic
  EXPECT_THAT(codes_of(kept(assessed(t))), Not(Contains("metastatic-disease")));
}

// --- nodal-disease -----------------------------------------------------------------------------

TEST(RouteNodalDisease, TriggersOnN1) {
  TumourFacts t = quiet_tumour();
  t.nodal_metastasis[0].value = true;
  Assessment a = kept(assessed(t));
  ASSERT_EQ(a.tumours[0].stage.n.value, "N1");
  EXPECT_THAT(codes_of(a), Contains("nodal-disease"));
  EXPECT_THAT(codes_of(a), Not(Contains("metastatic-disease")));

  TumourFacts s = quiet_tumour();
  s.nodal_metastasis.clear();
  s.stated_n.push_back(stated("p", "N1"));
  EXPECT_THAT(codes_of(kept(assessed(s))), Contains("nodal-disease"));
}

TEST(RouteNodalDisease, NotOnN0) {
  EXPECT_THAT(codes_of(quiet_tumour()), Not(Contains("nodal-disease")));
  TumourFacts t = quiet_tumour();
  t.nodal_metastasis.clear();  // N0 assumed
  EXPECT_THAT(codes_of(kept(assessed(t))), Not(Contains("nodal-disease")));
}

// --- reported-stage-discordant -----------------------------------------------------------------

TEST(RouteReportedStageDiscordant, TriggersOnStatedTDifferingFromComputed) {
  TumourFacts t = quiet_tumour();
  t.stated_t.push_back(stated("p", "T3"));  // computed T2 (8.2 cm)
  EXPECT_THAT(codes_of(kept(assessed(t))), Contains("reported-stage-discordant"));
}

TEST(RouteReportedStageDiscordant, TriggersOnStatedNOrMDifferingFromComputed) {
  TumourFacts n = quiet_tumour();
  n.stated_n.push_back(stated("p", "N1"));  // the negative nodal finding wins: computed N0
  Assessment an = kept(assessed(n));
  ASSERT_EQ(an.tumours[0].stage.n.value, "N0");
  EXPECT_THAT(codes_of(an), Contains("reported-stage-discordant"));

  TumourFacts m = quiet_tumour();
  m.stated_m.push_back(stated("c", "M1"));  // distant finding negative: computed M0
  EXPECT_THAT(codes_of(kept(assessed(m))), Contains("reported-stage-discordant"));
}

TEST(RouteReportedStageDiscordant, TriggersOnStatedGroupDifferingFromAssignedGroup) {
  TumourFacts t = quiet_tumour();
  t.stated_stage_group.push_back(stated("", "IIIB"));  // computed IIIA
  EXPECT_THAT(codes_of(kept(assessed(t))), Contains("reported-stage-discordant"));
}

TEST(RouteReportedStageDiscordant, NotWhenStatedMatchesIgnoringPrefixes) {
  ReportFacts f = report_of({quiet_tumour()});
  f.circumstances.post_neoadjuvant.push_back(narrative(true, 1));  // computed yT2 yN0 yM0
  f.tumours[0].stated_t.push_back(stated("yp", "T2"));
  f.tumours[0].stated_n.push_back(stated("p", "N0"));
  f.tumours[0].stated_m.push_back(stated("c", "M0"));
  f.tumours[0].stated_stage_group.push_back(stated("y", "IIIA"));
  Assessment a = kept(assessed(f));
  ASSERT_EQ(a.tumours[0].stage.t.label(), "yT2");
  EXPECT_THAT(codes_of(a), Not(Contains("reported-stage-discordant")));
  EXPECT_THAT(routed(a).notes, IsEmpty());
}

TEST(RouteReportedStageDiscordant, NotComparedWhenComputedTIsTX) {
  TumourFacts t = quiet_tumour();
  t.size.clear();                           // computed TX
  t.stated_t.push_back(stated("p", "T3"));  // nothing to compare it with
  t.stated_stage_group.push_back(stated("", "IIIB"));  // TX N0 M0: no group assigned
  Assessment a = kept(assessed(t));
  ASSERT_EQ(a.tumours[0].stage.t.value, "TX");
  ASSERT_FALSE(a.tumours[0].stage.group.has_value());
  EXPECT_THAT(codes_of(a), Not(Contains("reported-stage-discordant")));
}

TEST(RouteReportedStageDiscordant, GroupNotComparedWhereAjccDefinesNone) {
  TumourFacts t = quiet_tumour();
  t.site[0].value.entry_id = "head-neck-soft-tissue";
  t.size[0].value.value = d("3");                      // head and neck T2
  t.stated_t.push_back(stated("p", "T2"));
  t.stated_stage_group.push_back(stated("", "IIIA"));  // no group exists for head and neck
  Assessment a = kept(assessed(t));
  ASSERT_EQ(a.tumours[0].stage.group_status, StageResult::GroupStatus::not_defined_for_site);
  EXPECT_THAT(codes_of(a), Not(Contains("reported-stage-discordant")));
}

// --- reported-grade-discordant -----------------------------------------------------------------

TEST(RouteReportedGradeDiscordant, TriggersOnStatedGradeDifferingFromComputed) {
  TumourFacts t = quiet_tumour();
  t.stated_grade.push_back(stated("", "G3"));  // computed G2
  EXPECT_THAT(codes_of(kept(assessed(t))), Contains("reported-grade-discordant"));
}

TEST(RouteReportedGradeDiscordant, NotWhenEqualOrEitherIsIndeterminate) {
  TumourFacts same = quiet_tumour();
  same.stated_grade.push_back(stated("", "G2"));
  EXPECT_THAT(codes_of(kept(assessed(same))), Not(Contains("reported-grade-discordant")));

  TumourFacts gx = quiet_tumour();  // computed GX: necrosis present, extent unknown
  gx.necrosis[0].value = necrosis(Necrosis::Extent::present_extent_unknown);
  gx.stated_grade.push_back(stated("", "G3"));
  Assessment a = kept(assessed(gx));
  ASSERT_EQ(a.tumours[0].grade.grade, "GX");
  EXPECT_THAT(codes_of(a), Not(Contains("reported-grade-discordant")));

  TumourFacts stated_gx = quiet_tumour();
  stated_gx.stated_grade.push_back(stated("", "GX"));
  EXPECT_THAT(codes_of(kept(assessed(stated_gx))), Not(Contains("reported-grade-discordant")));

  TumourFacts angio = quiet_tumour();  // FNCLCC does not grade angiosarcoma
  angio.histology[0].value.entry_id = "angiosarcoma";
  angio.stated_grade.push_back(stated("", "G3"));
  EXPECT_THAT(codes_of(kept(assessed(angio))), Not(Contains("reported-grade-discordant")));
}

// --- coded-narrative-conflict -------------------------------------------------------------------

TEST(RouteCodedNarrativeConflict, TriggersOnAnyConflict) {
  ReportFacts f = report_of({quiet_tumour()});
  Conflict c;
  c.element = "size";
  c.summary = "coded vs narrative size differ";
  f.conflicts.push_back(c);
  EXPECT_THAT(codes_of(kept(assessed(f))), Contains("coded-narrative-conflict"));
}

TEST(RouteCodedNarrativeConflict, NotWithoutConflicts) {
  EXPECT_THAT(codes_of(quiet_tumour()), Not(Contains("coded-narrative-conflict")));
}

// --- reclassification-prone-histology -----------------------------------------------------------

TEST(RouteReclassificationProneHistology, TriggersForUpsAndSarcomaNos) {
  for (const char* id : {"undifferentiated-pleomorphic-sarcoma", "undifferentiated-sarcoma-nos"}) {
    TumourFacts t = quiet_tumour();
    t.histology[0].value.entry_id = id;
    EXPECT_THAT(codes_of(kept(assessed(t))), Contains("reclassification-prone-histology")) << id;
  }
}

TEST(RouteReclassificationProneHistology, NotForLeiomyosarcomaOrUnrecognisedHistology) {
  EXPECT_THAT(codes_of(quiet_tumour()), Not(Contains("reclassification-prone-histology")));
  TumourFacts t = quiet_tumour();
  t.histology[0].value.entry_id = "";
  EXPECT_THAT(codes_of(kept(assessed(t))), Not(Contains("reclassification-prone-histology")));
}

// --- unplanned-excision ------------------------------------------------------------------------

TEST(RouteUnplannedExcision, TriggersWhenReported) {
  ReportFacts f = report_of({quiet_tumour()});
  f.circumstances.unplanned_excision.push_back(narrative(true, 2));
  EXPECT_THAT(codes_of(kept(assessed(f))), Contains("unplanned-excision"));
}

TEST(RouteUnplannedExcision, NotWhenAbsentOrNegated) {
  ReportFacts f = report_of({quiet_tumour()});
  f.circumstances.unplanned_excision.push_back(narrative(false, 2));
  EXPECT_THAT(codes_of(kept(assessed(f))), Not(Contains("unplanned-excision")));
  EXPECT_THAT(codes_of(quiet_tumour()), Not(Contains("unplanned-excision")));
}

// --- post-treatment-specimen --------------------------------------------------------------------

TEST(RoutePostTreatmentSpecimen, TriggersAfterNeoadjuvantTherapy) {
  ReportFacts f = report_of({quiet_tumour()});
  f.circumstances.post_neoadjuvant.push_back(coded(true, "Observation/neoadjuvant"));
  EXPECT_THAT(codes_of(kept(assessed(f))), Contains("post-treatment-specimen"));
}

TEST(RoutePostTreatmentSpecimen, NotForUntreatedOrRecurrentOnly) {
  EXPECT_THAT(codes_of(quiet_tumour()), Not(Contains("post-treatment-specimen")));
  ReportFacts f = report_of({quiet_tumour()});
  f.circumstances.recurrence.push_back(narrative(true, 2));
  f.circumstances.post_neoadjuvant.push_back(narrative(false, 2));
  EXPECT_THAT(codes_of(kept(assessed(f))), Not(Contains("post-treatment-specimen")));
}

// --- staging-not-applicable ---------------------------------------------------------------------

TEST(RouteStagingNotApplicable, TriggersForUnstagedHistology) {
  TumourFacts t = quiet_tumour();
  t.histology[0].value.entry_id = "gist";
  EXPECT_THAT(codes_of(kept(assessed(t))), Contains("staging-not-applicable"));
}

TEST(RouteStagingNotApplicable, TriggersForUnstagedSiteGroup) {
  TumourFacts t = quiet_tumour();
  t.site[0].value.entry_id = "uterus";
  Assessment a = kept(assessed(t));
  ASSERT_FALSE(a.tumours[0].stage.applicable);
  EXPECT_THAT(codes_of(a), Contains("staging-not-applicable"));
}

TEST(RouteStagingNotApplicable, TriggersForBoneSarcoma) {
  TumourFacts t = quiet_tumour();  // Ewing sarcoma at a bone: the bone chapters
  t.histology[0].value.entry_id = "ewing-sarcoma";
  t.site[0].value.entry_id = "bone";
  Assessment a = kept(assessed(t));
  ASSERT_EQ(a.scope, Scope::bone_sarcoma);
  EXPECT_THAT(codes_of(a), Contains("staging-not-applicable"));

  Assessment b = kept(assessed(report_of({}, Scope::bone_sarcoma)));
  EXPECT_THAT(codes_of(b), Contains("staging-not-applicable"));
}

TEST(RouteStagingNotApplicable, NotForStagedHistologyAtStagedSite) {
  EXPECT_THAT(codes_of(quiet_tumour()), Not(Contains("staging-not-applicable")));
  TumourFacts t = quiet_tumour();  // angiosarcoma: not graded, but staged
  t.histology[0].value.entry_id = "angiosarcoma";
  EXPECT_THAT(codes_of(kept(assessed(t))), Not(Contains("staging-not-applicable")));
}

// --- grading-not-applicable ---------------------------------------------------------------------

TEST(RouteGradingNotApplicable, TriggersForUngradedHistology) {
  TumourFacts t = quiet_tumour();
  t.histology[0].value.entry_id = "angiosarcoma";
  EXPECT_THAT(codes_of(kept(assessed(t))), Contains("grading-not-applicable"));
}

TEST(RouteGradingNotApplicable, TriggersForBoneSarcoma) {
  Assessment b = kept(assessed(report_of({}, Scope::bone_sarcoma)));
  EXPECT_THAT(codes_of(b), Contains("grading-not-applicable"));
}

TEST(RouteGradingNotApplicable, NotForGradedHistology) {
  EXPECT_THAT(codes_of(quiet_tumour()), Not(Contains("grading-not-applicable")));
  TumourFacts t = quiet_tumour();  // uterine leiomyosarcoma: not staged here, but graded
  t.site[0].value.entry_id = "uterus";
  EXPECT_THAT(codes_of(kept(assessed(t))), Not(Contains("grading-not-applicable")));
}

// --- grade-incomplete ---------------------------------------------------------------------------

TEST(RouteGradeIncomplete, TriggersWhenGradableAndGX) {
  TumourFacts t = quiet_tumour();
  t.necrosis[0].value = necrosis(Necrosis::Extent::present_extent_unknown);
  Assessment a = kept(assessed(t));
  ASSERT_EQ(a.tumours[0].grade.grade, "GX");
  EXPECT_THAT(codes_of(a), Contains("grade-incomplete"));

  TumourFacts m = quiet_tumour();
  m.mitoses.clear();
  EXPECT_THAT(codes_of(kept(assessed(m))), Contains("grade-incomplete"));
}

TEST(RouteGradeIncomplete, NotWhenGradedOrNotGradable) {
  EXPECT_THAT(codes_of(quiet_tumour()), Not(Contains("grade-incomplete")));
  TumourFacts t = quiet_tumour();  // angiosarcoma: GX because FNCLCC does not grade it
  t.histology[0].value.entry_id = "angiosarcoma";
  Assessment a = kept(assessed(t));
  ASSERT_EQ(a.tumours[0].grade.grade, "GX");
  EXPECT_THAT(codes_of(a), Not(Contains("grade-incomplete")));
  // The grade from a stated component score is complete.
  TumourFacts s = quiet_tumour();
  s.mitoses.clear();
  s.stated_mitotic_score.push_back(narrative(2, 3));
  EXPECT_THAT(codes_of(kept(assessed(s))), Not(Contains("grade-incomplete")));
}

// --- stage-incomplete ---------------------------------------------------------------------------

TEST(RouteStageIncomplete, TriggersOnTX) {
  TumourFacts t = quiet_tumour();
  t.size.clear();
  Assessment a = kept(assessed(t));
  ASSERT_EQ(a.tumours[0].stage.t.value, "TX");
  EXPECT_THAT(codes_of(a), Contains("stage-incomplete"));

  TumourFacts v = quiet_tumour();  // visceral without an extent finding: TX
  v.site[0].value.entry_id = "digestive-organs";
  Assessment b = kept(assessed(v));
  ASSERT_EQ(b.tumours[0].stage.t.value, "TX");
  EXPECT_THAT(codes_of(b), Contains("stage-incomplete"));
}

TEST(RouteStageIncomplete, TriggersOnUnknownSite) {
  TumourFacts t = quiet_tumour();
  t.site.clear();
  Assessment a = kept(assessed(t));
  ASSERT_EQ(a.tumours[0].stage.group_status, StageResult::GroupStatus::site_unknown);
  EXPECT_THAT(codes_of(a), Contains("stage-incomplete"));
}

TEST(RouteStageIncomplete, NotWhereTheGroupIsSimplyNotDefined) {
  EXPECT_THAT(codes_of(quiet_tumour()), Not(Contains("stage-incomplete")));

  TumourFacts hn = quiet_tumour();
  hn.site[0].value.entry_id = "head-neck-soft-tissue";
  hn.size[0].value.value = d("3");  // T2
  Assessment a = kept(assessed(hn));
  ASSERT_EQ(a.tumours[0].stage.group_status, StageResult::GroupStatus::not_defined_for_site);
  EXPECT_THAT(codes_of(a), Not(Contains("stage-incomplete")));

  TumourFacts v = quiet_tumour();
  v.site[0].value.entry_id = "digestive-organs";
  Finding serosa;
  serosa.key = "serosa";
  v.extent_findings.push_back(narrative(serosa, 5));  // T2a
  Assessment b = kept(assessed(v));
  ASSERT_EQ(b.tumours[0].stage.t.value, "T2a");
  EXPECT_THAT(codes_of(b), Not(Contains("stage-incomplete")));
}

TEST(RouteStageIncomplete, NotWhenStagingIsNotApplicable) {
  TumourFacts t = quiet_tumour();
  t.histology[0].value.entry_id = "gist";
  t.size.clear();
  EXPECT_THAT(codes_of(kept(assessed(t))), Not(Contains("stage-incomplete")));
}

// --- boundary-value -----------------------------------------------------------------------------

TEST(RouteBoundaryValue, SizeOnTrunkExtremityAndRetroperitonealBoundaries) {
  for (const char* site_id : {"lower-limb", "retroperitoneum"}) {
    for (const char* cm : {"5", "10", "15", "5.0"}) {
      TumourFacts t = quiet_tumour();
      t.site[0].value.entry_id = site_id;
      t.size[0].value.value = d(cm);
      EXPECT_THAT(codes_of(kept(assessed(t))), Contains("boundary-value")) << site_id << " " << cm;
    }
  }
  TumourFacts mm = quiet_tumour();  // 50 mm = 5 cm exactly
  mm.size[0].value = Size{d("50"), "mm"};
  EXPECT_THAT(codes_of(kept(assessed(mm))), Contains("boundary-value"));
}

TEST(RouteBoundaryValue, SizeOffTrunkExtremityAndRetroperitonealBoundaries) {
  for (const char* site_id : {"lower-limb", "retroperitoneum"}) {
    for (const char* cm : {"5.01", "4.99", "2", "4", "9.99", "15.01"}) {
      TumourFacts t = quiet_tumour();
      t.site[0].value.entry_id = site_id;
      t.size[0].value.value = d(cm);
      EXPECT_THAT(codes_of(kept(assessed(t))), Not(Contains("boundary-value"))) << site_id << " " << cm;
    }
  }
  TumourFacts mm = quiet_tumour();
  mm.size[0].value = Size{d("50.1"), "mm"};
  EXPECT_THAT(codes_of(kept(assessed(mm))), Not(Contains("boundary-value")));
}

TEST(RouteBoundaryValue, SizeOnHeadAndNeckBoundaries) {
  for (const char* cm : {"2", "4"}) {
    TumourFacts t = quiet_tumour();
    t.site[0].value.entry_id = "head-neck-soft-tissue";
    t.size[0].value.value = d(cm);
    EXPECT_THAT(codes_of(kept(assessed(t))), Contains("boundary-value")) << cm;
  }
  for (const char* cm : {"5", "10", "2.01", "3.99"}) {  // trunk boundaries are not head-and-neck ones
    TumourFacts t = quiet_tumour();
    t.site[0].value.entry_id = "head-neck-soft-tissue";
    t.size[0].value.value = d(cm);
    EXPECT_THAT(codes_of(kept(assessed(t))), Not(Contains("boundary-value"))) << cm;
  }
}

TEST(RouteBoundaryValue, MitosesOnScoreBoundaries) {
  for (const char* n : {"9", "10", "19", "20"}) {
    TumourFacts t = quiet_tumour();
    t.mitoses[0].value = mitoses(n);
    EXPECT_THAT(codes_of(kept(assessed(t))), Contains("boundary-value")) << n;
  }
}

TEST(RouteBoundaryValue, MitosesOffScoreBoundaries) {
  for (const char* n : {"0", "8", "11", "12", "18", "21", "9.5"}) {
    TumourFacts t = quiet_tumour();
    t.mitoses[0].value = mitoses(n);
    EXPECT_THAT(codes_of(kept(assessed(t))), Not(Contains("boundary-value"))) << n;
  }
}

// A count over another number of fields that is exactly 9, 10, 19 or 20 per 10 HPF sits on the same
// boundary as the count written per 10 HPF.
TEST(RouteBoundaryValue, MitosesOnBoundaryWhenReportedPerOtherFieldCounts) {
  struct Case {
    const char* count;
    const char* per_hpf;
  };
  for (const Case& c : {Case{"50", "50"}, Case{"45", "50"}, Case{"38", "20"}, Case{"40", "20"}, Case{"2", "1"}}) {
    TumourFacts t = quiet_tumour();
    t.mitoses[0].value = mitoses(c.count, c.per_hpf);
    EXPECT_THAT(codes_of(kept(assessed(t))), Contains("boundary-value")) << c.count << " per " << c.per_hpf << " HPF";
  }
  TumourFacts off = quiet_tumour();
  off.mitoses[0].value = mitoses("55", "50");  // 11 per 10 HPF
  EXPECT_THAT(codes_of(kept(assessed(off))), Not(Contains("boundary-value")));

  // Per mm2 with the report's own field area (10 HPF = 2 mm2): 5 per 1 mm2 = 10 per 10 HPF (works
  // today), and 10 per 2 mm2 = the same 10 per 10 HPF (the denominator 2 is not a power of ten).
  for (const char* per_mm2 : {"1", "2"}) {
    TumourFacts t = quiet_tumour();
    MitoticRate m;
    m.count = d(std::string(per_mm2) == "1" ? "5" : "10");
    m.per_unit = MitoticRate::Per::mm2;
    m.per_amount = d(per_mm2);
    m.area_of_10_hpf_mm2 = d("2");
    t.mitoses[0].value = m;
    EXPECT_THAT(codes_of(kept(assessed(t))), Contains("boundary-value")) << m.count.text() << " per " << per_mm2 << " mm2";
  }
}

TEST(RouteBoundaryValue, NecrosisPercentOnBoundaries) {
  for (const char* pct : {"0", "50", "50.0"}) {
    TumourFacts t = quiet_tumour();
    Necrosis::Extent e = d(pct).is_zero() ? Necrosis::Extent::absent : Necrosis::Extent::at_least_50;
    t.necrosis[0].value = necrosis(e, pct);
    EXPECT_THAT(codes_of(kept(assessed(t))), Contains("boundary-value")) << pct;
  }
}

TEST(RouteBoundaryValue, NecrosisOffBoundariesOrWithoutPercent) {
  for (const char* pct : {"49", "51", "30", "0.5"}) {
    TumourFacts t = quiet_tumour();
    t.necrosis[0].value = necrosis(d(pct) < d("50") ? Necrosis::Extent::less_than_50 : Necrosis::Extent::at_least_50, pct);
    EXPECT_THAT(codes_of(kept(assessed(t))), Not(Contains("boundary-value"))) << pct;
  }
  TumourFacts absent = quiet_tumour();  // "no necrosis" without a number is not a 0% boundary
  absent.necrosis[0].value = necrosis(Necrosis::Extent::absent);
  EXPECT_THAT(codes_of(kept(assessed(absent))), Not(Contains("boundary-value")));
}

// --- m-category-assumed -------------------------------------------------------------------------

TEST(RouteMCategoryAssumed, TriggersWhenTheReportIsSilentOnDistantSpread) {
  TumourFacts t = quiet_tumour();
  t.distant_metastasis.clear();
  Assessment a = kept(assessed(t));
  ASSERT_TRUE(a.tumours[0].stage.m.assumed);
  EXPECT_THAT(codes_of(a), Contains("m-category-assumed"));
}

TEST(RouteMCategoryAssumed, NotWhenMIsReportedOrStated) {
  EXPECT_THAT(codes_of(quiet_tumour()), Not(Contains("m-category-assumed")));
  TumourFacts t = quiet_tumour();
  t.distant_metastasis.clear();
  t.stated_m.push_back(stated("c", "M0"));
  EXPECT_THAT(codes_of(kept(assessed(t))), Not(Contains("m-category-assumed")));
  TumourFacts n = quiet_tumour();  // silence on nodes is N0 assumed, not an M assumption
  n.nodal_metastasis.clear();
  EXPECT_THAT(codes_of(kept(assessed(n))), Not(Contains("m-category-assumed")));
}

// --- sarcoma-diagnosis and scope ------------------------------------------------------------------

TEST(RouteSarcomaDiagnosis, TriggersForSoftTissueAndBoneSarcoma) {
  EXPECT_THAT(codes_of(quiet_tumour()), Contains("sarcoma-diagnosis"));
  Routing b = routed(kept(assessed(report_of({}, Scope::bone_sarcoma))));
  EXPECT_TRUE(b.review);
  EXPECT_THAT(codes(b), Contains("sarcoma-diagnosis"));
}

TEST(RouteSarcomaDiagnosis, NoReviewForNonSarcomaOrUndetermined) {
  for (Scope s : {Scope::not_sarcoma, Scope::undetermined}) {
    // Even with circumstances and conflicts that would otherwise raise reasons.
    ReportFacts f = report_of({quiet_tumour()}, s);
    f.circumstances.post_neoadjuvant.push_back(narrative(true, 1));
    f.circumstances.unplanned_excision.push_back(narrative(true, 1));
    Conflict c;
    c.element = "histology";
    f.conflicts.push_back(c);
    Assessment a = kept(assessed(f));
    Routing r = routed(a);
    EXPECT_FALSE(r.review) << to_string(s);
    EXPECT_THAT(r.reasons, IsEmpty()) << to_string(s);
    EXPECT_EQ(r.priority, "") << to_string(s);
    EXPECT_THAT(r.notes, IsEmpty()) << to_string(s);
    EXPECT_THAT(triggered_reasons(a, tables()), IsEmpty()) << to_string(s);
  }
}

// --- Order and main reason ------------------------------------------------------------------------

TEST(RouteOrder, ReasonsFollowTableOrderAndTheFirstIsTheMainReason) {
  ReportFacts f = report_of({quiet_tumour()});
  TumourFacts& t = f.tumours[0];
  t.histology[0].value.entry_id = "undifferentiated-pleomorphic-sarcoma";  // 3
  t.necrosis[0].value = necrosis(Necrosis::Extent::at_least_50, "50");     // 2, boundary; 3+2+2 = 7 -> G3
  t.distant_metastasis[0].value = true;                                     // M1 -> IV
  t.stated_grade.push_back(stated("", "G1"));
  t.stated_t.push_back(stated("yp", "T3"));
  f.circumstances.post_neoadjuvant.push_back(narrative(true, 1));
  f.circumstances.unplanned_excision.push_back(narrative(true, 1));
  Conflict c;
  c.element = "size";
  f.conflicts.push_back(c);
  Assessment a = kept(assessed(f));
  ASSERT_EQ(a.tumours[0].grade.grade, "G3");
  Routing r = routed(a);
  EXPECT_THAT(codes(r), ElementsAre("metastatic-disease", "reported-stage-discordant", "reported-grade-discordant",
                                    "coded-narrative-conflict", "reclassification-prone-histology",
                                    "unplanned-excision", "post-treatment-specimen", "boundary-value",
                                    "sarcoma-diagnosis"));
  EXPECT_EQ(r.priority, "asap");
}

TEST(RouteOrder, SarcomaDiagnosisComesBeforeMCategoryAssumedAsInTheTable) {
  TumourFacts t = quiet_tumour();
  t.distant_metastasis.clear();
  t.size.clear();  // stage-incomplete
  EXPECT_THAT(codes_of(kept(assessed(t))), ElementsAre("stage-incomplete", "sarcoma-diagnosis", "m-category-assumed"));
}

TEST(RouteOrder, BoneSarcomaReasons) {
  Routing r = routed(kept(assessed(report_of({}, Scope::bone_sarcoma))));
  EXPECT_THAT(codes(r), ElementsAre("staging-not-applicable", "grading-not-applicable", "sarcoma-diagnosis"));
  EXPECT_EQ(r.priority, "routine");
  EXPECT_THAT(r.description, HasSubstr("bone"));
}

// --- Priority -------------------------------------------------------------------------------------

TEST(RoutePriority, UrgentForSpreadReclassificationAndUnplannedExcision) {
  TumourFacts m1 = quiet_tumour();
  m1.distant_metastasis[0].value = true;
  EXPECT_EQ(routed(kept(assessed(m1))).priority, "urgent");

  TumourFacts n1 = quiet_tumour();
  n1.nodal_metastasis[0].value = true;
  EXPECT_EQ(routed(kept(assessed(n1))).priority, "urgent");

  TumourFacts ups = quiet_tumour();
  ups.histology[0].value.entry_id = "undifferentiated-pleomorphic-sarcoma";
  EXPECT_EQ(routed(kept(assessed(ups))).priority, "urgent");

  ReportFacts f = report_of({quiet_tumour()});
  f.circumstances.unplanned_excision.push_back(narrative(true, 1));
  EXPECT_EQ(routed(kept(assessed(f))).priority, "urgent");
}

TEST(RoutePriority, AsapForDiscordanceAndConflict) {
  TumourFacts st = quiet_tumour();
  st.stated_t.push_back(stated("p", "T1"));
  EXPECT_EQ(routed(kept(assessed(st))).priority, "asap");

  TumourFacts gr = quiet_tumour();
  gr.stated_grade.push_back(stated("", "G1"));
  EXPECT_EQ(routed(kept(assessed(gr))).priority, "asap");

  ReportFacts f = report_of({quiet_tumour()});
  Conflict c;
  c.element = "mitoses";
  f.conflicts.push_back(c);
  EXPECT_EQ(routed(kept(assessed(f))).priority, "asap");

  // asap beats urgent: M1 with a discordant stated grade.
  TumourFacts both = quiet_tumour();
  both.distant_metastasis[0].value = true;
  both.stated_grade.push_back(stated("", "G3"));
  Routing r = routed(kept(assessed(both)));
  EXPECT_EQ(r.priority, "asap");
  EXPECT_EQ(r.reasons.front().code, "metastatic-disease");  // the main reason is by precedence, not priority
}

TEST(RoutePriority, RoutineForTheRest) {
  ReportFacts f = report_of({quiet_tumour()});
  f.circumstances.post_neoadjuvant.push_back(narrative(true, 1));
  TumourFacts& t = f.tumours[0];
  t.size[0].value.value = d("10");  // boundary
  t.necrosis[0].value = necrosis(Necrosis::Extent::present_extent_unknown);  // grade-incomplete
  t.distant_metastasis.clear();     // m-category-assumed
  Routing r = routed(kept(assessed(f)));
  EXPECT_THAT(codes(r), ElementsAre("post-treatment-specimen", "grade-incomplete", "boundary-value", "sarcoma-diagnosis",
                                    "m-category-assumed"));
  EXPECT_EQ(r.priority, "routine");

  TumourFacts gist = quiet_tumour();
  gist.histology[0].value.entry_id = "gist";
  Routing g = routed(kept(assessed(gist)));
  EXPECT_THAT(codes(g), ElementsAre("staging-not-applicable", "grading-not-applicable", "sarcoma-diagnosis"));
  EXPECT_EQ(g.priority, "routine");
}

// --- Notes ----------------------------------------------------------------------------------------

TEST(RouteNotes, ReportedVersusComputedLines) {
  TumourFacts t = quiet_tumour();
  t.stated_grade.push_back(stated("", "G3"));
  t.stated_t.push_back(stated("p", "T3"));
  t.stated_n.push_back(stated("p", "N0"));  // agrees: no line
  t.stated_stage_group.push_back(stated("", "IIIB"));
  Routing r = routed(kept(assessed(t)));
  ASSERT_EQ(r.notes.size(), 3u);
  EXPECT_THAT(r.notes[0], HasSubstr("grade G3"));
  EXPECT_THAT(r.notes[0], HasSubstr("G2"));
  EXPECT_THAT(r.notes[1], HasSubstr("pT3"));
  EXPECT_THAT(r.notes[1], HasSubstr("computed T2"));
  EXPECT_THAT(r.notes[2], HasSubstr("IIIB"));
  EXPECT_THAT(r.notes[2], HasSubstr("computed IIIA"));
}

TEST(RouteNotes, LabelledPerTumourAndOnlyForDiscordantOnes) {
  TumourFacts a_part = quiet_tumour();
  a_part.label = "A";
  TumourFacts b_part = quiet_tumour();
  b_part.label = "B";
  b_part.stated_m.push_back(stated("p", "M1"));  // the negative distant finding wins: M0
  Routing r = routed(kept(assessed(report_of({a_part, b_part}))));
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_THAT(r.notes[0], HasSubstr("Tumour B"));
  EXPECT_THAT(r.notes[0], HasSubstr("M1"));
  EXPECT_THAT(r.notes[0], HasSubstr("computed M0"));
  EXPECT_THAT(codes(r), Contains("reported-stage-discordant"));
}

TEST(RouteNotes, NoLinesWhenNotCompared) {
  TumourFacts t = quiet_tumour();
  t.size.clear();  // TX: a stated T is not compared
  t.stated_t.push_back(stated("p", "T2"));
  t.stated_grade.push_back(stated("", "GX"));
  EXPECT_THAT(routed(kept(assessed(t))).notes, IsEmpty());
}

// --- The shipped table --------------------------------------------------------------------------

TEST(RouteTable, ShippedTableIsInPrecedenceOrderWithValidPriorities) {
  const auto& table = reason_table();
  ASSERT_EQ(table.rows.size(), 15u);
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    EXPECT_EQ(table.rows[i].rank, static_cast<int>(i)) << table.rows[i].code;
    EXPECT_GE(mappings::priority_rank(table.rows[i].priority), 0) << table.rows[i].code;
    EXPECT_FALSE(table.rows[i].display.empty()) << table.rows[i].code;
  }
  EXPECT_EQ(table.by_code("reported-stage-discordant")->priority, "asap");
  EXPECT_EQ(table.by_code("reported-grade-discordant")->priority, "asap");
  EXPECT_EQ(table.by_code("coded-narrative-conflict")->priority, "asap");
  for (const char* urgent : {"metastatic-disease", "nodal-disease", "reclassification-prone-histology", "unplanned-excision"})
    EXPECT_EQ(table.by_code(urgent)->priority, "urgent") << urgent;
}

// Runs after the tests above (same file, declaration order) and uses every assessment they built;
// builds its own when run alone.
TEST(RouteTable, EveryCodeRoutingProducesIsInTheShippedTableAndEveryRowIsReachable) {
  std::vector<Assessment> all = corpus();
  {
    // Make the check self-contained when filtered: a few assessments covering every reason.
    ReportFacts f = report_of({quiet_tumour()});
    TumourFacts& t = f.tumours[0];
    t.histology[0].value.entry_id = "undifferentiated-pleomorphic-sarcoma";
    t.distant_metastasis.clear();
    t.nodal_metastasis[0].value = true;
    t.stated_m.push_back(stated("", "M1"));
    t.stated_grade.push_back(stated("", "G1"));
    t.stated_stage_group.push_back(stated("", "IA"));
    t.size[0].value.value = d("5");
    f.circumstances.post_neoadjuvant.push_back(narrative(true, 1));
    f.circumstances.unplanned_excision.push_back(narrative(true, 1));
    f.conflicts.emplace_back();
    all.push_back(assessed(f));
    TumourFacts gx = quiet_tumour();
    gx.size.clear();
    gx.mitoses.clear();
    gx.distant_metastasis.clear();
    all.push_back(assessed(gx));
    all.push_back(assessed(report_of({}, Scope::bone_sarcoma)));
  }
  std::set<std::string> seen;
  for (const auto& a : all) {
    std::vector<std::string> raised = triggered_reasons(a, tables());
    Routing r = routed(a);
    ASSERT_EQ(r.reasons.size(), raised.size());
    int last_rank = -1;
    int best = -1;
    for (const auto& reason : r.reasons) {
      const auto* row = reason_table().by_code(reason.code);
      ASSERT_NE(row, nullptr) << "route() raised a code the shipped table lacks: " << reason.code;
      EXPECT_EQ(reason.display, row->display);
      EXPECT_GT(row->rank, last_rank) << reason.code << " out of table order";
      last_rank = row->rank;
      best = std::max(best, mappings::priority_rank(row->priority));
      seen.insert(reason.code);
    }
    if (!r.reasons.empty()) {
      static const char* const kNames[] = {"routine", "urgent", "asap", "stat"};
      EXPECT_EQ(r.priority, kNames[best]);
    }
  }
  for (const auto& row : reason_table().rows) {
    EXPECT_TRUE(seen.count(row.code)) << "no assessment raised " << row.code;
  }
}
