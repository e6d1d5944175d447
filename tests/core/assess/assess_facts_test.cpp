// assess(): choosing one fact per element from hand-built ReportFacts, then grade and stage with
// the shipped tables (mappings/). Expected grades and stages are worked out by hand from the seed
// 003 tables (FNCLCC scores and G definition; AJCC 8 T by size, N/M, prognostic stage groups),
// never read back from the code.
#include "adapter/core/assess/assess.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mappings/rules.hpp"

using namespace sarcoma;
using namespace sarcoma::core;
using fhir::Decimal;
using mappings::SiteGroup;
using GS = StageResult::GroupStatus;
using ::testing::ElementsAre;

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

Decimal d(const char* s) {
  return *Decimal::parse(s);
}

Source coded_src(const std::string& resource, const std::string& path = "Observation.value[x]") {
  Source s;
  s.resource = resource;
  s.path = path;
  return s;
}
Source narrative_src(int line, const std::string& path = "DiagnosticReport.presentedForm[0].data") {
  Source s;
  s.resource = "DiagnosticReport/dr-1";
  s.path = path;
  s.line = line;
  s.begin = 0;
  s.end = 4;
  s.text = "text";
  return s;
}

template <class T>
Fact<T> coded(T value, const std::string& resource, const std::string& path = "Observation.value[x]") {
  Fact<T> f;
  f.value = std::move(value);
  f.method = Method::coded;
  f.source = coded_src(resource, path);
  return f;
}
template <class T>
Fact<T> narrative(T value, int line) {
  Fact<T> f;
  f.value = std::move(value);
  f.method = Method::narrative;
  f.source = narrative_src(line);
  return f;
}

Histology histology(const std::string& entry_id, const std::string& text = "") {
  Histology h;
  h.entry_id = entry_id;
  h.text = text.empty() ? entry_id : text;
  return h;
}
Site site(const std::string& entry_id, const std::string& text = "") {
  Site s;
  s.entry_id = entry_id;
  s.text = text.empty() ? entry_id : text;
  return s;
}
Size size(const char* value, const char* unit = "cm") {
  Size s;
  s.value = d(value);
  s.unit = unit;
  return s;
}
MitoticRate per_10_hpf(const char* count) {
  MitoticRate m;
  m.count = d(count);
  m.per_unit = MitoticRate::Per::hpf;
  m.per_amount = Decimal::from_int(10);
  return m;
}
Necrosis necrosis(Necrosis::Extent e, std::optional<const char*> percent = std::nullopt) {
  Necrosis n;
  n.extent = e;
  if (percent) n.percent = d(*percent);
  return n;
}
StatedCategory stated(const std::string& prefix, const std::string& value) {
  StatedCategory c;
  c.prefix = prefix;
  c.value = value;
  return c;
}

// Leiomyosarcoma (differentiation 2) of the thigh, 8.2 cm, 12 mitoses/10 HPF (score 2), necrosis
// < 50% (score 1): total 5 -> G2 (seed 003 G definition: 4 or 5); T2 (>5 to <=10 cm) N0 M0 G2 ->
// stage IIIA (seed 003 stage groups).
TumourFacts thigh_leiomyosarcoma() {
  TumourFacts t;
  t.histology.push_back(coded(histology("leiomyosarcoma"), "Observation/histology"));
  t.site.push_back(coded(site("lower-limb"), "DiagnosticReport/dr-1", "DiagnosticReport.specimen.bodySite"));
  t.size.push_back(coded(size("8.2"), "Observation/size", "Observation.component[0].valueQuantity"));
  t.mitoses.push_back(coded(per_10_hpf("12"), "Observation/mitoses", "Observation.valueQuantity"));
  t.necrosis.push_back(coded(necrosis(Necrosis::Extent::less_than_50), "Observation/necrosis"));
  return t;
}

ReportFacts report_of(std::vector<TumourFacts> tumours, Scope scope = Scope::soft_tissue_sarcoma) {
  ReportFacts f;
  f.report_reference = "DiagnosticReport/dr-1";
  f.scope = scope;
  f.tumours = std::move(tumours);
  return f;
}

Assessment assess_one(const TumourFacts& t) {
  return assess(report_of({t}), rules());
}

// The single tumour of an assessment (fails the test when there is not exactly one).
const TumourAssessment& only(const Assessment& a) {
  EXPECT_EQ(a.tumours.size(), 1u);
  static const TumourAssessment empty;
  return a.tumours.empty() ? empty : a.tumours.front();
}

// By value: the assessment it comes from is a temporary.
TumourAssessment one_tumour(const TumourFacts& t) {
  Assessment a = assess_one(t);
  return only(a);
}

std::vector<std::string> resources(const std::vector<Source>& sources) {
  std::vector<std::string> out;
  for (const auto& s : sources) out.push_back(s.resource + "#" + s.path + (s.line ? "@" + std::to_string(s.line) : ""));
  return out;
}

}  // namespace

// --- Baseline --------------------------------------------------------------------------------

TEST(AssessFacts, BaselineThighLeiomyosarcomaIsG2T2N0M0StageIIIA) {
  Assessment a = assess_one(thigh_leiomyosarcoma());
  EXPECT_EQ(a.scope, Scope::soft_tissue_sarcoma);
  EXPECT_EQ(a.report_reference, "DiagnosticReport/dr-1");
  EXPECT_EQ(a.rules_version, rules().version());
  const auto& t = only(a);
  ASSERT_NE(t.histology_entry, nullptr);
  EXPECT_EQ(t.histology_entry->id, "leiomyosarcoma");
  ASSERT_NE(t.site_entry, nullptr);
  EXPECT_EQ(t.site_entry->id, "lower-limb");

  EXPECT_TRUE(t.grade.applicable);
  EXPECT_EQ(t.grade.differentiation.score, 2);
  EXPECT_FALSE(t.grade.differentiation.from_stated_score);
  EXPECT_EQ(t.grade.mitotic.score, 2);
  EXPECT_EQ(t.grade.mitotic.rule.row, "mitotic-score-2");
  EXPECT_EQ(t.grade.necrosis.score, 1);
  EXPECT_EQ(t.grade.necrosis.rule.row, "necrosis-score-1");
  EXPECT_EQ(t.grade.total, 5);
  EXPECT_EQ(t.grade.grade, "G2");
  EXPECT_EQ(t.grade.rule.row, "grade-G2");
  EXPECT_TRUE(t.grade.missing.empty());
  ASSERT_TRUE(t.grade.mitoses_per_10_hpf.has_value());
  EXPECT_EQ(*t.grade.mitoses_per_10_hpf, d("12"));
  EXPECT_FALSE(t.grade.necrosis_percent.has_value());

  EXPECT_TRUE(t.stage.applicable);
  EXPECT_EQ(t.stage.site_group, SiteGroup::trunk_extremity);
  ASSERT_TRUE(t.stage.size_cm.has_value());
  EXPECT_EQ(*t.stage.size_cm, d("8.2"));
  EXPECT_EQ(t.stage.t.label(), "T2");
  EXPECT_EQ(t.stage.t.rule.row, "t-trunk-T2");
  EXPECT_EQ(t.stage.n.label(), "N0");
  EXPECT_TRUE(t.stage.n.assumed);
  EXPECT_EQ(t.stage.m.label(), "M0");
  EXPECT_TRUE(t.stage.m.assumed);
  EXPECT_EQ(t.stage.group_status, GS::assigned);
  EXPECT_EQ(t.stage.group, "IIIA");
  EXPECT_EQ(t.stage.group_rule.row, "stage-IIIA");
}

// --- Coded before narrative --------------------------------------------------------------------

TEST(AssessFacts, CodedSizePreferredOverNarrativeWhateverTheOrder) {
  TumourFacts t = thigh_leiomyosarcoma();
  // Narrative 12 cm (would be T3 -> IIIB) listed before the coded 8.2 cm (T2 -> IIIA).
  t.size.insert(t.size.begin(), narrative(size("12"), 4));
  const TumourAssessment a = one_tumour(t);
  EXPECT_EQ(*a.stage.size_cm, d("8.2"));
  EXPECT_EQ(a.stage.t.value, "T2");
  EXPECT_EQ(a.stage.group, "IIIA");
  EXPECT_THAT(resources(a.stage.t.sources),
              ElementsAre("DiagnosticReport/dr-1#DiagnosticReport.specimen.bodySite",
                          "Observation/size#Observation.component[0].valueQuantity"));
}

TEST(AssessFacts, NarrativeSizeUsedWhenNoCodedSize) {
  TumourFacts t = thigh_leiomyosarcoma();
  t.size.clear();
  t.size.push_back(narrative(size("120", "mm"), 4));  // 12 cm: T3 (>10 to <=15); G2 -> IIIB
  const TumourAssessment a = one_tumour(t);
  EXPECT_EQ(*a.stage.size_cm, d("12"));
  EXPECT_EQ(a.stage.t.value, "T3");
  EXPECT_EQ(a.stage.group, "IIIB");
}

TEST(AssessFacts, CodedMitosesPreferredOverNarrative) {
  TumourFacts t = thigh_leiomyosarcoma();
  t.mitoses.clear();
  t.mitoses.push_back(narrative(per_10_hpf("25"), 5));                   // score 3: 2+3+1 = 6 -> G3
  t.mitoses.push_back(coded(per_10_hpf("5"), "Observation/mitoses"));  // score 1: 2+1+1 = 4 -> G2
  const TumourAssessment a = one_tumour(t);
  EXPECT_EQ(a.grade.mitotic.score, 1);
  EXPECT_EQ(*a.grade.mitoses_per_10_hpf, d("5"));
  EXPECT_EQ(a.grade.total, 4);
  EXPECT_EQ(a.grade.grade, "G2");
  EXPECT_THAT(resources(a.grade.mitotic.sources), ElementsAre("Observation/mitoses#Observation.value[x]"));
}

TEST(AssessFacts, CodedNecrosisPreferredOverNarrative) {
  TumourFacts t = thigh_leiomyosarcoma();
  t.necrosis.clear();
  t.necrosis.push_back(narrative(necrosis(Necrosis::Extent::at_least_50, "60"), 6));  // score 2 -> 6 -> G3
  t.necrosis.push_back(coded(necrosis(Necrosis::Extent::absent), "Observation/necrosis"));  // 0 -> 4 -> G2
  const TumourAssessment a = one_tumour(t);
  EXPECT_EQ(a.grade.necrosis.score, 0);
  EXPECT_EQ(a.grade.necrosis.rule.row, "necrosis-score-0");
  EXPECT_FALSE(a.grade.necrosis_percent.has_value());  // the narrative 60% was not the fact used
  EXPECT_EQ(a.grade.total, 4);
  EXPECT_EQ(a.grade.grade, "G2");
  EXPECT_THAT(resources(a.grade.necrosis.sources), ElementsAre("Observation/necrosis#Observation.value[x]"));
}

TEST(AssessFacts, CodedHistologyPreferredOverNarrative) {
  TumourFacts t = thigh_leiomyosarcoma();
  t.histology.clear();
  // Narrative ALT/WDLPS (differentiation 1: 1+2+1 = 4 -> G2) before coded UPS (3: 3+2+1 = 6 -> G3).
  t.histology.push_back(narrative(histology("atypical-lipomatous-tumor"), 2));
  t.histology.push_back(coded(histology("undifferentiated-pleomorphic-sarcoma"), "Observation/histology"));
  const TumourAssessment a = one_tumour(t);
  ASSERT_NE(a.histology_entry, nullptr);
  EXPECT_EQ(a.histology_entry->id, "undifferentiated-pleomorphic-sarcoma");
  ASSERT_TRUE(a.histology.has_value());
  EXPECT_EQ(a.histology->method, Method::coded);
  EXPECT_EQ(a.grade.differentiation.score, 3);
  EXPECT_EQ(a.grade.total, 6);
  EXPECT_EQ(a.grade.grade, "G3");
  EXPECT_THAT(resources(a.grade.differentiation.sources), ElementsAre("Observation/histology#Observation.value[x]"));
}

TEST(AssessFacts, RecognisedHistologyPreferredOverUnrecognisedCodedOne) {
  TumourFacts t = thigh_leiomyosarcoma();
  t.histology.clear();
  Histology unknown = histology("", "spindle cell neoplasm, see comment");
  unknown.codings.push_back(Coding{"http://example.org/local-morphology", "X-1", "Local"});
  t.histology.push_back(coded(unknown, "Observation/histology"));
  t.histology.push_back(narrative(histology("myxoid-liposarcoma"), 2));  // differentiation 2
  const TumourAssessment a = one_tumour(t);
  ASSERT_NE(a.histology_entry, nullptr);
  EXPECT_EQ(a.histology_entry->id, "myxoid-liposarcoma");
  ASSERT_TRUE(a.histology.has_value());
  EXPECT_EQ(a.histology->method, Method::narrative);
  EXPECT_EQ(a.grade.differentiation.score, 2);
  EXPECT_EQ(a.grade.grade, "G2");  // 2+2+1
}

TEST(AssessFacts, RecognisedHistologyPreferredAmongNarrativeMentions) {
  TumourFacts t = thigh_leiomyosarcoma();
  t.histology.clear();
  t.histology.push_back(narrative(histology("", "sarcoma of uncertain type"), 1));
  t.histology.push_back(narrative(histology("synovial-sarcoma"), 3));  // differentiation 3: 3+2+1 = 6 -> G3
  const TumourAssessment a = one_tumour(t);
  ASSERT_NE(a.histology_entry, nullptr);
  EXPECT_EQ(a.histology_entry->id, "synovial-sarcoma");
  EXPECT_EQ(a.grade.grade, "G3");
}

TEST(AssessFacts, UnrecognisedHistologyOnlyIsKeptGradedWithoutDifferentiation) {
  TumourFacts t = thigh_leiomyosarcoma();
  t.histology.clear();
  t.histology.push_back(coded(histology("", "unlisted"), "Observation/histology"));
  const TumourAssessment a = one_tumour(t);
  EXPECT_EQ(a.histology_entry, nullptr);
  ASSERT_TRUE(a.histology.has_value());
  EXPECT_TRUE(a.grade.applicable);
  EXPECT_FALSE(a.grade.differentiation.score.has_value());
  EXPECT_THAT(a.grade.missing, ElementsAre("differentiation"));
  EXPECT_EQ(a.grade.grade, "GX");
  EXPECT_FALSE(a.grade.total.has_value());
  // T2 N0 M0 GX -> IB (seed 003: IB T2,T3,T4 N0 M0 GX,G1).
  EXPECT_EQ(a.stage.group, "IB");
}

TEST(AssessFacts, RecognisedSitePreferredOverUnrecognised) {
  TumourFacts t = thigh_leiomyosarcoma();
  t.site.clear();
  t.site.push_back(coded(site("", "left side"), "DiagnosticReport/dr-1", "DiagnosticReport.specimen.bodySite"));
  t.site.push_back(narrative(site("retroperitoneum"), 1));
  const TumourAssessment a = one_tumour(t);
  ASSERT_NE(a.site_entry, nullptr);
  EXPECT_EQ(a.site_entry->id, "retroperitoneum");
  EXPECT_EQ(a.stage.site_group, SiteGroup::retroperitoneum);
  EXPECT_EQ(a.stage.t.rule.row, "t-retro-T2");
  EXPECT_EQ(a.stage.group, "IIIA");
}

// --- Differentiation: table, then stated -------------------------------------------------------

TEST(AssessFacts, HistologyTableScoreWinsOverStatedDifferentiation) {
  TumourFacts t = thigh_leiomyosarcoma();
  t.stated_differentiation_score.push_back(narrative(3, 7));  // the table says 2 for leiomyosarcoma
  const TumourAssessment a = one_tumour(t);
  EXPECT_EQ(a.grade.differentiation.score, 2);
  EXPECT_FALSE(a.grade.differentiation.from_stated_score);
  EXPECT_EQ(a.grade.grade, "G2");
  EXPECT_THAT(resources(a.grade.differentiation.sources), ElementsAre("Observation/histology#Observation.value[x]"));
  ASSERT_EQ(a.grade.assumptions.size(), 1u);
  EXPECT_EQ(a.grade.assumptions[0].code, "differentiation-from-table");
}

TEST(AssessFacts, MatchingStatedDifferentiationAddsNoAssumption) {
  TumourFacts t = thigh_leiomyosarcoma();
  t.stated_differentiation_score.push_back(narrative(2, 7));
  const TumourAssessment a = one_tumour(t);
  EXPECT_EQ(a.grade.differentiation.score, 2);
  EXPECT_FALSE(a.grade.differentiation.from_stated_score);
  EXPECT_TRUE(a.grade.assumptions.empty());
}

TEST(AssessFacts, StatedDifferentiationUsedWhenTheHistologyHasNoTableScore) {
  // An ICD-O-3 soft-tissue sarcoma code outside the differentiation table falls in the range row
  // (gradable, no score).
  const auto* range = rules().histology_by_id("range-soft-tissue-sarcoma");
  ASSERT_NE(range, nullptr);
  ASSERT_TRUE(range->fnclcc_gradable);
  ASSERT_FALSE(range->differentiation_score.has_value());

  TumourFacts t = thigh_leiomyosarcoma();
  t.histology.clear();
  t.histology.push_back(coded(histology("range-soft-tissue-sarcoma"), "Observation/histology"));
  t.stated_differentiation_score.push_back(coded(3, "Observation/diff-score"));
  const TumourAssessment a = one_tumour(t);
  EXPECT_EQ(a.grade.differentiation.score, 3);
  EXPECT_TRUE(a.grade.differentiation.from_stated_score);
  EXPECT_THAT(resources(a.grade.differentiation.sources), ElementsAre("Observation/diff-score#Observation.value[x]"));
  EXPECT_EQ(a.grade.total, 6);  // 3+2+1
  EXPECT_EQ(a.grade.grade, "G3");

  // Without the stated score: differentiation missing, GX.
  t.stated_differentiation_score.clear();
  const TumourAssessment b = one_tumour(t);
  EXPECT_THAT(b.grade.missing, ElementsAre("differentiation"));
  EXPECT_EQ(b.grade.grade, "GX");
}

TEST(AssessFacts, StatedDifferentiationUsedWhenHistologyUnrecognised) {
  TumourFacts t = thigh_leiomyosarcoma();
  t.histology.clear();
  t.histology.push_back(narrative(histology("", "odd sarcoma"), 2));
  t.stated_differentiation_score.push_back(narrative(1, 8));
  const TumourAssessment a = one_tumour(t);
  EXPECT_EQ(a.grade.differentiation.score, 1);
  EXPECT_TRUE(a.grade.differentiation.from_stated_score);
  EXPECT_EQ(a.grade.total, 4);  // 1+2+1
  EXPECT_EQ(a.grade.grade, "G2");
}

// --- Stated component scores only when the measurement is missing ------------------------------

TEST(AssessFacts, StatedMitoticScoreIgnoredWhenCountPresent) {
  TumourFacts t = thigh_leiomyosarcoma();
  t.stated_mitotic_score.push_back(narrative(3, 9));  // count 12 scores 2
  const TumourAssessment a = one_tumour(t);
  EXPECT_EQ(a.grade.mitotic.score, 2);
  EXPECT_FALSE(a.grade.mitotic.from_stated_score);
  EXPECT_THAT(resources(a.grade.mitotic.sources), ElementsAre("Observation/mitoses#Observation.valueQuantity"));
  EXPECT_EQ(a.grade.grade, "G2");
}

TEST(AssessFacts, StatedMitoticScoreUsedWhenCountMissing) {
  TumourFacts t = thigh_leiomyosarcoma();
  t.mitoses.clear();
  t.stated_mitotic_score.push_back(narrative(3, 9));
  const TumourAssessment a = one_tumour(t);
  EXPECT_EQ(a.grade.mitotic.score, 3);
  EXPECT_TRUE(a.grade.mitotic.from_stated_score);
  EXPECT_EQ(a.grade.mitotic.rule.row, "mitotic-score-3");
  EXPECT_FALSE(a.grade.mitoses_per_10_hpf.has_value());
  EXPECT_THAT(resources(a.grade.mitotic.sources),
              ElementsAre("DiagnosticReport/dr-1#DiagnosticReport.presentedForm[0].data@9"));
  EXPECT_EQ(a.grade.total, 6);  // 2+3+1
  EXPECT_EQ(a.grade.grade, "G3");
}

TEST(AssessFacts, MitosesMissingAndNotStatedIsGX) {
  TumourFacts t = thigh_leiomyosarcoma();
  t.mitoses.clear();
  const TumourAssessment a = one_tumour(t);
  EXPECT_THAT(a.grade.missing, ElementsAre("mitotic"));
  EXPECT_EQ(a.grade.grade, "GX");
  EXPECT_TRUE(a.grade.mitotic.sources.empty());
}

TEST(AssessFacts, StatedNecrosisScoreIgnoredWhenExtentPresent) {
  TumourFacts t = thigh_leiomyosarcoma();
  t.stated_necrosis_score.push_back(narrative(2, 10));  // extent < 50% scores 1
  const TumourAssessment a = one_tumour(t);
  EXPECT_EQ(a.grade.necrosis.score, 1);
  EXPECT_FALSE(a.grade.necrosis.from_stated_score);
  EXPECT_EQ(a.grade.grade, "G2");
}

TEST(AssessFacts, StatedNecrosisScoreUsedWhenNecrosisMissing) {
  TumourFacts t = thigh_leiomyosarcoma();
  t.necrosis.clear();
  t.stated_necrosis_score.push_back(narrative(2, 10));
  const TumourAssessment a = one_tumour(t);
  EXPECT_EQ(a.grade.necrosis.score, 2);
  EXPECT_TRUE(a.grade.necrosis.from_stated_score);
  EXPECT_EQ(a.grade.necrosis.rule.row, "necrosis-score-2");
  EXPECT_THAT(resources(a.grade.necrosis.sources),
              ElementsAre("DiagnosticReport/dr-1#DiagnosticReport.presentedForm[0].data@10"));
  EXPECT_EQ(a.grade.total, 6);  // 2+2+2
  EXPECT_EQ(a.grade.grade, "G3");
}

TEST(AssessFacts, StatedNecrosisScoreUsedWhenExtentUnknown) {
  TumourFacts t = thigh_leiomyosarcoma();
  t.necrosis.clear();
  t.necrosis.push_back(narrative(necrosis(Necrosis::Extent::present_extent_unknown), 6));
  t.stated_necrosis_score.push_back(narrative(1, 10));
  const TumourAssessment a = one_tumour(t);
  EXPECT_EQ(a.grade.necrosis.score, 1);
  EXPECT_TRUE(a.grade.necrosis.from_stated_score);
  EXPECT_EQ(a.grade.grade, "G2");  // 2+2+1
}

TEST(AssessFacts, NecrosisPresentWithoutExtentAndNoStatedScoreIsGX) {
  TumourFacts t = thigh_leiomyosarcoma();
  t.necrosis.clear();
  t.necrosis.push_back(narrative(necrosis(Necrosis::Extent::present_extent_unknown), 6));
  const TumourAssessment a = one_tumour(t);
  EXPECT_TRUE(a.grade.applicable);
  EXPECT_EQ(a.grade.grade, "GX");
  EXPECT_EQ(a.grade.rule.row, "grade-GX");
  EXPECT_THAT(a.grade.missing, ElementsAre("necrosis"));
  EXPECT_FALSE(a.grade.necrosis.score.has_value());
  EXPECT_FALSE(a.grade.total.has_value());
  EXPECT_TRUE(a.grade.necrosis.sources.empty());
  // The other components are still scored and cited.
  EXPECT_EQ(a.grade.differentiation.score, 2);
  EXPECT_EQ(a.grade.mitotic.score, 2);
  // T2 N0 M0 GX -> IB.
  EXPECT_EQ(a.stage.group, "IB");
}

TEST(AssessFacts, NecrosisPercentDecidesTheScoreAndIsKept) {
  TumourFacts t = thigh_leiomyosarcoma();
  t.necrosis.clear();
  t.necrosis.push_back(coded(necrosis(Necrosis::Extent::at_least_50, "50"), "Observation/necrosis"));
  const TumourAssessment a = one_tumour(t);
  EXPECT_EQ(a.grade.necrosis.score, 2);  // >= 50% -> 2
  ASSERT_TRUE(a.grade.necrosis_percent.has_value());
  EXPECT_EQ(*a.grade.necrosis_percent, d("50"));
  EXPECT_EQ(a.grade.grade, "G3");  // 2+2+2
}

// --- Applicability -----------------------------------------------------------------------------

TEST(AssessFacts, AngiosarcomaIsNotFnclccGradedButStaged) {
  TumourFacts t = thigh_leiomyosarcoma();
  t.histology.clear();
  t.histology.push_back(coded(histology("angiosarcoma"), "Observation/histology"));
  t.stated_grade.push_back(narrative(stated("", "G3"), 11));
  const TumourAssessment a = one_tumour(t);
  EXPECT_FALSE(a.grade.applicable);
  EXPECT_EQ(a.grade.grade, "GX");
  EXPECT_EQ(a.grade.rule.row, "grade-not-applicable");
  EXPECT_FALSE(a.grade.total.has_value());
  EXPECT_TRUE(a.grade.mitotic.sources.empty());
  ASSERT_TRUE(a.grade.stated.has_value());  // what the report says is still kept
  EXPECT_EQ(a.grade.stated->value.value, "G3");
  // Staged, with the grade counted as GX: T2 N0 M0 GX -> IB.
  EXPECT_TRUE(a.stage.applicable);
  EXPECT_EQ(a.stage.t.value, "T2");
  EXPECT_EQ(a.stage.group, "IB");
}

TEST(AssessFacts, GistIsNotStagedByTheSoftTissueChapters) {
  TumourFacts t = thigh_leiomyosarcoma();
  t.histology.clear();
  t.histology.push_back(coded(histology("gist"), "Observation/histology"));
  t.site.clear();
  t.site.push_back(coded(site("digestive-organs"), "DiagnosticReport/dr-1", "DiagnosticReport.specimen.bodySite"));
  t.stated_t.push_back(narrative(stated("p", "T3"), 12));
  const TumourAssessment a = one_tumour(t);
  EXPECT_FALSE(a.stage.applicable);
  EXPECT_EQ(a.stage.group_status, GS::not_applicable);
  EXPECT_FALSE(a.stage.group.has_value());
  EXPECT_TRUE(a.stage.t.sources.empty());
  EXPECT_TRUE(a.stage.assumptions.empty());
  ASSERT_TRUE(a.stage.stated_t.has_value());
  EXPECT_EQ(a.stage.stated_t->value.value, "T3");
  EXPECT_FALSE(a.grade.applicable);  // GIST is not FNCLCC-graded either
}

TEST(AssessFacts, UterineSiteIsNotStagedButStillGraded) {
  TumourFacts t = thigh_leiomyosarcoma();
  t.site.clear();
  t.site.push_back(coded(site("uterus"), "DiagnosticReport/dr-1", "DiagnosticReport.specimen.bodySite"));
  const TumourAssessment a = one_tumour(t);
  EXPECT_FALSE(a.stage.applicable);
  EXPECT_EQ(a.stage.site_group, SiteGroup::not_staged);
  EXPECT_EQ(a.stage.group_status, GS::not_applicable);
  EXPECT_FALSE(a.stage.group.has_value());
  EXPECT_TRUE(a.grade.applicable);
  EXPECT_EQ(a.grade.grade, "G2");
}

TEST(AssessFacts, SiteUnknownGivesTXAndSiteUnknownStatus) {
  TumourFacts t = thigh_leiomyosarcoma();
  t.site.clear();
  const TumourAssessment a = one_tumour(t);
  EXPECT_TRUE(a.stage.applicable);
  EXPECT_FALSE(a.stage.site_group.has_value());
  EXPECT_EQ(a.stage.t.value, "TX");
  EXPECT_EQ(a.stage.group_status, GS::site_unknown);
  EXPECT_FALSE(a.stage.group.has_value());
}

TEST(AssessFacts, HeadNeckAndVisceralHaveNoStageGroup) {
  TumourFacts hn = thigh_leiomyosarcoma();
  hn.site.clear();
  hn.site.push_back(coded(site("head-neck-soft-tissue"), "DiagnosticReport/dr-1", "DiagnosticReport.specimen.bodySite"));
  hn.size.clear();
  hn.size.push_back(coded(size("3"), "Observation/size"));  // head and neck: >2 to <=4 cm -> T2
  const TumourAssessment a = one_tumour(hn);
  EXPECT_EQ(a.stage.site_group, SiteGroup::head_neck);
  EXPECT_EQ(a.stage.t.value, "T2");
  EXPECT_EQ(a.stage.group_status, GS::not_defined_for_site);
  EXPECT_FALSE(a.stage.group.has_value());

  TumourFacts v = thigh_leiomyosarcoma();
  v.site.clear();
  v.site.push_back(coded(site("digestive-organs"), "DiagnosticReport/dr-1", "DiagnosticReport.specimen.bodySite"));
  Finding serosa;
  serosa.key = "serosa";
  v.extent_findings.push_back(narrative(serosa, 13));  // visceral: invades serosa -> T2a
  const TumourAssessment b = one_tumour(v);
  EXPECT_EQ(b.stage.site_group, SiteGroup::visceral);
  EXPECT_EQ(b.stage.t.value, "T2a");
  EXPECT_EQ(b.stage.group_status, GS::not_defined_for_site);
  EXPECT_THAT(resources(b.stage.t.sources), ::testing::Contains("DiagnosticReport/dr-1#DiagnosticReport.presentedForm[0].data@13"));
}

// --- N and M ------------------------------------------------------------------------------------

TEST(AssessFacts, NodalFindingWinsOverStatedN) {
  TumourFacts t = thigh_leiomyosarcoma();
  t.nodal_metastasis.push_back(coded(true, "Observation/nodes"));
  t.stated_n.push_back(narrative(stated("p", "N0"), 14));
  const TumourAssessment a = one_tumour(t);
  EXPECT_EQ(a.stage.n.value, "N1");
  EXPECT_FALSE(a.stage.n.assumed);
  EXPECT_EQ(a.stage.n.rule.row, "n-N1");
  EXPECT_THAT(resources(a.stage.n.sources), ElementsAre("Observation/nodes#Observation.value[x]"));
  // Trunk/extremity any T N1 M0 -> IV (seed 003 footnote b).
  EXPECT_EQ(a.stage.group, "IV");
  EXPECT_EQ(a.stage.group_rule.row, "stage-IV-N1-trunk");
  ASSERT_TRUE(a.stage.stated_n.has_value());
  EXPECT_EQ(a.stage.stated_n->value.value, "N0");  // kept apart, not used

  // A negative finding also wins over a stated N1.
  TumourFacts u = thigh_leiomyosarcoma();
  u.nodal_metastasis.push_back(narrative(false, 14));
  u.stated_n.push_back(coded(stated("p", "N1"), "Observation/pn"));
  const TumourAssessment b = one_tumour(u);
  EXPECT_EQ(b.stage.n.value, "N0");
  EXPECT_FALSE(b.stage.n.assumed);
  EXPECT_EQ(b.stage.n.rule.row, "n-N0");
  EXPECT_EQ(b.stage.group, "IIIA");
}

TEST(AssessFacts, StatedN1UsedWhenNoNodalFinding) {
  TumourFacts t = thigh_leiomyosarcoma();
  t.site.clear();
  t.site.push_back(coded(site("retroperitoneum"), "DiagnosticReport/dr-1", "DiagnosticReport.specimen.bodySite"));
  t.stated_n.push_back(coded(stated("p", "N1"), "Observation/pn"));
  const TumourAssessment a = one_tumour(t);
  EXPECT_EQ(a.stage.n.value, "N1");
  EXPECT_FALSE(a.stage.n.assumed);
  EXPECT_THAT(resources(a.stage.n.sources), ElementsAre("Observation/pn#Observation.value[x]"));
  // Retroperitoneum any T N1 M0 -> IIIB (seed 003 footnote b).
  EXPECT_EQ(a.stage.group, "IIIB");
  for (const auto& as : a.stage.assumptions) EXPECT_NE(as.code, "n0-assumed");
}

TEST(AssessFacts, SilenceOnNodesAssumesN0) {
  const TumourAssessment a = one_tumour(thigh_leiomyosarcoma());
  EXPECT_EQ(a.stage.n.value, "N0");
  EXPECT_TRUE(a.stage.n.assumed);
  EXPECT_EQ(a.stage.n.rule.row, "n-N0-unknown");
  EXPECT_TRUE(a.stage.n.sources.empty());
  bool found = false;
  for (const auto& as : a.stage.assumptions) found = found || as.code == "n0-assumed";
  EXPECT_TRUE(found);
}

TEST(AssessFacts, DistantFindingWinsOverStatedM) {
  TumourFacts t = thigh_leiomyosarcoma();
  t.distant_metastasis.push_back(narrative(true, 15));
  t.stated_m.push_back(coded(stated("c", "M0"), "Observation/cm"));
  const TumourAssessment a = one_tumour(t);
  EXPECT_EQ(a.stage.m.value, "M1");
  EXPECT_FALSE(a.stage.m.assumed);
  EXPECT_EQ(a.stage.m.rule.row, "m-M1");
  EXPECT_THAT(resources(a.stage.m.sources),
              ElementsAre("DiagnosticReport/dr-1#DiagnosticReport.presentedForm[0].data@15"));
  EXPECT_EQ(a.stage.group, "IV");
  EXPECT_EQ(a.stage.group_rule.row, "stage-IV-M1");

  TumourFacts u = thigh_leiomyosarcoma();
  u.distant_metastasis.push_back(coded(false, "Observation/distant"));
  u.stated_m.push_back(narrative(stated("p", "M1"), 15));
  const TumourAssessment b = one_tumour(u);
  EXPECT_EQ(b.stage.m.value, "M0");
  EXPECT_FALSE(b.stage.m.assumed);
  EXPECT_EQ(b.stage.m.rule.row, "m-M0");
}

TEST(AssessFacts, StatedM1UsedWhenNoDistantFinding) {
  TumourFacts t = thigh_leiomyosarcoma();
  t.stated_m.push_back(narrative(stated("p", "M1"), 15));
  const TumourAssessment a = one_tumour(t);
  EXPECT_EQ(a.stage.m.value, "M1");
  EXPECT_FALSE(a.stage.m.assumed);
  EXPECT_EQ(a.stage.group, "IV");
  EXPECT_EQ(a.stage.m.sources.size(), 1u);
}

TEST(AssessFacts, StatedM0UsedWhenNoDistantFindingIsNotAssumed) {
  TumourFacts t = thigh_leiomyosarcoma();
  t.stated_m.push_back(narrative(stated("c", "M0"), 15));
  const TumourAssessment a = one_tumour(t);
  EXPECT_EQ(a.stage.m.value, "M0");
  EXPECT_FALSE(a.stage.m.assumed);
}

TEST(AssessFacts, SilenceOnDistantSpreadAssumesM0) {
  const TumourAssessment a = one_tumour(thigh_leiomyosarcoma());
  EXPECT_EQ(a.stage.m.value, "M0");
  EXPECT_TRUE(a.stage.m.assumed);
  EXPECT_EQ(a.stage.m.rule.row, "m-M0-assumed");
  EXPECT_TRUE(a.stage.m.sources.empty());
  bool found = false;
  for (const auto& as : a.stage.assumptions) found = found || as.code == "m0-assumed";
  EXPECT_TRUE(found);
}

// --- Circumstances: prefixes ------------------------------------------------------------------

TEST(AssessFacts, PostNeoadjuvantGivesYPrefix) {
  ReportFacts f = report_of({thigh_leiomyosarcoma()});
  f.circumstances.post_neoadjuvant.push_back(narrative(true, 1));
  Assessment a = assess(f, rules());
  EXPECT_TRUE(a.post_neoadjuvant);
  EXPECT_FALSE(a.recurrence);
  const auto& t = only(a);
  EXPECT_EQ(t.stage.t.label(), "yT2");
  EXPECT_EQ(t.stage.n.label(), "yN0");
  EXPECT_EQ(t.stage.m.label(), "yM0");
  EXPECT_EQ(t.stage.group, "IIIA");  // the group itself carries no prefix
}

TEST(AssessFacts, RecurrenceGivesRPrefix) {
  ReportFacts f = report_of({thigh_leiomyosarcoma()});
  f.circumstances.recurrence.push_back(coded(true, "Observation/recurrence"));
  Assessment a = assess(f, rules());
  EXPECT_TRUE(a.recurrence);
  EXPECT_FALSE(a.post_neoadjuvant);
  const auto& t = only(a);
  EXPECT_EQ(t.stage.t.label(), "rT2");
  EXPECT_EQ(t.stage.n.prefix, "r");
  EXPECT_EQ(t.stage.m.prefix, "r");
}

TEST(AssessFacts, NegatedCircumstancesGiveNoPrefix) {
  ReportFacts f = report_of({thigh_leiomyosarcoma()});
  f.circumstances.post_neoadjuvant.push_back(narrative(false, 1));
  f.circumstances.recurrence.push_back(narrative(false, 1));
  f.circumstances.unplanned_excision.push_back(narrative(false, 1));
  Assessment a = assess(f, rules());
  EXPECT_FALSE(a.post_neoadjuvant);
  EXPECT_FALSE(a.recurrence);
  EXPECT_FALSE(a.unplanned_excision);
  EXPECT_EQ(only(a).stage.t.label(), "T2");
}

TEST(AssessFacts, UnplannedExcisionAndConflictsCarried) {
  ReportFacts f = report_of({thigh_leiomyosarcoma()});
  f.circumstances.unplanned_excision.push_back(narrative(true, 1));
  Conflict c;
  c.element = "size";
  c.sources = {coded_src("Observation/size"), narrative_src(4)};
  c.summary = "coded vs narrative size differ";
  f.conflicts.push_back(c);
  Assessment a = assess(f, rules());
  EXPECT_TRUE(a.unplanned_excision);
  ASSERT_EQ(a.conflicts.size(), 1u);
  EXPECT_EQ(a.conflicts[0].element, "size");
  EXPECT_EQ(a.conflicts[0].sources.size(), 2u);
}

// --- Site-dependent histology rows ----------------------------------------------------------------

TEST(AssessFacts, EwingSarcomaAtABoneSiteIsABoneSarcoma) {
  const auto* ewing = rules().histology_by_id("ewing-sarcoma");
  ASSERT_NE(ewing, nullptr);
  ASSERT_EQ(ewing->at_bone_site, "ewing-sarcoma-of-bone");
  ASSERT_NE(rules().site_by_id("bone"), nullptr);
  ASSERT_TRUE(rules().site_by_id("bone")->bone);

  TumourFacts t = thigh_leiomyosarcoma();
  t.histology.clear();
  t.histology.push_back(coded(histology("ewing-sarcoma"), "Observation/histology"));
  t.site.clear();
  t.site.push_back(coded(site("bone"), "DiagnosticReport/dr-1", "DiagnosticReport.specimen.bodySite"));
  Assessment a = assess_one(t);
  EXPECT_TRUE(a.tumours.empty());
  EXPECT_EQ(a.scope, Scope::bone_sarcoma);
}

TEST(AssessFacts, EwingSarcomaAtASoftTissueSiteStaysSoftTissue) {
  TumourFacts t = thigh_leiomyosarcoma();
  t.histology.clear();
  t.histology.push_back(coded(histology("ewing-sarcoma"), "Observation/histology"));
  Assessment a = assess_one(t);
  EXPECT_EQ(a.scope, Scope::soft_tissue_sarcoma);
  const auto& e = only(a);
  ASSERT_NE(e.histology_entry, nullptr);
  EXPECT_EQ(e.histology_entry->id, "ewing-sarcoma");
  EXPECT_EQ(e.grade.differentiation.score, 3);
  EXPECT_EQ(e.grade.grade, "G3");  // 3+2+1
  EXPECT_EQ(e.stage.group, "IIIA");
}

TEST(AssessFacts, OsteosarcomaAtASoftTissueSiteIsExtraskeletal) {
  const auto* osteo = rules().histology_by_id("osteosarcoma");
  ASSERT_NE(osteo, nullptr);
  ASSERT_EQ(osteo->at_soft_tissue_site, "extraskeletal-osteosarcoma");

  TumourFacts t = thigh_leiomyosarcoma();
  t.histology.clear();
  t.histology.push_back(coded(histology("osteosarcoma"), "Observation/histology"));
  Assessment a = assess_one(t);
  EXPECT_EQ(a.scope, Scope::soft_tissue_sarcoma);
  const auto& e = only(a);
  ASSERT_NE(e.histology_entry, nullptr);
  EXPECT_EQ(e.histology_entry->id, "extraskeletal-osteosarcoma");
  EXPECT_TRUE(e.grade.applicable);
  EXPECT_EQ(e.grade.differentiation.score, 3);  // seed 003: extraskeletal osteosarcoma 3
  EXPECT_EQ(e.grade.grade, "G3");
  EXPECT_TRUE(e.stage.applicable);
  EXPECT_EQ(e.stage.group, "IIIA");  // T2 N0 M0 G3

  // At a bone it stays osteosarcoma of bone: dropped, bone scope.
  t.site.clear();
  t.site.push_back(coded(site("bone"), "DiagnosticReport/dr-1", "DiagnosticReport.specimen.bodySite"));
  Assessment b = assess_one(t);
  EXPECT_TRUE(b.tumours.empty());
  EXPECT_EQ(b.scope, Scope::bone_sarcoma);
}

// --- Scope and several tumours -------------------------------------------------------------------

TEST(AssessFacts, NonSarcomaScopeHasNoTumours) {
  for (Scope s : {Scope::not_sarcoma, Scope::undetermined, Scope::bone_sarcoma}) {
    ReportFacts f = report_of({thigh_leiomyosarcoma()}, s);
    f.circumstances.post_neoadjuvant.push_back(narrative(true, 1));
    Assessment a = assess(f, rules());
    EXPECT_EQ(a.scope, s) << to_string(s);
    EXPECT_TRUE(a.tumours.empty()) << to_string(s);
    EXPECT_EQ(a.report_reference, "DiagnosticReport/dr-1");
    EXPECT_EQ(a.rules_version, rules().version());
  }
}

TEST(AssessFacts, SecondTumourThatIsALipomaIsDropped) {
  TumourFacts a_part = thigh_leiomyosarcoma();
  a_part.label = "A";
  TumourFacts b_part;
  b_part.label = "B";
  b_part.histology.push_back(narrative(histology("lipoma"), 20));
  b_part.site.push_back(narrative(site("trunk"), 20));
  b_part.size.push_back(narrative(size("3"), 21));
  Assessment a = assess(report_of({a_part, b_part}), rules());
  EXPECT_EQ(a.scope, Scope::soft_tissue_sarcoma);
  ASSERT_EQ(a.tumours.size(), 1u);
  EXPECT_EQ(a.tumours[0].label, "A");
  EXPECT_EQ(a.tumours[0].grade.grade, "G2");
  EXPECT_EQ(a.tumours[0].stage.group, "IIIA");
}

TEST(AssessFacts, TwoSarcomasAreAssessedSeparately) {
  TumourFacts a_part = thigh_leiomyosarcoma();
  a_part.label = "A";
  TumourFacts b_part = thigh_leiomyosarcoma();
  b_part.label = "B";
  b_part.size.clear();
  b_part.size.push_back(coded(size("16"), "Observation/size-b"));  // > 15 cm -> T4; G2 -> IIIB
  Assessment a = assess(report_of({a_part, b_part}), rules());
  ASSERT_EQ(a.tumours.size(), 2u);
  EXPECT_EQ(a.tumours[0].stage.group, "IIIA");
  EXPECT_EQ(a.tumours[1].label, "B");
  EXPECT_EQ(a.tumours[1].stage.t.value, "T4");
  EXPECT_EQ(a.tumours[1].stage.group, "IIIB");
}

// --- Sources --------------------------------------------------------------------------------------

TEST(AssessFacts, SourcesOfTheFactsUsedAreCarried) {
  TumourFacts t = thigh_leiomyosarcoma();
  t.mitoses.push_back(narrative(per_10_hpf("30"), 5));  // not used: the coded count wins
  t.nodal_metastasis.push_back(coded(false, "Observation/nodes"));
  t.distant_metastasis.push_back(coded(false, "Observation/distant"));
  const TumourAssessment a = one_tumour(t);
  EXPECT_THAT(resources(a.grade.differentiation.sources), ElementsAre("Observation/histology#Observation.value[x]"));
  EXPECT_THAT(resources(a.grade.mitotic.sources), ElementsAre("Observation/mitoses#Observation.valueQuantity"));
  EXPECT_THAT(resources(a.grade.necrosis.sources), ElementsAre("Observation/necrosis#Observation.value[x]"));
  EXPECT_THAT(resources(a.stage.t.sources),
              ElementsAre("DiagnosticReport/dr-1#DiagnosticReport.specimen.bodySite",
                          "Observation/size#Observation.component[0].valueQuantity"));
  EXPECT_THAT(resources(a.stage.n.sources), ElementsAre("Observation/nodes#Observation.value[x]"));
  EXPECT_THAT(resources(a.stage.m.sources), ElementsAre("Observation/distant#Observation.value[x]"));
  EXPECT_FALSE(a.stage.n.assumed);
  EXPECT_FALSE(a.stage.m.assumed);
  EXPECT_TRUE(a.stage.assumptions.empty());
  ASSERT_TRUE(a.site.has_value());
  EXPECT_EQ(a.site->source.path, "DiagnosticReport.specimen.bodySite");
}

TEST(AssessFacts, StatedValuesAreKeptApart) {
  TumourFacts t = thigh_leiomyosarcoma();
  t.stated_grade.push_back(narrative(stated("", "G3"), 11));
  t.stated_t.push_back(narrative(stated("p", "T3"), 12));
  t.stated_n.push_back(narrative(stated("p", "N0"), 12));
  t.stated_m.push_back(narrative(stated("c", "M0"), 12));
  t.stated_stage_group.push_back(narrative(stated("", "IIIB"), 12));
  const TumourAssessment a = one_tumour(t);
  // Computed values are unaffected by what the report states.
  EXPECT_EQ(a.grade.grade, "G2");
  EXPECT_EQ(a.stage.t.value, "T2");
  EXPECT_EQ(a.stage.group, "IIIA");
  ASSERT_TRUE(a.grade.stated && a.stage.stated_t && a.stage.stated_n && a.stage.stated_m && a.stage.stated_group);
  EXPECT_EQ(a.grade.stated->value.value, "G3");
  EXPECT_EQ(a.stage.stated_t->value.prefix, "p");
  EXPECT_EQ(a.stage.stated_t->value.value, "T3");
  EXPECT_EQ(a.stage.stated_group->value.value, "IIIB");
  EXPECT_EQ(a.stage.stated_t->source.line, 12);
}
