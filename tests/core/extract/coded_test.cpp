// Coded input through the real FHIR model: Bundle and contained Observations, components,
// hasMember panels, bodySite, conclusionCode, value types; unknown codes -> informational issues.
#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <utility>

#include "fhir/base64.hpp"
#include "tests/core/extract/support.hpp"

namespace sarcoma::core::test {
namespace {

fhir::Decimal dec(const char* s) {
  return *fhir::Decimal::parse(s);
}

// A collection Bundle: one DiagnosticReport citing `results` (JSON of the result array) plus the
// given Observation entries.
std::string bundle(const std::string& report_extra, const std::string& results, const std::string& entries) {
  return R"({"resourceType":"Bundle","type":"collection","entry":[
    {"fullUrl":"http://x.org/fhir/DiagnosticReport/dr1","resource":{"resourceType":"DiagnosticReport","id":"dr1",
     "status":"final","code":{"coding":[{"system":"http://loinc.org","code":"60568-3"}]},"result":)" +
         results + report_extra + "}}" + entries + "]}";
}

std::string obs(const std::string& id, const std::string& body) {
  return R"(,{"fullUrl":"http://x.org/fhir/Observation/)" + id +
         R"(","resource":{"resourceType":"Observation","id":")" + id + R"(","status":"final",)" + body + "}}";
}

std::string loinc(const char* code) {
  return std::string(R"("code":{"coding":[{"system":"http://loinc.org","code":")") + code + R"("}]})";
}

TEST(Coded, McodeTumourSizeComponents) {
  auto f = extract_json(
      bundle("", R"([{"reference":"Observation/size"}])", obs("size", loinc("21889-1") + R"(,"component":[
      {"code":{"coding":[{"system":"http://loinc.org","code":"33728-7"}]},
       "valueQuantity":{"value":82,"unit":"mm","system":"http://unitsofmeasure.org","code":"mm"}},
      {"code":{"coding":[{"system":"http://loinc.org","code":"33729-5"}]},
       "valueQuantity":{"value":50,"unit":"mm","system":"http://unitsofmeasure.org","code":"mm"}}])")));
  ASSERT_EQ(f.tumours.size(), 1u);
  ASSERT_EQ(f.tumours[0].size.size(), 1u);
  const auto& s = f.tumours[0].size[0];
  EXPECT_EQ(s.value.value, dec("82"));
  EXPECT_EQ(s.value.unit, "mm");
  EXPECT_EQ(s.method, Method::coded);
  EXPECT_EQ(s.source.resource, "Observation/size");
  EXPECT_EQ(s.source.path, "Observation.component[0].valueQuantity");
  EXPECT_EQ(s.source.line, 0);
  EXPECT_EQ(f.report_reference, "DiagnosticReport/dr1");
}

TEST(Coded, HistologyGradeTnmAndSite) {
  auto f = extract_json(bundle(
      "", R"([{"reference":"Observation/h"},{"reference":"Observation/g"},{"reference":"Observation/t"},
             {"reference":"Observation/n"},{"reference":"Observation/st"}])",
      obs("h",
          loinc("31206-6") +
              R"(,"valueCodeableConcept":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/icd-o-3","code":"8890/3"}]},
           "bodySite":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/icd-o-3","code":"C49.2"}]})") +
          obs("g",
              loinc("33732-9") +
                  R"(,"valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"1228850007"}]})") +
          obs("t", R"("code":{"coding":[{"system":"http://snomed.info/sct","code":"384625004"}]},
               "valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"1229967007","display":"American Joint Committee on Cancer pT2, qualifier value"}]})") +
          obs("n",
              loinc("21900-6") +
                  R"(,"valueCodeableConcept":{"coding":[{"system":"http://cancerstaging.org","code":"N0"}]})") +
          obs("st", loinc("21902-2") + R"(,"valueCodeableConcept":{"text":"IIIA"})")));
  ASSERT_EQ(f.tumours.size(), 1u);
  const auto& t = f.tumours[0];
  EXPECT_EQ(f.scope, Scope::soft_tissue_sarcoma);
  ASSERT_EQ(t.histology.size(), 1u);
  EXPECT_EQ(t.histology[0].value.entry_id, "leiomyosarcoma");
  EXPECT_EQ(t.histology[0].value.codings.at(0).code, "8890/3");
  EXPECT_EQ(t.histology[0].source.path, "Observation.valueCodeableConcept");
  ASSERT_EQ(t.site.size(), 1u);
  EXPECT_EQ(t.site[0].value.entry_id, "lower-limb");
  EXPECT_EQ(t.site[0].source.path, "Observation.bodySite");
  ASSERT_EQ(t.stated_grade.size(), 1u);
  EXPECT_EQ(t.stated_grade[0].value.value, "G2");
  EXPECT_EQ(t.stated_grade[0].method, Method::coded);
  ASSERT_EQ(t.stated_t.size(), 1u);
  EXPECT_EQ(t.stated_t[0].value.value, "T2");
  EXPECT_EQ(t.stated_t[0].value.prefix, "p");
  EXPECT_EQ(t.stated_t[0].method, Method::coded);
  ASSERT_EQ(t.stated_n.size(), 1u);
  EXPECT_EQ(t.stated_n[0].value.value, "N0");
  EXPECT_EQ(t.stated_n[0].value.prefix, "p");  // from the pathological LOINC code
  ASSERT_EQ(t.stated_stage_group.size(), 1u);
  EXPECT_EQ(t.stated_stage_group[0].value.value, "IIIA");
  EXPECT_TRUE(f.conflicts.empty());
}

TEST(Coded, PanelMembersAndLocalCodesForMitosesAndNecrosis) {
  const std::string local = "https://sarcoma-adapter.dev/fhir/CodeSystem/local-element";
  auto f = extract_json(bundle(
      "", R"([{"reference":"Observation/panel"}])",
      obs("panel",
          loinc("60568-3") +
              R"(,"hasMember":[{"reference":"Observation/m"},{"reference":"Observation/nec"},{"reference":"Observation/ds"}])") +
          obs("m", R"("code":{"coding":[{"system":")" + local +
                       R"(","code":"mitotic-count"}]},"valueInteger":12)") +
          obs("nec",
              R"("code":{"coding":[{"system":")" + local +
                  R"(","code":"necrosis"}]},"valueQuantity":{"value":30,"unit":"%","system":"http://unitsofmeasure.org","code":"%"})") +
          obs("ds", R"("code":{"coding":[{"system":")" + local +
                        R"(","code":"differentiation-score"}]},"valueInteger":2)")));
  ASSERT_EQ(f.tumours.size(), 1u);
  const auto& t = f.tumours[0];
  ASSERT_EQ(t.mitoses.size(), 1u);
  EXPECT_EQ(t.mitoses[0].value.count, dec("12"));
  EXPECT_EQ(t.mitoses[0].value.per_amount, dec("10"));
  ASSERT_EQ(t.necrosis.size(), 1u);
  EXPECT_EQ(t.necrosis[0].value.extent, Necrosis::Extent::less_than_50);
  EXPECT_EQ(*t.necrosis[0].value.percent, dec("30"));
  ASSERT_EQ(t.stated_differentiation_score.size(), 1u);
  EXPECT_EQ(t.stated_differentiation_score[0].value, 2);
  EXPECT_TRUE(f.issues.empty()) << f.issues.front().diagnostics;  // the panel code is known
}

TEST(Coded, CapEccQuestionsRecognisedByTheirText) {
  const std::string cap = "https://cap.org/eCC";
  auto f = extract_json(bundle(
      "", R"([{"reference":"Observation/q1"},{"reference":"Observation/q2"},{"reference":"Observation/q3"}])",
      obs("q1",
          R"("code":{"coding":[{"system":")" + cap + R"(","code":"2120.100004300","display":"Mitotic Rate"}]},
              "valueString":"15 mitoses per 10 HPF")") +
          obs("q2", R"("code":{"coding":[{"system":")" + cap +
                        R"(","code":"2121.100004300","display":"Necrosis"}]},
              "valueCodeableConcept":{"coding":[{"system":")" +
                        cap + R"(","code":"2122.100004300","display":"Not identified"}]})") +
          obs("q3",
              R"("code":{"coding":[{"system":")" + cap +
                  R"(","code":"2123.100004300","display":"Histologic Grade, FNCLCC"}]},
              "valueCodeableConcept":{"coding":[{"system":")" +
                  cap +
                  R"(","code":"2124.100004300","display":"G3: Total differentiation, mitotic count and necrosis score of 6, 7, or 8"}]})")));
  ASSERT_EQ(f.tumours.size(), 1u);
  const auto& t = f.tumours[0];
  ASSERT_EQ(t.mitoses.size(), 1u);
  EXPECT_EQ(t.mitoses[0].method, Method::narrative);  // a string value
  EXPECT_EQ(t.mitoses[0].source.path, "Observation.valueString");
  ASSERT_EQ(t.necrosis.size(), 1u);
  EXPECT_EQ(t.necrosis[0].value.extent, Necrosis::Extent::absent);
  EXPECT_EQ(t.necrosis[0].method, Method::coded);
  ASSERT_EQ(t.stated_grade.size(), 1u);
  EXPECT_EQ(t.stated_grade[0].value.value, "G3");
}

TEST(Coded, ContainedObservations) {
  auto f = extract_json(R"({"resourceType":"DiagnosticReport","id":"dr2","status":"final",
    "code":{"text":"pathology"},
    "contained":[{"resourceType":"Observation","id":"s","status":"final",
      "code":{"coding":[{"system":"http://loinc.org","code":"33728-7"}]},
      "valueQuantity":{"value":8.2,"unit":"cm","system":"http://unitsofmeasure.org","code":"cm"}}],
    "result":[{"reference":"#s"}]})");
  ASSERT_EQ(f.tumours.size(), 1u);
  ASSERT_EQ(f.tumours[0].size.size(), 1u);
  EXPECT_EQ(f.tumours[0].size[0].value.value.text(), "8.2");
  EXPECT_EQ(f.tumours[0].size[0].source.resource, "#s");
}

TEST(Coded, ConclusionCodeAndBooleanAndIntegerValues) {
  const std::string local = "https://sarcoma-adapter.dev/fhir/CodeSystem/local-element";
  auto f = extract_json(bundle(
      R"(,"conclusionCode":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/icd-o-3","code":"9040/3"}]}])",
      R"([{"reference":"Observation/pn"},{"reference":"Observation/neo"}])",
      obs("pn", loinc("21893-3") + R"(,"valueInteger":1)") +
          obs("neo", R"("code":{"coding":[{"system":")" + local +
                         R"(","code":"post-neoadjuvant"}]},"valueBoolean":true)")));
  ASSERT_EQ(f.tumours.size(), 1u);
  const auto& t = f.tumours[0];
  ASSERT_EQ(t.histology.size(), 1u);
  EXPECT_EQ(t.histology[0].value.entry_id, "synovial-sarcoma");
  EXPECT_EQ(t.histology[0].source.path, "DiagnosticReport.conclusionCode[0]");
  ASSERT_EQ(t.nodal_metastasis.size(), 1u);
  EXPECT_TRUE(t.nodal_metastasis[0].value);
  ASSERT_EQ(f.circumstances.post_neoadjuvant.size(), 1u);
  EXPECT_TRUE(f.circumstances.post_neoadjuvant[0].value);
}

TEST(Coded, UnknownCodesGiveInformationalIssuesAndNoFact) {
  auto f = extract_json(bundle(
      R"(,"conclusionCode":[{"coding":[{"system":"http://snomed.info/sct","code":"999999999"}]}])",
      R"([{"reference":"Observation/u"},{"reference":"Observation/h"}])",
      obs("u",
          R"("code":{"coding":[{"system":"http://example.org/local","code":"xyz"}]},"valueQuantity":{"value":3})") +
          obs("h",
              loinc("31206-6") +
                  R"(,"valueCodeableConcept":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/icd-o-3","code":"0000/0"}]})")));
  EXPECT_EQ(f.scope, Scope::undetermined);
  for (const auto& t : f.tumours) EXPECT_TRUE(t.histology.empty());
  ASSERT_EQ(f.issues.size(), 3u);
  for (const auto& i : f.issues) EXPECT_EQ(i.severity, fhir::Severity::information);
  EXPECT_EQ(f.issues[0].code, "not-supported");
  EXPECT_EQ(f.issues[0].expression, "Bundle.entry[1].resource.code");
  EXPECT_EQ(f.issues[1].code, "code-invalid");
  EXPECT_EQ(f.issues[1].expression, "Bundle.entry[2].resource.valueCodeableConcept.coding[0]");
  EXPECT_EQ(f.issues[2].code, "code-invalid");
  EXPECT_EQ(f.issues[2].expression, "Bundle.entry[0].resource.conclusionCode[0].coding[0]");
}

TEST(Coded, SizeWithUnknownUnitIsReported) {
  auto f =
      extract_json(bundle("", R"([{"reference":"Observation/s"}])",
                          obs("s", loinc("33728-7") + R"(,"valueQuantity":{"value":8,"unit":"furlong"})")));
  for (const auto& t : f.tumours) EXPECT_TRUE(t.size.empty());
  ASSERT_EQ(f.issues.size(), 1u);
  EXPECT_EQ(f.issues[0].code, "code-invalid");
  EXPECT_EQ(f.issues[0].expression, "Bundle.entry[1].resource.valueQuantity");
}

TEST(Coded, ObservationNoteIsNarrative) {
  auto f = extract_json(bundle(
      "", R"([{"reference":"Observation/h"}])",
      obs("h",
          loinc("31206-6") +
              R"(,"valueCodeableConcept":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/icd-o-3","code":"8890/3"}]},
          "note":[{"text":"Necrosis: 20%."}])")));
  ASSERT_EQ(f.tumours.size(), 1u);
  ASSERT_EQ(f.tumours[0].necrosis.size(), 1u);
  EXPECT_EQ(f.tumours[0].necrosis[0].source.path, "Observation.note[0].text");
  EXPECT_EQ(f.tumours[0].necrosis[0].source.resource, "Observation/h");
  EXPECT_EQ(f.tumours[0].necrosis[0].method, Method::narrative);
}

TEST(Coded, WithoutElementTableEveryCodeIsReported) {
  auto parsed =
      fhir::parse_json(bundle("", R"([{"reference":"Observation/s"}])",
                              obs("s", loinc("33728-7") + R"(,"valueQuantity":{"value":8,"code":"cm"})")));
  ASSERT_TRUE(parsed.ok());
  auto all = extract_all(parsed->resource, rules());
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_TRUE(all->front().tumours.empty());
  ASSERT_EQ(all->front().issues.size(), 1u);
  EXPECT_EQ(all->front().issues[0].code, "not-supported");
}

}  // namespace
}  // namespace sarcoma::core::test

namespace sarcoma::core::test {
namespace {

// The denominator of a coded mitotic count comes from its unit, whatever way it is spelled; a
// misread "per 10 HPF" as "per 1 HPF" would grade ten times too high.
TEST(Coded, MitoticCountUnitsGiveTheRightField) {
  const std::string local = "https://sarcoma-adapter.dev/fhir/CodeSystem/local-element";
  struct Case {
    const char* unit;
    MitoticRate::Per per;
    const char* amount;
  };
  for (const Case& c : {Case{"mitoses per 10 HPF", MitoticRate::Per::hpf, "10"}, Case{"/10 HPF", MitoticRate::Per::hpf, "10"},
                        Case{"/10.[HPF]", MitoticRate::Per::hpf, "10"}, Case{"{mitoses}/50 HPF", MitoticRate::Per::hpf, "50"},
                        Case{"/(10.HPF)", MitoticRate::Per::hpf, "10"}, Case{"/HPF", MitoticRate::Per::hpf, "1"},
                        Case{"per high power field", MitoticRate::Per::hpf, "1"}, Case{"/mm2", MitoticRate::Per::mm2, "1"},
                        Case{"per 2 mm2", MitoticRate::Per::mm2, "2"}}) {
    auto f = extract_json(bundle("", R"([{"reference":"Observation/m"}])",
                                 obs("m", R"("code":{"coding":[{"system":")" + local +
                                              R"(","code":"mitotic-count"}]},"valueQuantity":{"value":12,"unit":")" +
                                              c.unit + R"("})")));
    ASSERT_EQ(f.tumours.size(), 1u) << c.unit;
    ASSERT_EQ(f.tumours[0].mitoses.size(), 1u) << c.unit;
    const auto& r = f.tumours[0].mitoses[0].value;
    EXPECT_EQ(r.per_unit, c.per) << c.unit;
    EXPECT_EQ(r.per_amount, dec(c.amount)) << c.unit;
  }
}

}  // namespace
}  // namespace sarcoma::core::test

namespace sarcoma::core::test {
namespace {

// A unit whose field count cannot be read exactly gives no mitotic count and an informational
// issue, never a guessed denominator ("per ten HPF" read as per 1 HPF would be a tenfold count).
TEST(Coded, MitoticCountWithAnUnreadableFieldIsNotAFact) {
  const std::string local = "https://sarcoma-adapter.dev/fhir/CodeSystem/local-element";
  for (const char* unit :
       {"mitoses per ten HPF", "HPF", "/0 HPF", "per 1O HPF", "mitoses per field", "/cm2"}) {
    auto f = extract_json(
        bundle("", R"([{"reference":"Observation/m"}])",
               obs("m", R"("code":{"coding":[{"system":")" + local +
                            R"(","code":"mitotic-count"}]},"valueQuantity":{"value":12,"unit":")" + unit +
                            R"("})")));
    for (const auto& t : f.tumours) EXPECT_TRUE(t.mitoses.empty()) << unit;
    bool reported = false;
    for (const auto& i : f.issues) {
      reported = reported || (i.severity == fhir::Severity::information &&
                              i.diagnostics.find("mitotic count unit not understood") != std::string::npos);
    }
    EXPECT_TRUE(reported) << unit;
  }
  // Spellings that still name the field exactly.
  for (const char* unit : {"mitoses/high-power field", "per HPF", "mitoses per 10 high-power fields"}) {
    auto f = extract_json(
        bundle("", R"([{"reference":"Observation/m"}])",
               obs("m", R"("code":{"coding":[{"system":")" + local +
                            R"(","code":"mitotic-count"}]},"valueQuantity":{"value":12,"unit":")" + unit +
                            R"("})")));
    ASSERT_EQ(f.tumours.size(), 1u) << unit;
    ASSERT_EQ(f.tumours[0].mitoses.size(), 1u) << unit;
    EXPECT_EQ(f.tumours[0].mitoses[0].value.per_unit, MitoticRate::Per::hpf) << unit;
  }
}

}  // namespace
}  // namespace sarcoma::core::test

namespace sarcoma::core::test {
namespace {

// A Ratio's denominator counts the fields; its unit names the field ("HPF") or a field group.
TEST(Coded, MitoticCountAsARatio) {
  const std::string local = "https://sarcoma-adapter.dev/fhir/CodeSystem/local-element";
  auto ratio = [&](const char* value, const char* unit) {
    return extract_json(bundle(
        "", R"([{"reference":"Observation/m"}])",
        obs("m",
            R"("code":{"coding":[{"system":")" + local +
                R"(","code":"mitotic-count"}]},"valueRatio":{"numerator":{"value":12},"denominator":{"value":)" +
                value + R"(,"unit":")" + unit + R"("}})")));
  };
  for (auto [value, unit, amount] : {std::tuple{"10", "HPF", "10"}, std::tuple{"1", "10 HPF", "10"},
                                     std::tuple{"10", "[HPF]", "10"}, std::tuple{"1", "mm2", "1"}}) {
    auto f = ratio(value, unit);
    ASSERT_EQ(f.tumours.size(), 1u) << unit;
    ASSERT_EQ(f.tumours[0].mitoses.size(), 1u) << unit;
    EXPECT_EQ(f.tumours[0].mitoses[0].value.per_amount, dec(amount)) << unit;
  }
  for (auto [value, unit] : {std::pair{"10", "ten HPF"}, std::pair{"0", "HPF"}, std::pair{"10", "fields"}}) {
    auto f = ratio(value, unit);
    for (const auto& t : f.tumours) EXPECT_TRUE(t.mitoses.empty()) << unit;
  }
}

}  // namespace
}  // namespace sarcoma::core::test
