// The narrative patterns of issue 5, one test (or a few) per pattern, with negation, units and
// provenance (line, span, matched text).
#include <gtest/gtest.h>

#include "tests/core/extract/support.hpp"

namespace sarcoma::core::test {
namespace {

fhir::Decimal dec(const char* s) {
  return *fhir::Decimal::parse(s);
}

TEST(NarrativeSize, LargestOfThreeDimensionsInCm) {
  auto t = one("The tumor measures 8.2 x 5.0 x 3.1 cm.");
  ASSERT_EQ(t.size.size(), 1u);
  EXPECT_EQ(t.size[0].value.value, dec("8.2"));
  EXPECT_EQ(t.size[0].value.value.text(), "8.2");
  EXPECT_EQ(t.size[0].value.unit, "cm");
  EXPECT_EQ(t.size[0].method, Method::narrative);
  EXPECT_EQ(t.size[0].source.text, "8.2 x 5.0 x 3.1 cm");
  EXPECT_EQ(t.size[0].source.line, 1);
  EXPECT_EQ(t.size[0].source.begin, 19);
  EXPECT_EQ(t.size[0].source.end, 37);
}

TEST(NarrativeSize, LargestNeedNotComeFirst) {
  auto t = one("Mass measuring 3.0 x 9.5 x 4 cm");
  ASSERT_EQ(t.size.size(), 1u);
  EXPECT_EQ(t.size[0].value.value, dec("9.5"));
}

TEST(NarrativeSize, Millimetres) {
  auto t = one("Tumour size: 82 mm");
  ASSERT_EQ(t.size.size(), 1u);
  EXPECT_EQ(t.size[0].value.value, dec("82"));
  EXPECT_EQ(t.size[0].value.unit, "mm");
}

TEST(NarrativeSize, InchesAsWholeWordsOnly) {
  auto t = one("The mass measures 3.5 x 2 inches.");
  ASSERT_EQ(t.size.size(), 1u);
  EXPECT_EQ(t.size[0].value.value, dec("3.5"));
  EXPECT_EQ(t.size[0].value.unit, "[in_i]");
  // 4 inches (101.6 mm) is longer than 95 mm: the largest dimension across units, exactly.
  auto mixed = one("The mass measures 95 mm x 4 inches.");
  ASSERT_EQ(mixed.size.size(), 1u);
  EXPECT_EQ(mixed.size[0].value.value, dec("4"));
  EXPECT_EQ(mixed.size[0].value.unit, "[in_i]");
  // "in" before a number or a word is the preposition: "12 in 10 HPF" is a mitotic count, not a
  // 12-inch tumour (InchAbbreviationAndMarks covers where "in" is a unit).
  EXPECT_TRUE(one("Leiomyosarcoma, 12 in 10 HPF.").size.empty());
}

TEST(NarrativeSize, MultiplicationSignAndUnitsOnEachDimension) {
  auto t = one("A tumour of 82 mm \xC3\x97 50 mm \xC3\x97 31 mm is present.");
  ASSERT_EQ(t.size.size(), 1u);
  EXPECT_EQ(t.size[0].value.value, dec("82"));
  EXPECT_EQ(t.size[0].value.unit, "mm");
}

TEST(NarrativeSize, MixedUnitsCompareExactly) {
  auto t = one("Tumor measures 8 cm x 90 mm.");
  ASSERT_EQ(t.size.size(), 1u);
  EXPECT_EQ(t.size[0].value.value, dec("90"));
  EXPECT_EQ(t.size[0].value.unit, "mm");
}

TEST(NarrativeSize, SynopticGreatestDimensionWithUnitInLabel) {
  auto t = one("Tumor Size / Greatest Dimension (Centimeters): 8.2");
  ASSERT_EQ(t.size.size(), 1u);
  EXPECT_EQ(t.size[0].value.value, dec("8.2"));
  EXPECT_EQ(t.size[0].value.unit, "cm");
}

TEST(NarrativeSize, DecimalComma) {
  auto t = one("Tumor size: 8,2 cm");
  ASSERT_EQ(t.size.size(), 1u);
  EXPECT_EQ(t.size[0].value.value, dec("8.2"));
}

TEST(NarrativeSize, AdjectiveBeforeNoun) {
  auto t = one("An 8.5 cm well-circumscribed mass is identified.");
  ASSERT_EQ(t.size.size(), 1u);
  EXPECT_EQ(t.size[0].value.value, dec("8.5"));
}

TEST(NarrativeSize, SpecimenSizeAndMarginDistanceAreNotTumourSize) {
  auto n = scan(
      "The specimen measures 20 x 15 x 5 cm.\n"
      "The tumor is 1.5 cm from the deep margin.\n"
      "Margins: closest 0.4 cm (deep).\n"
      "The tumor extends to within 0.2 cm of the inked margin.\n");
  for (const auto& t : n.tumours) EXPECT_TRUE(t.size.empty()) << t.size.front().source.text;
}

TEST(NarrativeSize, SpecimenThenTumourInOneSentence) {
  auto t = one("The specimen measures 20 x 15 x 5 cm and contains a tumor measuring 8 x 5 x 3 cm.");
  ASSERT_EQ(t.size.size(), 1u);
  EXPECT_EQ(t.size[0].value.value, dec("8"));
}

TEST(NarrativeSize, RepeatedMentionsAreAllKept) {
  auto n = scan("Gross: the tumor measures 8.2 x 5 x 3 cm.\nTumor Size: Greatest dimension: 8.2 cm\n");
  ASSERT_EQ(n.tumours.size(), 1u);
  ASSERT_EQ(n.tumours[0].size.size(), 2u);
  EXPECT_EQ(n.tumours[0].size[1].source.line, 2);
}

TEST(NarrativeMitoses, PerTenHpf) {
  auto t = one("12 mitoses/10 HPF");
  ASSERT_EQ(t.mitoses.size(), 1u);
  EXPECT_EQ(t.mitoses[0].value.count, dec("12"));
  EXPECT_EQ(t.mitoses[0].value.per_unit, MitoticRate::Per::hpf);
  EXPECT_EQ(t.mitoses[0].value.per_amount, dec("10"));
  EXPECT_EQ(t.mitoses[0].source.text, "12 mitoses/10 HPF");
}

TEST(NarrativeMitoses, SynopticMitoticRate) {
  auto t = one("Mitotic Rate: 15/10 HPF");
  ASSERT_EQ(t.mitoses.size(), 1u);
  EXPECT_EQ(t.mitoses[0].value.count, dec("15"));
  EXPECT_EQ(t.mitoses[0].value.per_amount, dec("10"));
}

TEST(NarrativeMitoses, HighPowerFieldsSpelledOut) {
  auto t = one("Up to 7 mitotic figures per 10 high-power fields are seen.");
  ASSERT_EQ(t.mitoses.size(), 1u);
  EXPECT_EQ(t.mitoses[0].value.count, dec("7"));
  EXPECT_EQ(t.mitoses[0].value.per_amount, dec("10"));
}

TEST(NarrativeMitoses, PerSquareMillimetre) {
  auto t = one("Mitotic count: 4 per mm2 (10 HPF = 1.7 mm2).");
  ASSERT_EQ(t.mitoses.size(), 1u);
  EXPECT_EQ(t.mitoses[0].value.per_unit, MitoticRate::Per::mm2);
  EXPECT_EQ(t.mitoses[0].value.per_amount, dec("1"));
  ASSERT_TRUE(t.mitoses[0].value.area_of_10_hpf_mm2.has_value());
  EXPECT_EQ(*t.mitoses[0].value.area_of_10_hpf_mm2, dec("1.7"));
}

TEST(NarrativeMitoses, SuperscriptTwo) {
  auto t = one("Mitoses: 3/mm\xC2\xB2");
  ASSERT_EQ(t.mitoses.size(), 1u);
  EXPECT_EQ(t.mitoses[0].value.per_unit, MitoticRate::Per::mm2);
}

TEST(NarrativeMitoses, NoneIdentifiedIsZero) {
  auto t = one("No mitoses are identified.");
  ASSERT_EQ(t.mitoses.size(), 1u);
  EXPECT_TRUE(t.mitoses[0].value.count.is_zero());
}

TEST(NarrativeMitoses, ScoreBandIsNotACount) {
  auto t = one("Mitotic Count Score: Score 2 (10-19 mitoses per 10 HPF)");
  EXPECT_TRUE(t.mitoses.empty());
  ASSERT_EQ(t.stated_mitotic_score.size(), 1u);
  EXPECT_EQ(t.stated_mitotic_score[0].value, 2);
}

TEST(NarrativeNecrosis, Percent) {
  auto t = one("necrosis: 30%");
  ASSERT_EQ(t.necrosis.size(), 1u);
  EXPECT_EQ(t.necrosis[0].value.extent, Necrosis::Extent::less_than_50);
  ASSERT_TRUE(t.necrosis[0].value.percent.has_value());
  EXPECT_EQ(*t.necrosis[0].value.percent, dec("30"));
}

TEST(NarrativeNecrosis, PercentBeforeKeyword) {
  auto t = one("Approximately 60% tumor necrosis.");
  ASSERT_EQ(t.necrosis.size(), 1u);
  EXPECT_EQ(t.necrosis[0].value.extent, Necrosis::Extent::at_least_50);
}

TEST(NarrativeNecrosis, NoneIdentified) {
  auto t = one("No necrosis identified.");
  ASSERT_EQ(t.necrosis.size(), 1u);
  EXPECT_EQ(t.necrosis[0].value.extent, Necrosis::Extent::absent);
}

TEST(NarrativeNecrosis, SynopticNotIdentified) {
  auto t = one("Necrosis: Not identified");
  ASSERT_EQ(t.necrosis.size(), 1u);
  EXPECT_EQ(t.necrosis[0].value.extent, Necrosis::Extent::absent);
}

TEST(NarrativeNecrosis, Comparators) {
  auto lt = one("Necrosis: Present, <50%");
  ASSERT_EQ(lt.necrosis.size(), 1u);
  EXPECT_EQ(lt.necrosis[0].value.extent, Necrosis::Extent::less_than_50);
  EXPECT_FALSE(lt.necrosis[0].value.percent.has_value());
  auto ge = one("Tumor necrosis: \xE2\x89\xA5 50%");
  ASSERT_EQ(ge.necrosis.size(), 1u);
  EXPECT_EQ(ge.necrosis[0].value.extent, Necrosis::Extent::at_least_50);
  auto more = one("Necrosis involves more than 50% of the tumor.");
  ASSERT_EQ(more.necrosis.size(), 1u);
  EXPECT_EQ(more.necrosis[0].value.extent, Necrosis::Extent::at_least_50);
}

TEST(NarrativeNecrosis, PresentWithoutExtent) {
  auto t = one("Areas of tumor necrosis are present.");
  ASSERT_EQ(t.necrosis.size(), 1u);
  EXPECT_EQ(t.necrosis[0].value.extent, Necrosis::Extent::present_extent_unknown);
}

TEST(NarrativeNecrosis, FatNecrosisAndTreatmentEffectAreNotTumourNecrosis) {
  auto n = scan("Fat necrosis is present at the periphery.\nTreatment effect: 80% necrosis\n");
  for (const auto& t : n.tumours) EXPECT_TRUE(t.necrosis.empty());
}

TEST(NarrativeGrade, FnclccWithComponents) {
  auto t = one("FNCLCC grade 2 (2+2+1)");
  ASSERT_EQ(t.stated_grade.size(), 1u);
  EXPECT_EQ(t.stated_grade[0].value.value, "G2");
  ASSERT_EQ(t.stated_differentiation_score.size(), 1u);
  EXPECT_EQ(t.stated_differentiation_score[0].value, 2);
  ASSERT_EQ(t.stated_mitotic_score.size(), 1u);
  EXPECT_EQ(t.stated_mitotic_score[0].value, 2);
  ASSERT_EQ(t.stated_necrosis_score.size(), 1u);
  EXPECT_EQ(t.stated_necrosis_score[0].value, 1);
}

TEST(NarrativeGrade, SynopticForms) {
  EXPECT_EQ(one("Histologic Grade (FNCLCC): G3").stated_grade.at(0).value.value, "G3");
  EXPECT_EQ(one("Histologic Grade (FNCLCC): Grade 1").stated_grade.at(0).value.value, "G1");
  EXPECT_EQ(one("Grade: II").stated_grade.at(0).value.value, "G2");
  EXPECT_EQ(one("FNCLCC grade: cannot be assessed").stated_grade.at(0).value.value, "GX");
  EXPECT_EQ(one("Histologic Grade (FNCLCC): GX: Grade cannot be assessed").stated_grade.at(0).value.value,
            "GX");
}

TEST(NarrativeGrade, NuclearGradeAndHighGradeWithoutNumberAreIgnored) {
  auto n = scan("Nuclear grade 3. High grade sarcoma.");
  for (const auto& t : n.tumours) EXPECT_TRUE(t.stated_grade.empty());
}

TEST(NarrativeScores, SynopticComponentScores) {
  auto t = one("Tumor Differentiation Score: 3\nMitotic Count Score: 1\nNecrosis Score: 0\n");
  EXPECT_EQ(t.stated_differentiation_score.at(0).value, 3);
  EXPECT_EQ(t.stated_mitotic_score.at(0).value, 1);
  EXPECT_EQ(t.stated_necrosis_score.at(0).value, 0);
}

TEST(NarrativeTnm, PathologicTAndN) {
  auto t = one("pT2 N0");
  ASSERT_EQ(t.stated_t.size(), 1u);
  EXPECT_EQ(t.stated_t[0].value.prefix, "p");
  EXPECT_EQ(t.stated_t[0].value.value, "T2");
  ASSERT_EQ(t.stated_n.size(), 1u);
  EXPECT_EQ(t.stated_n[0].value.value, "N0");
  EXPECT_EQ(t.stated_t[0].source.text, "pT2");
  EXPECT_EQ(t.stated_n[0].source.text, "N0");
}

TEST(NarrativeTnm, PostTherapyPrefixStatesNeoadjuvant) {
  auto n = scan("ypT3");
  ASSERT_EQ(n.tumours.size(), 1u);
  ASSERT_EQ(n.tumours[0].stated_t.size(), 1u);
  EXPECT_EQ(n.tumours[0].stated_t[0].value.prefix, "yp");
  EXPECT_EQ(n.tumours[0].stated_t[0].value.value, "T3");
  ASSERT_EQ(n.circumstances.post_neoadjuvant.size(), 1u);
  EXPECT_TRUE(n.circumstances.post_neoadjuvant[0].value);
}

TEST(NarrativeTnm, RunWithoutSpacesAndSubcategory) {
  auto t = one("Stage classification: pT2aN0M0");
  EXPECT_EQ(t.stated_t.at(0).value.value, "T2a");
  EXPECT_EQ(t.stated_n.at(0).value.value, "N0");
  EXPECT_EQ(t.stated_m.at(0).value.value, "M0");
}

TEST(NarrativeTnm, SynopticPrimaryTumour) {
  auto t = one("Primary Tumor (pT): pT1");
  EXPECT_EQ(t.stated_t.at(0).value.value, "T1");
}

TEST(NarrativeTnm, MriSequencesAreNotCategories) {
  auto n = scan("MRI showed a T2-hyperintense mass on T1 and T2 weighted images. Tx: surgery.");
  for (const auto& t : n.tumours) {
    EXPECT_TRUE(t.stated_t.empty()) << t.stated_t.front().source.text;
  }
}

TEST(NarrativeStage, RomanWithLetter) {
  auto t = one("AJCC stage IIIA");
  ASSERT_EQ(t.stated_stage_group.size(), 1u);
  EXPECT_EQ(t.stated_stage_group[0].value.value, "IIIA");
}

TEST(NarrativeStage, SynopticAndArabic) {
  EXPECT_EQ(one("Prognostic Stage Group: IB").stated_stage_group.at(0).value.value, "IB");
  EXPECT_EQ(one("The tumor is stage 3B.").stated_stage_group.at(0).value.value, "IIIB");
}

TEST(NarrativeNodes, NegativeWithFraction) {
  auto t = one("Lymph nodes negative (0/3).");
  ASSERT_EQ(t.nodal_metastasis.size(), 1u);
  EXPECT_FALSE(t.nodal_metastasis[0].value);
}

TEST(NarrativeNodes, PositiveFraction) {
  auto t = one("1/12 lymph nodes positive for metastatic sarcoma.");
  ASSERT_EQ(t.nodal_metastasis.size(), 1u);
  EXPECT_TRUE(t.nodal_metastasis[0].value);
}

TEST(NarrativeNodes, NegativeForMetastasis) {
  auto t = one("Three lymph nodes, negative for metastasis.");
  ASSERT_EQ(t.nodal_metastasis.size(), 1u);
  EXPECT_FALSE(t.nodal_metastasis[0].value);
}

TEST(NarrativeNodes, NotSampledSaysNothing) {
  auto n = scan(
      "Regional Lymph Nodes: Not applicable (no lymph nodes submitted or found)\nNo lymph nodes identified.");
  for (const auto& t : n.tumours) EXPECT_TRUE(t.nodal_metastasis.empty());
}

TEST(NarrativeNodes, SynopticInvolvedCount) {
  auto t = one("Number of Lymph Nodes Involved: 2\nNumber of Lymph Nodes Examined: 7\n");
  ASSERT_EQ(t.nodal_metastasis.size(), 1u);
  EXPECT_TRUE(t.nodal_metastasis[0].value);
}

TEST(NarrativeNodes, LymphovascularInvasionIsNotNodal) {
  auto n = scan("Lymphovascular invasion: Not identified\nLymph-vascular invasion: present");
  for (const auto& t : n.tumours) EXPECT_TRUE(t.nodal_metastasis.empty());
}

TEST(NarrativeDistant, NegatedAndPresent) {
  auto neg = one("Negative for distant metastasis.");
  ASSERT_EQ(neg.distant_metastasis.size(), 1u);
  EXPECT_FALSE(neg.distant_metastasis[0].value);
  auto pos = one("Distant Metastasis: Present, lung");
  ASSERT_EQ(pos.distant_metastasis.size(), 1u);
  EXPECT_TRUE(pos.distant_metastasis[0].value);
  auto na = scan("Distant Metastasis: Not applicable");
  for (const auto& t : na.tumours) EXPECT_TRUE(t.distant_metastasis.empty());
}

TEST(NarrativeCircumstances, StatusPostNeoadjuvant) {
  auto n = scan("Clinical history: status post neoadjuvant chemoradiation.");
  ASSERT_EQ(n.circumstances.post_neoadjuvant.size(), 1u);
  EXPECT_TRUE(n.circumstances.post_neoadjuvant[0].value);
}

TEST(NarrativeCircumstances, NoPresurgicalTherapy) {
  auto n = scan("Treatment Effect: No known presurgical therapy");
  ASSERT_EQ(n.circumstances.post_neoadjuvant.size(), 1u);
  EXPECT_FALSE(n.circumstances.post_neoadjuvant[0].value);
}

TEST(NarrativeCircumstances, PreoperativeRadiation) {
  auto n = scan("The patient received preoperative radiation therapy.");
  ASSERT_EQ(n.circumstances.post_neoadjuvant.size(), 1u);
  EXPECT_TRUE(n.circumstances.post_neoadjuvant[0].value);
  auto dx = scan("Preoperative diagnosis: sarcoma.");
  EXPECT_TRUE(dx.circumstances.post_neoadjuvant.empty());
}

TEST(NarrativeCircumstances, UnplannedExcision) {
  auto n = scan("Procedure: re-excision following unplanned excision");
  ASSERT_EQ(n.circumstances.unplanned_excision.size(), 1u);
  EXPECT_TRUE(n.circumstances.unplanned_excision[0].value);
}

TEST(NarrativeCircumstances, Recurrence) {
  auto n = scan("Clinical history: recurrent leiomyosarcoma of the thigh.");
  ASSERT_EQ(n.circumstances.recurrence.size(), 1u);
  EXPECT_TRUE(n.circumstances.recurrence[0].value);
  auto nerve = scan("Adjacent to the recurrent laryngeal nerve.");
  EXPECT_TRUE(nerve.circumstances.recurrence.empty());
}

TEST(NarrativeHistology, SynopticTypeAndSite) {
  auto t = one("Histologic Type: Leiomyosarcoma\nTumor Site: Thigh\n");
  ASSERT_EQ(t.histology.size(), 1u);
  EXPECT_EQ(t.histology[0].value.entry_id, "leiomyosarcoma");
  EXPECT_EQ(t.histology[0].value.text, "Leiomyosarcoma");
  EXPECT_EQ(t.histology[0].source.line, 1);
  ASSERT_EQ(t.site.size(), 1u);
  EXPECT_EQ(t.site[0].value.entry_id, "lower-limb");
  EXPECT_EQ(t.site[0].source.line, 2);
}

TEST(NarrativeHistology, NegatedMentionsAreNotFacts) {
  auto n = scan("Negative for carcinoma. No evidence of lymphoma. Synovial sarcoma is excluded by FISH.");
  for (const auto& t : n.tumours) EXPECT_TRUE(t.histology.empty()) << t.histology.front().value.entry_id;
}

TEST(NarrativeHistology, SiteInSpecimenDescription) {
  auto t = one("Left thigh, wide excision: Myxoid liposarcoma, 6 cm.");
  ASSERT_EQ(t.site.size(), 1u);
  EXPECT_EQ(t.site[0].value.entry_id, "lower-limb");
  ASSERT_EQ(t.histology.size(), 1u);
  EXPECT_EQ(t.histology[0].value.entry_id, "myxoid-liposarcoma");
  ASSERT_EQ(t.size.size(), 1u);
}

TEST(NarrativeHistology, MetastasisSiteIsNotPrimarySite) {
  auto n = scan("Leiomyosarcoma of the thigh. History of metastasis to lung.");
  ASSERT_EQ(n.tumours.size(), 1u);
  for (const auto& s : n.tumours[0].site) EXPECT_NE(s.value.entry_id, "lung");
}

TEST(NarrativeLabels, ValueOnTheNextLine) {
  auto t = one("Histologic Type:\n  Synovial sarcoma\nNecrosis:\n  Not identified\n");
  ASSERT_EQ(t.histology.size(), 1u);
  EXPECT_EQ(t.histology[0].value.entry_id, "synovial-sarcoma");
  EXPECT_EQ(t.histology[0].source.line, 2);
  ASSERT_EQ(t.necrosis.size(), 1u);
  EXPECT_EQ(t.necrosis[0].value.extent, Necrosis::Extent::absent);
}

TEST(NarrativeLabels, CaseAndPunctuation) {
  auto t = one("HISTOLOGIC GRADE (FNCLCC) - G2 ;  MITOTIC RATE:  12 / 10 hpf ; NECROSIS:ABSENT");
  EXPECT_EQ(t.mitoses.at(0).value.count, dec("12"));
  ASSERT_FALSE(t.necrosis.empty());
}

TEST(NarrativeSpecimens, HeadingsSplitTumours) {
  auto n = scan(
      "FINAL DIAGNOSIS:\n"
      "A. Left thigh, excision: Leiomyosarcoma, 8.2 cm, FNCLCC grade 2.\n"
      "B. Right arm, excision: Myxoid liposarcoma, 3 cm, FNCLCC grade 1.\n");
  ASSERT_EQ(n.tumours.size(), 2u);
  EXPECT_EQ(n.tumours[0].label, "A");
  EXPECT_EQ(n.tumours[0].histology.at(0).value.entry_id, "leiomyosarcoma");
  EXPECT_EQ(n.tumours[0].size.at(0).value.value, dec("8.2"));
  EXPECT_EQ(n.tumours[0].site.at(0).value.entry_id, "lower-limb");
  EXPECT_EQ(n.tumours[1].label, "B");
  EXPECT_EQ(n.tumours[1].histology.at(0).value.entry_id, "myxoid-liposarcoma");
  EXPECT_EQ(n.tumours[1].stated_grade.at(0).value.value, "G1");
  EXPECT_EQ(n.tumours[1].site.at(0).value.entry_id, "upper-limb");
}

TEST(NarrativeSpecimens, SpecimenWordHeadings) {
  auto n = scan(
      "Specimen A: thigh mass\nHistologic type: leiomyosarcoma\nSpecimen B: lung\nHistologic type: synovial "
      "sarcoma\n");
  ASSERT_EQ(n.tumours.size(), 2u);
  EXPECT_EQ(n.tumours[0].label, "A");
  EXPECT_EQ(n.tumours[1].label, "B");
  EXPECT_EQ(n.tumours[1].histology.at(0).value.entry_id, "synovial-sarcoma");
}

TEST(NarrativeLines, CrLfAndLineNumbers) {
  auto t = one("Report\r\n\r\nNecrosis: 10%\r\n");
  ASSERT_EQ(t.necrosis.size(), 1u);
  EXPECT_EQ(t.necrosis[0].source.line, 3);
  EXPECT_EQ(t.necrosis[0].source.begin, 10);
  EXPECT_EQ(t.necrosis[0].source.text, "10%");
}

}  // namespace
}  // namespace sarcoma::core::test

namespace sarcoma::core::test {
namespace {

TEST(NarrativeSize, UnitNamedInsideTheValue) {
  auto t = one("Tumor Size: Greatest dimension (Centimeters): 8.2");
  ASSERT_EQ(t.size.size(), 1u);
  EXPECT_EQ(t.size[0].value.unit, "cm");
  EXPECT_EQ(t.size[0].value.value.text(), "8.2");
}

TEST(NarrativeHistology, EarlierDiseaseIsNotThisSpecimen) {
  auto n = scan("Clinical history: History of uterine leiomyoma. Prior melanoma of the back.");
  for (const auto& t : n.tumours) {
    EXPECT_TRUE(t.histology.empty()) << t.histology.front().value.entry_id;
    EXPECT_TRUE(t.site.empty()) << t.site.front().value.entry_id;
  }
}

TEST(NarrativeHistology, DifferentialDiagnosisIsNotAFact) {
  auto t = one(
      "Dedifferentiated liposarcoma. The differential diagnosis included leiomyosarcoma, which is excluded.");
  ASSERT_EQ(t.histology.size(), 1u);
  EXPECT_EQ(t.histology[0].value.entry_id, "dedifferentiated-liposarcoma");
}

// "in", '"' and U+2033 as inch units, only where they cannot be a preposition or a quote.
TEST(NarrativeSize, InchAbbreviationAndMarks) {
  struct Case {
    const char* text;
    const char* value;
  };
  for (const Case& c :
       {Case{"The mass measures 3.5 in.", "3.5"}, Case{"The mass measures 3.5 in, firm.", "3.5"},
        Case{"The mass measures 3.5 x 2 in", "3.5"}, Case{"The mass measures 3.5 in x 2 in.", "3.5"},
        Case{"The mass measures 3.5\" x 2\".", "3.5"}, Case{"A 4\xE2\x80\xB3 tumor is present.", "4"}}) {
    auto t = one(c.text);
    ASSERT_EQ(t.size.size(), 1u) << c.text;
    EXPECT_EQ(t.size[0].value.value, dec(c.value)) << c.text;
    EXPECT_EQ(t.size[0].value.unit, "[in_i]") << c.text;
  }
  // A preposition or a quoted number is not an inch.
  EXPECT_TRUE(scan("The tumor measures 5 in greatest dimension.").tumours.empty());
  EXPECT_TRUE(one("Leiomyosarcoma, 3 in 10 HPF.").size.empty());
  EXPECT_TRUE(scan("Tumor submitted in cassette \"3\".").tumours.empty());
  // The unit named by a synoptic label.
  auto labelled = one("Greatest dimension (inches): 3.5");
  ASSERT_EQ(labelled.size.size(), 1u);
  EXPECT_EQ(labelled.size[0].value.unit, "[in_i]");
  // "in" in a label is the preposition: the value keeps its own unit.
  auto cm = one("Size in greatest dimension: 3.5 cm");
  ASSERT_EQ(cm.size.size(), 1u);
  EXPECT_EQ(cm.size[0].value.unit, "cm");
}

// Regression (fuzz_narrative, heap-buffer-overflow in inch_mark): every number makes the size
// detector look for a unit in the token after it, which for a line's last number is one past the
// last token. The token buffer grows in steps of 64, so lines of exactly 64, 128, 256 tokens ended
// right at the buffer's end; lines of every length up to 300 tokens are scanned here (the sanitize
// build runs this under ASan).
TEST(NarrativeSize, NumberAsTheLineLastTokenAtAnyLineLength) {
  for (std::size_t n = 1; n <= 300; ++n) {
    std::string words;
    for (std::size_t k = 1; k < n; ++k) words += "a ";
    words += "tumor";  // n tokens, the tumour noun right before the number
    for (const char* tail : {" 3", " 3.5", " 12/10", " 3\"", " 3 in", " 3 x 2"}) {
      std::string text = words + tail;
      auto facts = scan(text);
      for (const auto& t : facts.tumours) {
        for (const auto& sz : t.size) EXPECT_EQ(sz.value.unit, "[in_i]") << text;
      }
    }
    // A mark at the end of the line is an inch, whatever the line's length.
    auto t = one(words + " 3\"");
    ASSERT_EQ(t.size.size(), 1u) << n;
    EXPECT_EQ(t.size[0].value.value, dec("3"));
  }
}

// A site and a procedure before the colon describe the specimen: the line is running text even
// when a label word (margin, primary tumor, neoadjuvant) appears there.
TEST(NarrativeLabels, SpecimenDescriptionBeforeTheColonIsNotALabel) {
  for (const char* text : {"Right thigh, re-excision of margins: residual leiomyosarcoma, 2.0 cm.",
                           "Left thigh, primary tumor, resection: leiomyosarcoma, 2.0 cm.",
                           "Left thigh, wide excision after neoadjuvant radiation: leiomyosarcoma, 2.0 cm.",
                           "Right calf, excisional biopsy, margins inked: leiomyosarcoma, 2.0 cm."}) {
    auto t = one(text);
    ASSERT_EQ(t.histology.size(), 1u) << text;
    EXPECT_EQ(t.histology[0].value.entry_id, "leiomyosarcoma") << text;
    ASSERT_FALSE(t.site.empty()) << text;
    EXPECT_EQ(t.site[0].value.entry_id, "lower-limb") << text;
    ASSERT_EQ(t.size.size(), 1u) << text;
    EXPECT_EQ(t.size[0].value.value, dec("2.0")) << text;
  }
  // The label's circumstance is still read from the running text.
  auto n = scan("Left thigh, wide excision after neoadjuvant radiation: leiomyosarcoma, 2.0 cm.");
  EXPECT_FALSE(n.circumstances.post_neoadjuvant.empty());
  // Real synoptic labels keep their meaning: no site before the colon, or an element word there.
  EXPECT_TRUE(scan("Margins (re-excision): leiomyosarcoma 0.2 cm from the deep margin.").tumours.empty());
  EXPECT_TRUE(scan("Thigh resection, specimen size: 20 x 15 x 8 cm. Leiomyosarcoma.").tumours.empty());
}

}  // namespace
}  // namespace sarcoma::core::test
