// Sites and scope with the shipped tables: peripheral nerves and pelvic soft tissue, lymph nodes
// and invaded organs that are not the tumour's site, specimen descriptions before a colon, and the
// site-dependent histology rows (histology.json at_bone_site / at_soft_tissue_site).
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "adapter/core/extract/extract.hpp"
#include "adapter/core/extract/narrative.hpp"
#include "adapter/core/rule_set.hpp"
#include "fhir/json_codec.hpp"

namespace sarcoma::core {
namespace {

const RuleSet& rule_set() {
  static const auto r = [] {
    auto loaded = RuleSet::load(mappings::default_mappings_dir());
    if (!loaded.ok()) std::abort();
    return std::move(loaded).value();
  }();
  return *r;
}

std::set<std::string> sites(std::string_view text) {
  std::set<std::string> out;
  for (const auto& t : scan_narrative(text, *rule_set().rules).tumours) {
    for (const auto& s : t.site) out.insert(s.value.entry_id);
  }
  return out;
}

using Ids = std::set<std::string>;

TEST(Sites, PeripheralNervesAndPelvicSoftTissue) {
  EXPECT_EQ(sites("Left sciatic nerve, resection: malignant peripheral nerve sheath tumor, 6 cm."),
            Ids{"lower-limb"});
  EXPECT_EQ(sites("Right brachial plexus, resection: malignant peripheral nerve sheath tumor."),
            Ids{"upper-limb"});
  EXPECT_EQ(sites("Femoral nerve, excision: malignant peripheral nerve sheath tumor."), Ids{"lower-limb"});
  EXPECT_EQ(sites("Pelvic soft tissue, excision: extraskeletal Ewing sarcoma, 9 cm."), Ids{"trunk"});
}

TEST(Sites, LymphNodesAndInvadedOrgansAreNotTheTumourSite) {
  EXPECT_EQ(sites("Leiomyosarcoma of the thigh, 6 cm; axillary lymph node sampled."), Ids{"lower-limb"});
  EXPECT_EQ(sites("Leiomyosarcoma of the thigh, 6 cm. Inguinal lymph nodes: 0/3."), Ids{"lower-limb"});
  EXPECT_EQ(sites("Retroperitoneum, resection: leiomyosarcoma, 12 cm, invading the left kidney."),
            Ids{"retroperitoneum"});
  EXPECT_EQ(sites("Leiomyosarcoma of the stomach with extension into the pancreas."),
            Ids{"digestive-organs"});
}

// A site word inside a T-category finding names the invaded structure.
TEST(Sites, StructuresNamedByAFindingAreNotTheTumourSite) {
  EXPECT_EQ(sites("Cheek, resection: synovial sarcoma, 1.8 cm. Orbital invasion: present."),
            Ids{"head-neck-soft-tissue"});
  EXPECT_EQ(sites("Jejunum, resection: leiomyosarcoma, 7 cm, involving the visceral peritoneum."),
            Ids{"digestive-organs"});
  EXPECT_EQ(
      sites("Maxillary sinus, resection: leiomyosarcoma, 3 cm, with dural invasion and brain parenchyma "
            "involvement."),
      Ids{"head-neck-organs"});
}

// Fixture 54's line: "marginal excision" names the procedure, not a margins label.
TEST(Sites, SpecimenDescriptionKeepsTheDiagnosis) {
  auto n =
      scan_narrative("Right thigh, marginal excision: atypical lipomatous tumor, 18 cm.", *rule_set().rules);
  ASSERT_EQ(n.tumours.size(), 1u);
  ASSERT_EQ(n.tumours[0].histology.size(), 1u);
  EXPECT_EQ(n.tumours[0].histology[0].value.entry_id, "atypical-lipomatous-tumor");
  ASSERT_EQ(n.tumours[0].size.size(), 1u);
  EXPECT_EQ(n.tumours[0].size[0].value.value.text(), "18");
}

ReportFacts extract(const std::string& json) {
  auto parsed = fhir::parse_json(json);
  if (!parsed.ok()) {
    ADD_FAILURE() << parsed.error().front().diagnostics;
    return {};
  }
  ExtractOptions options;
  options.elements = &rule_set().elements;
  auto all = extract_all(parsed->resource, *rule_set().rules, options);
  if (!all.ok() || all->empty()) {
    ADD_FAILURE() << "no report";
    return {};
  }
  return std::move(all->front());
}

// Extraction's scope applies the same site-dependent rows as assessment.
TEST(Scope, SiteDependentHistologyRows) {
  // Ewing sarcoma (9364/3) at a bone site: Ewing sarcoma of bone, out of the soft-tissue chapters.
  auto ewing = extract(R"({"resourceType":"DiagnosticReport","id":"dr","status":"final","code":{"text":"p"},
    "conclusion":"Left ilium, resection: Ewing sarcoma, 8.0 cm."})");
  EXPECT_EQ(ewing.scope, Scope::bone_sarcoma);
  // Osteosarcoma NOS (9180/3) at a soft-tissue site (C49.2): extraskeletal osteosarcoma, staged,
  // its size kept.
  auto osteo = extract(R"({"resourceType":"DiagnosticReport","id":"dr","status":"final","code":{"text":"p"},
    "contained":[{"resourceType":"Observation","id":"h","status":"final",
      "code":{"coding":[{"system":"http://loinc.org","code":"31206-6"}]},
      "valueCodeableConcept":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/icd-o-3","code":"9180/3"}]},
      "bodySite":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/icd-o-3","code":"C49.2"}]}},
     {"resourceType":"Observation","id":"s","status":"final",
      "code":{"coding":[{"system":"http://loinc.org","code":"33728-7"}]},
      "valueQuantity":{"value":8.0,"unit":"cm","system":"http://unitsofmeasure.org","code":"cm"}}],
    "result":[{"reference":"#h"},{"reference":"#s"}]})");
  EXPECT_EQ(osteo.scope, Scope::soft_tissue_sarcoma);
  ASSERT_EQ(osteo.tumours.size(), 1u);
  EXPECT_EQ(osteo.tumours[0].size.size(), 1u);
}

}  // namespace
}  // namespace sarcoma::core
