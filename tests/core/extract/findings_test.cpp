// T-category findings from narrative text (mappings/findings.json), with the real tables, and the T
// they give (seed 003: head and neck T4a/T4b by invasion findings; visceral T1/T2/T2a/T2b/T3 by extent).
#include <gtest/gtest.h>

#include "adapter/core/extract/narrative.hpp"
#include "adapter/core/pipeline.hpp"
#include "tests/shared/rule_set.hpp"

namespace sarcoma::core {
namespace {

const RuleSet& rule_set() { return sarcoma::test::rule_set(); }

std::vector<std::pair<std::string, bool>> findings(std::string_view text) {
  NarrativeFacts f = scan_narrative(text, *rule_set().rules);
  std::vector<std::pair<std::string, bool>> out;
  for (const auto& t : f.tumours) {
    for (const auto& x : t.extent_findings) out.emplace_back(x.value.key, x.value.present);
  }
  return out;
}

using Findings = std::vector<std::pair<std::string, bool>>;

TEST(NarrativeFindings, VisceralExtentPhrases) {
  EXPECT_EQ(findings("The tumor invades the serosa."), (Findings{{"serosa", true}}));
  EXPECT_EQ(findings("Tumor extends beyond the serosa into the mesentery."),
            (Findings{{"beyond-serosa", true}, {"beyond-serosa", true}}));  // two phrases, one finding
  EXPECT_EQ(findings("Infiltrates into the perivesical fat (extension beyond the organ)."),
            (Findings{{"beyond-organ", true}, {"beyond-organ", true}}));
  EXPECT_EQ(findings("Leiomyosarcoma, organ confined."), (Findings{{"organ-confined", true}}));
  EXPECT_EQ(findings("Invasion of adjacent organs (sigmoid colon)."), (Findings{{"another-organ", true}}));
}

TEST(NarrativeFindings, NegatedFindingsAreRecordedAsAbsent) {
  EXPECT_EQ(findings("No serosal involvement."), (Findings{{"serosa", false}}));
  EXPECT_EQ(findings("There is no orbital invasion."), (Findings{{"orbital-invasion", false}}));
}

TEST(NarrativeFindings, HeadAndNeckInvasionPhrases) {
  EXPECT_EQ(findings("The sarcoma shows skull base invasion."), (Findings{{"skull-base-dural-invasion", true}}));
  EXPECT_EQ(findings("Carotid artery encasement is present."), (Findings{{"carotid-encasement", true}}));
  EXPECT_EQ(findings("Tumour invades the pterygoid muscles."), (Findings{{"pterygoid-muscles", true}}));
}

TEST(NarrativeFindings, NothingInUnrelatedText) {
  EXPECT_TRUE(findings("Thigh, excision: leiomyosarcoma, 8 cm. Margins negative.").empty());
}

std::string t_of(const std::string& conclusion) {
  std::string report = R"({"resourceType":"DiagnosticReport","id":"f","status":"final","code":{"text":"p"},"conclusion":")" +
                       conclusion + R"("})";
  PipelineOptions o;
  o.fallback_recorded = "2026-01-01T00:00:00Z";
  auto r = run_pipeline(report, rule_set(), o);
  if (!r.ok() || r->reports.empty() || r->reports[0].assessment.tumours.empty()) return "(none)";
  return r->reports[0].assessment.tumours[0].stage.t.value;
}

// Expected T values from seed 003's tables.
TEST(NarrativeFindings, FindingsDecideTheT) {
  EXPECT_EQ(t_of("Stomach, gastrectomy: leiomyosarcoma, 6 cm, invading the serosa."), "T2a");
  EXPECT_EQ(t_of("Small bowel, resection: leiomyosarcoma, 6 cm, extends beyond the serosa."), "T2b");
  EXPECT_EQ(t_of("Stomach, gastrectomy: leiomyosarcoma, 6 cm, with invasion of an adjacent organ."), "T3");
  EXPECT_EQ(t_of("Stomach, gastrectomy: leiomyosarcoma, 6 cm, organ confined."), "T1");
  EXPECT_EQ(t_of("Stomach, gastrectomy: leiomyosarcoma, 6 cm. No serosal involvement."), "TX");
  // Head and neck: T4a/T4b override size (a 1.5 cm tumour would otherwise be T1).
  EXPECT_EQ(t_of("Neck, excision: synovial sarcoma, 1.5 cm, with orbital invasion."), "T4a");
  EXPECT_EQ(t_of("Neck, excision: synovial sarcoma, 1.5 cm, with carotid artery encasement."), "T4b");
  EXPECT_EQ(t_of("Neck, excision: synovial sarcoma, 1.5 cm."), "T1");
}

// A denial right after the mention makes the finding absent; a later, unrelated negative does not.
TEST(NarrativeFindings, DeniedAfterTheMention) {
  EXPECT_EQ(findings("Serosal invasion is not identified."), (Findings{{"serosa", false}}));
  EXPECT_EQ(findings("Carotid artery encasement: absent."), (Findings{{"carotid-encasement", false}}));
  EXPECT_EQ(findings("Tumour invades the serosa with negative margins."), (Findings{{"serosa", true}}));
  EXPECT_EQ(findings("Orbital invasion present, margins negative."), (Findings{{"orbital-invasion", true}}));
}

// Synoptic lines whose label names the finding take the answer after the colon.
TEST(NarrativeFindings, LabelNamingTheFindingTakesItsAnswer) {
  EXPECT_EQ(findings("Orbital invasion: not identified"), (Findings{{"orbital-invasion", false}}));
  EXPECT_EQ(findings("Carotid artery encasement: present"), (Findings{{"carotid-encasement", true}}));
  EXPECT_EQ(findings("Serosal involvement: No"), (Findings{{"serosa", false}}));
  EXPECT_TRUE(findings("Serosal involvement: cannot be assessed").empty());
  // A margins label never gives a finding.
  EXPECT_TRUE(findings("Margins: tumor invades the serosa at the inked margin").empty());
}

std::vector<int> site_counts(std::string_view text) {
  NarrativeFacts f = scan_narrative(text, *rule_set().rules);
  std::vector<int> out;
  for (const auto& t : f.tumours) {
    for (const auto& x : t.multifocal_site_count) out.push_back(x.value);
  }
  return out;
}

// Seed 003 visceral T4a-c: multifocal with 2, 3-5 and > 5 sites; "> 5" is counted as 6, the least
// count it allows.
TEST(NarrativeFindings, MultifocalSiteCounts) {
  EXPECT_EQ(site_counts("Multifocal involvement (2 sites)."), std::vector<int>{2});
  EXPECT_EQ(site_counts("Multifocal, three foci."), std::vector<int>{3});
  EXPECT_EQ(site_counts("Multifocal involvement (>5 sites)."), std::vector<int>{6});
  EXPECT_EQ(site_counts("Multifocal involvement (more than five sites)."), std::vector<int>{6});
  EXPECT_EQ(site_counts("Focality: multifocal (> 5 sites)"), std::vector<int>{6});
  EXPECT_EQ(site_counts("Focality: unifocal"), std::vector<int>{1});
  EXPECT_EQ(t_of("Small bowel, resection: leiomyosarcoma, 6 cm, multifocal (2 sites)."), "T4a");
  EXPECT_EQ(t_of("Small bowel, resection: leiomyosarcoma, 6 cm, multifocal (four sites)."), "T4b");
  EXPECT_EQ(t_of("Small bowel, resection: leiomyosarcoma, 6 cm, multifocal (>5 sites)."), "T4c");
}

// Fixture 19 (urinary bladder, "into the perivesical fat (extension beyond the organ)"): seed 003's
// visceral T2 row, "tumor extension into tissue beyond organ"; T2b is "beyond serosa (mesentery)".
TEST(NarrativeFindings, Fixture19ExtendsBeyondTheOrgan) {
  EXPECT_EQ(
      findings("The tumor infiltrates through the muscularis propria into the perivesical fat (extension "
               "beyond the organ)."),
      (Findings{{"beyond-organ", true}, {"beyond-organ", true}}));
  EXPECT_EQ(
      t_of("Urinary bladder, radical cystectomy: Leiomyosarcoma, 6.5 cm. The tumor infiltrates through the "
           "muscularis propria into the perivesical fat (extension beyond the organ)."),
      "T2");
}

}  // namespace
}  // namespace sarcoma::core
