// FHIR codec throughput on a representative pathology Bundle: a DiagnosticReport with a narrative
// presentedForm and 8 Observations. Typed parse/serialise in JSON and XML, beside a raw RapidJSON
// DOM parse (and a raw pugixml parse) of the same bytes. Target: typed JSON parse within 2x of raw.
#include <benchmark/benchmark.h>

#include <pugixml.hpp>
#include <string>

#include "fhir/base64.hpp"
#include "fhir/json_codec.hpp"
#include "fhir/rapidjson.hpp"
#include "fhir/xml_codec.hpp"

namespace {

using namespace sarcoma::fhir;

CodeableConcept loinc(const char* code, const char* display) {
  CodeableConcept cc;
  Coding& c = cc.coding.emplace_back();
  c.system = "http://loinc.org";
  c.code = code;
  c.display = display;
  cc.text = display;
  return cc;
}

Reference ref(std::string r) {
  Reference x;
  x.reference = std::move(r);
  return x;
}

Observation observation(int i) {
  Observation o;
  o.id = "obs-" + std::to_string(i);
  o.meta.emplace().lastUpdated = "2024-05-01T10:00:00.000Z";
  o.status = "final";
  Coding& cat = o.category.emplace_back().coding.emplace_back();
  cat.system = "http://terminology.hl7.org/CodeSystem/observation-category";
  cat.code = "laboratory";
  o.subject = ref("Patient/p1");
  o.effective = DateTime("2024-04-30T08:00:00+02:00");
  o.specimen = ref("Specimen/s1");
  switch (i % 4) {
    case 0: {
      o.code = loinc("21889-1", "Size Tumor");
      ObservationComponent& c = o.component.emplace_back();
      c.code = loinc("33728-7", "Size.maximum dimension in Tumor");
      Quantity q;
      q.value = *Decimal::parse("6.50");
      q.unit = "cm";
      q.system = "http://unitsofmeasure.org";
      q.code = "cm";
      c.value = q;
      break;
    }
    case 1: {
      o.code = loinc("31206-6", "Histology and behavior ICD-O-3 Cancer");
      CodeableConcept v;
      Coding& c = v.coding.emplace_back();
      c.system = "http://terminology.hl7.org/CodeSystem/icd-o-3";
      c.code = "8890/3";
      c.display = "Leiomyosarcoma, NOS";
      o.value = v;
      break;
    }
    case 2: {
      o.code = loinc("33732-9", "Histology grade [Identifier] in Cancer specimen");
      o.value = String("Mitotic count 12 per 10 HPF; necrosis < 50%");
      o.note.emplace_back().text = "FNCLCC score: differentiation 2, mitoses 2, necrosis 1";
      break;
    }
    default: {
      o.code = loinc("21899-0", "Primary tumor.pathology Cancer");
      o.bodySite.emplace().coding.emplace_back().code = "C49.2";
      o.value = Integer(i);
      break;
    }
  }
  return o;
}

Bundle pathology_bundle() {
  Bundle b;
  b.id = "bench";
  b.type = "collection";
  b.timestamp = "2024-05-01T10:00:00Z";
  DiagnosticReport dr;
  dr.id = "dr1";
  dr.status = "final";
  dr.code = loinc("60568-3", "Pathology Synoptic report");
  dr.subject = ref("Patient/p1");
  dr.issued = "2024-05-01T10:00:00Z";
  dr.conclusion = "High-grade leiomyosarcoma of the thigh, 6.5 cm, FNCLCC grade 2.";
  std::string report;
  for (int line = 0; line < 40; ++line) {
    report +=
        "Line " + std::to_string(line) + ": Sections show a spindle cell neoplasm with fascicular growth. ";
    report += "Mitoses 12/10 HPF. Necrosis present (<50%). Margins clear by 1.2 cm.\n";
  }
  Attachment& a = dr.presentedForm.emplace_back();
  a.contentType = "text/plain";
  a.data = base64_encode(report);
  a.title = "Pathology report";
  for (int i = 0; i < 8; ++i) dr.result.push_back(ref("Observation/obs-" + std::to_string(i)));
  BundleEntry& e = b.entry.emplace_back();
  e.fullUrl = "http://lab.example/fhir/DiagnosticReport/dr1";
  e.resource = Resource(std::move(dr));
  for (int i = 0; i < 8; ++i) {
    BundleEntry& oe = b.entry.emplace_back();
    oe.fullUrl = "http://lab.example/fhir/Observation/obs-" + std::to_string(i);
    oe.resource = Resource(observation(i));
  }
  return b;
}

const std::string& json_input() {
  static const std::string s = to_json(Resource(pathology_bundle()));
  return s;
}
const std::string& xml_input() {
  static const std::string s = to_xml(Resource(pathology_bundle()));
  return s;
}

void BM_FhirJson_RawRapidJsonDomParse(benchmark::State& state) {
  const std::string& in = json_input();
  for (auto _ : state) {
    rapidjson::Document d;
    d.Parse(in.data(), in.size());
    benchmark::DoNotOptimize(d.HasParseError());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in.size()));
}
BENCHMARK(BM_FhirJson_RawRapidJsonDomParse);

void BM_FhirJson_TypedParse(benchmark::State& state) {
  const std::string& in = json_input();
  for (auto _ : state) {
    auto r = parse_json(in);
    if (!r.ok()) state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in.size()));
}
BENCHMARK(BM_FhirJson_TypedParse);

void BM_FhirJson_TypedSerialize(benchmark::State& state) {
  auto parsed = parse_json(json_input());
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::string s = to_json(parsed->resource);
    bytes += s.size();
    benchmark::DoNotOptimize(s);
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_FhirJson_TypedSerialize);

void BM_FhirXml_RawPugixmlParse(benchmark::State& state) {
  const std::string& in = xml_input();
  for (auto _ : state) {
    pugi::xml_document doc;
    auto r = doc.load_buffer(in.data(), in.size(), pugi::parse_default | pugi::parse_ws_pcdata,
                             pugi::encoding_utf8);
    benchmark::DoNotOptimize(r.status);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in.size()));
}
BENCHMARK(BM_FhirXml_RawPugixmlParse);

void BM_FhirXml_TypedParse(benchmark::State& state) {
  const std::string& in = xml_input();
  for (auto _ : state) {
    auto r = parse_xml(in);
    if (!r.ok()) state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in.size()));
}
BENCHMARK(BM_FhirXml_TypedParse);

void BM_FhirXml_TypedSerialize(benchmark::State& state) {
  auto parsed = parse_xml(xml_input());
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::string s = to_xml(parsed->resource);
    bytes += s.size();
    benchmark::DoNotOptimize(s);
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_FhirXml_TypedSerialize);

}  // namespace
