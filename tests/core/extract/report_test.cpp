// Whole reports: presentedForm (plain and HTML, base64), conclusion, coded/narrative conflicts,
// several specimens, and the scope of non-sarcoma and bone-sarcoma reports.
#include <gtest/gtest.h>

#include <string>

#include "adapter/core/extract/html_text.hpp"
#include "fhir/base64.hpp"
#include "tests/core/extract/support.hpp"

namespace sarcoma::core::test {
namespace {

fhir::Decimal dec(const char* s) {
  return *fhir::Decimal::parse(s);
}

std::string form(const std::string& content_type, const std::string& text) {
  return R"({"contentType":")" + content_type + R"(","data":")" + fhir::base64_encode(text) + R"("})";
}

// A bare DiagnosticReport with presentedForm entries and optional contained Observations.
std::string report(const std::string& forms, const std::string& extra = "") {
  return R"({"resourceType":"DiagnosticReport","id":"dr","status":"final","code":{"text":"pathology"},"presentedForm":[)" +
         forms + "]" + extra + "}";
}

TEST(ReportNarrative, PlainTextPresentedForm) {
  auto f = extract_json(report(form("text/plain",
                                    "FINAL DIAGNOSIS\n"
                                    "Left thigh, wide excision: Leiomyosarcoma, FNCLCC grade 2 (2+2+1).\n"
                                    "Tumor size: 8.2 x 5.0 x 3.1 cm\n"
                                    "Mitotic rate: 12 mitoses/10 HPF\n"
                                    "Necrosis: 30%\n"
                                    "Lymph nodes negative (0/3)\n"
                                    "Pathologic stage: pT2 N0\n")));
  EXPECT_EQ(f.scope, Scope::soft_tissue_sarcoma);
  ASSERT_EQ(f.tumours.size(), 1u);
  const auto& t = f.tumours[0];
  EXPECT_EQ(t.label, "");
  ASSERT_EQ(t.histology.size(), 1u);
  EXPECT_EQ(t.histology[0].source.resource, "DiagnosticReport/dr");
  EXPECT_EQ(t.histology[0].source.path, "DiagnosticReport.presentedForm[0].data");
  EXPECT_EQ(t.histology[0].source.line, 2);
  ASSERT_EQ(t.size.size(), 1u);
  EXPECT_EQ(t.size[0].value.value, dec("8.2"));
  ASSERT_EQ(t.mitoses.size(), 1u);
  ASSERT_EQ(t.necrosis.size(), 1u);
  ASSERT_EQ(t.stated_grade.size(), 1u);
  ASSERT_EQ(t.nodal_metastasis.size(), 1u);
  EXPECT_FALSE(t.nodal_metastasis[0].value);
  ASSERT_EQ(t.stated_t.size(), 1u);
  ASSERT_EQ(t.site.size(), 1u);
}

TEST(ReportNarrative, HtmlPresentedFormKeepsLines) {
  auto f = extract_json(report(form("text/html; charset=utf-8",
                                    "<html><head><style>p{}</style></head><body>"
                                    "<h2>Synoptic&nbsp;report</h2>"
                                    "<table><tr><td>Histologic Type</td><td>Myxoid liposarcoma</td></tr>"
                                    "<tr><td>Tumor Size</td><td>8 &times; 5 &times; 3 cm</td></tr>"
                                    "<tr><th>Necrosis</th><td>&lt;50%</td></tr></table>"
                                    "<p>Mitotic rate: 3&#47;10 HPF<br/>Margins: 1.5 cm</p></body></html>")));
  ASSERT_EQ(f.tumours.size(), 1u);
  const auto& t = f.tumours[0];
  ASSERT_EQ(t.histology.size(), 1u);
  EXPECT_EQ(t.histology[0].value.entry_id, "myxoid-liposarcoma");
  ASSERT_EQ(t.size.size(), 1u);
  EXPECT_EQ(t.size[0].value.value, dec("8"));
  ASSERT_EQ(t.necrosis.size(), 1u);
  EXPECT_EQ(t.necrosis[0].value.extent, Necrosis::Extent::less_than_50);
  ASSERT_EQ(t.mitoses.size(), 1u);
  EXPECT_EQ(t.mitoses[0].value.count, dec("3"));
}

TEST(ReportNarrative, HtmlToTextStructure) {
  EXPECT_EQ(extraction::html_to_text("<p>A<b>b</b></p><p>c &amp; d</p>"), "Ab\nc & d");
  EXPECT_EQ(extraction::html_to_text("<dl><dt>Necrosis</dt><dd>absent</dd></dl>"), "Necrosis: absent");
  EXPECT_EQ(extraction::html_to_text("a < b and 3 <4"), "a < b and 3 <4");
  EXPECT_EQ(extraction::html_to_text("x<!-- hidden -->y<script>var a='<p>';</script>z"), "xyz");
  EXPECT_EQ(extraction::html_to_text("<pre>line1\nline2</pre>"), "line1\nline2");
  EXPECT_EQ(extraction::html_to_text("&#x3C;&#60;&bogus;&"), "<<&bogus;&");
  EXPECT_EQ(extraction::html_to_text("<a href='x>y'>link</a> <unterminated"), "link <unterminated");
}

TEST(ReportNarrative, OtherContentTypesAreReported) {
  auto f = extract_json(report(form("application/pdf", "%PDF-1.4")));
  ASSERT_EQ(f.issues.size(), 1u);
  EXPECT_EQ(f.issues[0].code, "not-supported");
  EXPECT_EQ(f.issues[0].expression, "DiagnosticReport.presentedForm[0].contentType");
}

TEST(ReportNarrative, InvalidBase64IsAWarning) {
  // The codecs refuse bad base64; a report built in code can still carry it.
  fhir::DiagnosticReport dr;
  dr.id = "dr";
  fhir::Attachment a;
  a.contentType = "text/plain";
  a.data = "not base64!";
  dr.presentedForm.push_back(a);
  fhir::ResolvedReport rr;
  rr.report = &dr;
  rr.reference = "DiagnosticReport/dr";
  rr.path = "DiagnosticReport";
  auto f = extract(rr, rules());
  ASSERT_EQ(f.issues.size(), 1u);
  EXPECT_EQ(f.issues[0].severity, fhir::Severity::warning);
  EXPECT_EQ(f.issues[0].expression, "DiagnosticReport.presentedForm[0].data");
  EXPECT_TRUE(f.tumours.empty());
}

TEST(ReportNarrative, Base64RoundTripOfUtf8) {
  auto f =
      extract_json(report(form("text/plain", "Tumour size: 82\xC2\xA0mm; tumour necrosis \xE2\x89\xA5 50%")));
  ASSERT_EQ(f.tumours.size(), 1u);
  EXPECT_EQ(f.tumours[0].size.at(0).value.value, dec("82"));
  EXPECT_EQ(f.tumours[0].necrosis.at(0).value.extent, Necrosis::Extent::at_least_50);
}

TEST(ReportNarrative, Conclusion) {
  auto f = extract_json(R"({"resourceType":"DiagnosticReport","id":"dr","status":"final","code":{"text":"p"},
    "conclusion":"Synovial sarcoma, FNCLCC grade 3. Status post neoadjuvant chemotherapy."})");
  ASSERT_EQ(f.tumours.size(), 1u);
  EXPECT_EQ(f.tumours[0].histology.at(0).source.path, "DiagnosticReport.conclusion");
  EXPECT_EQ(f.tumours[0].stated_grade.at(0).value.value, "G3");
  ASSERT_EQ(f.circumstances.post_neoadjuvant.size(), 1u);
  EXPECT_TRUE(f.circumstances.post_neoadjuvant[0].value);
}

TEST(ReportConflicts, CodedAndNarrativeSizeDisagree) {
  auto f = extract_json(report(form("text/plain", "Leiomyosarcoma. Tumor size: 9.0 cm"),
                               R"(,"contained":[{"resourceType":"Observation","id":"s","status":"final",
      "code":{"coding":[{"system":"http://loinc.org","code":"33728-7"}]},
      "valueQuantity":{"value":82,"unit":"mm","system":"http://unitsofmeasure.org","code":"mm"}}],
      "result":[{"reference":"#s"}])"));
  ASSERT_EQ(f.tumours.size(), 1u);
  ASSERT_EQ(f.tumours[0].size.size(), 2u);  // both kept
  ASSERT_EQ(f.conflicts.size(), 1u);
  EXPECT_EQ(f.conflicts[0].element, "size");
  ASSERT_EQ(f.conflicts[0].sources.size(), 2u);
  EXPECT_EQ(f.conflicts[0].sources[0].resource, "#s");
  EXPECT_EQ(f.conflicts[0].sources[1].path, "DiagnosticReport.presentedForm[0].data");
}

TEST(ReportConflicts, EqualValuesInDifferentUnitsAgree) {
  auto f = extract_json(report(form("text/plain", "Leiomyosarcoma. Tumor size: 8.2 cm"),
                               R"(,"contained":[{"resourceType":"Observation","id":"s","status":"final",
      "code":{"coding":[{"system":"http://loinc.org","code":"33728-7"}]},
      "valueQuantity":{"value":82,"unit":"mm","system":"http://unitsofmeasure.org","code":"mm"}}],
      "result":[{"reference":"#s"}])"));
  EXPECT_TRUE(f.conflicts.empty());
}

TEST(ReportConflicts, HistologyDisagreement) {
  auto f = extract_json(report(
      form("text/plain", "Diagnosis: synovial sarcoma"),
      R"(,"conclusionCode":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/icd-o-3","code":"8890/3"}]}])"));
  ASSERT_EQ(f.conflicts.size(), 1u);
  EXPECT_EQ(f.conflicts[0].element, "histology");
  EXPECT_EQ(f.tumours.at(0).histology.size(), 2u);
}

TEST(ReportSpecimens, LymphNodePartLendsItsStatus) {
  auto f = extract_json(
      report(form("text/plain",
                  "A. Left thigh, resection: Leiomyosarcoma, 8 cm.\n"
                  "B. Left inguinal lymph nodes: Three lymph nodes, negative for malignancy (0/3).\n")));
  ASSERT_EQ(f.tumours.size(), 1u);
  EXPECT_EQ(f.tumours[0].label, "");
  ASSERT_EQ(f.tumours[0].nodal_metastasis.size(), 1u);
  EXPECT_FALSE(f.tumours[0].nodal_metastasis[0].value);
}

TEST(ReportSpecimens, TwoTumoursStaySeparate) {
  auto f = extract_json(report(form("text/plain",
                                    "Specimen A: Left thigh: Leiomyosarcoma, 8.2 cm, FNCLCC grade 2.\n"
                                    "Specimen B: Right arm: Synovial sarcoma, 4 cm, FNCLCC grade 3.\n"
                                    "Distant metastasis: not identified\n")));
  ASSERT_EQ(f.tumours.size(), 2u);
  EXPECT_EQ(f.tumours[0].label, "A");
  EXPECT_EQ(f.tumours[1].label, "B");
  EXPECT_EQ(f.tumours[0].size.at(0).value.value, dec("8.2"));
  EXPECT_EQ(f.tumours[1].size.at(0).value.value, dec("4"));
}

TEST(ReportScope, CarcinomaIsNotSarcoma) {
  auto f = extract_json(report(form(
      "text/plain", "Diagnosis: Squamous cell carcinoma, 3.5 cm. Lymph nodes: 2/10 positive. pT2 N1\n")));
  EXPECT_EQ(f.scope, Scope::not_sarcoma);
  for (const auto& t : f.tumours) {
    EXPECT_TRUE(t.size.empty());
    EXPECT_TRUE(t.nodal_metastasis.empty());
    EXPECT_TRUE(t.stated_t.empty());
  }
}

TEST(ReportScope, BenignLipomaAndLymphomaAndMelanoma) {
  EXPECT_EQ(extract_json(report(form("text/plain", "Subcutaneous lipoma, 4 cm."))).scope, Scope::not_sarcoma);
  EXPECT_EQ(extract_json(report(form("text/plain", "Diffuse large B-cell lymphoma."))).scope,
            Scope::not_sarcoma);
  EXPECT_EQ(extract_json(report(form("text/plain", "Uterus: leiomyoma, 3 cm."))).scope, Scope::not_sarcoma);
  EXPECT_EQ(extract_json(report(form("text/plain", "Malignant melanoma, Breslow 2 mm."))).scope,
            Scope::not_sarcoma);
}

TEST(ReportScope, BoneSarcoma) {
  auto f =
      extract_json(report(form("text/plain", "Distal femur: conventional osteosarcoma, 9 cm, grade 3.")));
  EXPECT_EQ(f.scope, Scope::bone_sarcoma);
  ASSERT_EQ(f.tumours.size(), 1u);
  EXPECT_EQ(f.tumours[0].histology.size(), 1u);
  EXPECT_TRUE(f.tumours[0].size.empty());
  EXPECT_TRUE(f.tumours[0].stated_grade.empty());
}

TEST(ReportScope, ExtraskeletalOsteosarcomaIsSoftTissue) {
  auto f = extract_json(report(form("text/plain", "Thigh: extraskeletal osteosarcoma, 9 cm.")));
  EXPECT_EQ(f.scope, Scope::soft_tissue_sarcoma);
}

TEST(ReportScope, NoHistologyIsUndetermined) {
  auto f = extract_json(report(form("text/plain", "Specimen received in formalin.")));
  EXPECT_EQ(f.scope, Scope::undetermined);
}

}  // namespace
}  // namespace sarcoma::core::test
