// Extraction per report (issue 5): a coded report (Bundle with 9 Observations: mCODE size panel,
// histology + bodySite, grade, TNM, stage, local mitoses/necrosis codes, a hasMember panel) and a
// narrative report (plain-text presentedForm, ~1.6 KB synoptic + free text). Parsing and reference
// resolution happen once, outside the timed loop. Numbers: docs/PERFORMANCE.md "## Extraction".
//
// The Rules here are the tests' fake (tests/core/extract/fake_rules.hpp): its phrase search is a
// naive per-synonym scan, timed separately (BM_ExtractFakePhraseSearch) so that the scanner's own
// cost can be read as the difference until the real mappings/ Rules is available.
#include <benchmark/benchmark.h>

#include <string>

#include "adapter/core/extract/extract.hpp"
#include "fhir/base64.hpp"
#include "fhir/json_codec.hpp"
#include "fhir/resolve.hpp"
#include "mappings/element_codes.hpp"
#include "tests/core/extract/fake_rules.hpp"

namespace {

using namespace sarcoma;

const core::test::FakeRules& rules() {
  static const core::test::FakeRules r(std::string(SARCOMA_SOURCE_DIR) + "/mappings/histology.json");
  return r;
}

const mappings::ElementCodes& elements() {
  static const mappings::ElementCodes e = [] {
    auto r = mappings::load_element_codes(std::string(SARCOMA_SOURCE_DIR) + "/mappings/elements.json");
    return r.ok() ? std::move(r).value() : mappings::ElementCodes{};
  }();
  return e;
}

const char* kNarrative =
    "SURGICAL PATHOLOGY REPORT\n"
    "CLINICAL HISTORY: 61-year-old with a deep mass of the left thigh, status post neoadjuvant radiation.\n"
    "GROSS DESCRIPTION: Received fresh labeled 'left thigh mass' is a resection specimen measuring\n"
    "20 x 15 x 8 cm. Sectioning reveals a well-circumscribed tan-white tumor measuring 8.2 x 5.0 x 3.1 cm,\n"
    "located 1.5 cm from the deep margin. Representative sections are submitted in cassettes A1-A12.\n"
    "MICROSCOPIC DESCRIPTION: Sections show a spindle cell neoplasm arranged in intersecting fascicles\n"
    "with eosinophilic cytoplasm and cigar-shaped nuclei. Up to 12 mitoses/10 HPF are counted. Tumor\n"
    "necrosis involves approximately 30% of the tumor. No lymphovascular invasion is identified.\n"
    "FINAL DIAGNOSIS:\n"
    "A. Left thigh, wide local excision: Leiomyosarcoma, FNCLCC grade 2 (2+2+1), 8.2 cm.\n"
    "   Margins negative; closest margin deep, 1.5 cm.\n"
    "B. Left inguinal lymph nodes, excision: Three lymph nodes, negative for malignancy (0/3).\n"
    "SYNOPTIC REPORT\n"
    "Procedure: Resection\n"
    "Tumor Site: Thigh\n"
    "Histologic Type: Leiomyosarcoma\n"
    "Tumor Size: Greatest dimension (Centimeters): 8.2\n"
    "Mitotic Rate: 12/10 HPF\n"
    "Necrosis: Present, 30%\n"
    "Histologic Grade (FNCLCC): G2\n"
    "Margins: Negative for sarcoma; closest 1.5 cm (deep)\n"
    "Regional Lymph Nodes: Negative (0/3)\n"
    "Distant Metastasis: Not applicable\n"
    "Treatment Effect: Present, 20% residual viable tumor\n"
    "Pathologic Stage Classification (pTNM, AJCC 8th Edition): ypT2 pN0\n";

std::string narrative_report() {
  return std::string(
             R"({"resourceType":"DiagnosticReport","id":"dr","status":"final","code":{"text":"pathology"},)") +
         R"("presentedForm":[{"contentType":"text/plain","data":")" + fhir::base64_encode(kNarrative) +
         R"("}]})";
}

std::string coded_report() {
  auto obs = [](const std::string& id, const std::string& body) {
    return R"(,{"fullUrl":"http://x.org/fhir/Observation/)" + id +
           R"(","resource":{"resourceType":"Observation","id":")" + id + R"(","status":"final",)" + body +
           "}}";
  };
  auto loinc = [](const char* code) {
    return std::string(R"("code":{"coding":[{"system":"http://loinc.org","code":")") + code + R"("}]})";
  };
  const std::string local = "https://sarcoma-adapter.dev/fhir/CodeSystem/local-element";
  std::string entries =
      obs("panel", loinc("60568-3") +
                       R"(,"hasMember":[{"reference":"Observation/m"},{"reference":"Observation/nec"}])") +
      obs("size", loinc("21889-1") +
                      R"(,"component":[{"code":{"coding":[{"system":"http://loinc.org","code":"33728-7"}]},
          "valueQuantity":{"value":82,"unit":"mm","system":"http://unitsofmeasure.org","code":"mm"}}])") +
      obs("h",
          loinc("31206-6") +
              R"(,"valueCodeableConcept":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/icd-o-3","code":"8890/3"}]},
          "bodySite":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/icd-o-3","code":"C49.2"}]})") +
      obs("g",
          loinc("33732-9") +
              R"(,"valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"1228850007"}]})") +
      obs("t",
          loinc("21899-0") +
              R"(,"valueCodeableConcept":{"coding":[{"system":"http://cancerstaging.org","code":"T2"}]})") +
      obs("n",
          loinc("21900-6") +
              R"(,"valueCodeableConcept":{"coding":[{"system":"http://cancerstaging.org","code":"N0"}]})") +
      obs("st",
          loinc("21902-2") +
              R"(,"valueCodeableConcept":{"coding":[{"system":"http://cancerstaging.org","code":"IIIA"}]})") +
      obs("m",
          R"("code":{"coding":[{"system":")" + local + R"(","code":"mitotic-count"}]},"valueInteger":12)") +
      obs("nec",
          R"("code":{"coding":[{"system":")" + local +
              R"(","code":"necrosis"}]},"valueQuantity":{"value":30,"unit":"%","system":"http://unitsofmeasure.org","code":"%"})");
  return R"({"resourceType":"Bundle","type":"collection","entry":[
    {"fullUrl":"http://x.org/fhir/DiagnosticReport/dr1","resource":{"resourceType":"DiagnosticReport","id":"dr1",
     "status":"final","code":{"coding":[{"system":"http://loinc.org","code":"60568-3"}]},"result":[
     {"reference":"Observation/panel"},{"reference":"Observation/size"},{"reference":"Observation/h"},
     {"reference":"Observation/g"},{"reference":"Observation/t"},{"reference":"Observation/n"},
     {"reference":"Observation/st"}]}})" +
         entries + "]}";
}

void run_extract(benchmark::State& state, const std::string& json) {
  auto parsed = fhir::parse_json(json);
  if (!parsed.ok()) {
    state.SkipWithError("parse failed");
    return;
  }
  auto resolved = fhir::resolve_reports(parsed->resource);
  if (!resolved.ok() || resolved->empty()) {
    state.SkipWithError("resolve failed");
    return;
  }
  core::Extractor extractor(rules(), elements());
  std::size_t facts = 0;
  for (auto _ : state) {
    auto f = extractor(resolved->front());
    facts = f.tumours.empty() ? 0 : f.tumours.front().size.size();
    benchmark::DoNotOptimize(f);
  }
  state.counters["sizes"] = static_cast<double>(facts);
  state.SetItemsProcessed(state.iterations());
}

void BM_ExtractCodedReport(benchmark::State& state) {
  run_extract(state, coded_report());
}
BENCHMARK(BM_ExtractCodedReport);

void BM_ExtractNarrativeReport(benchmark::State& state) {
  run_extract(state, narrative_report());
  state.SetBytesProcessed(state.iterations() *
                          static_cast<std::int64_t>(std::string_view(kNarrative).size()));
}
BENCHMARK(BM_ExtractNarrativeReport);

void BM_ExtractNarrativeScanOnly(benchmark::State& state) {
  std::string_view text = kNarrative;
  for (auto _ : state) {
    auto n = core::scan_narrative(text, rules());
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ExtractNarrativeScanOnly);

void BM_ExtractFakePhraseSearch(benchmark::State& state) {
  std::string_view text = kNarrative;
  for (auto _ : state) {
    auto h = rules().find_histology_phrases(text);
    auto s = rules().find_site_phrases(text);
    benchmark::DoNotOptimize(h);
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ExtractFakePhraseSearch);

}  // namespace
