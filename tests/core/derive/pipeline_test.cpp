// The whole core on small reports: the transaction Bundle's shape (DESIGN.md "Derived resources"),
// deterministic identifiers and conditional updates, Provenance, non-sarcoma and unusable input,
// and byte-identical output for identical input.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "adapter/core/derive/derive.hpp"
#include "adapter/core/pipeline.hpp"
#include "fhir/json_codec.hpp"
#include "fhir/parse.hpp"
#include "fhir/xml_codec.hpp"
#include "tests/shared/rule_set.hpp"

namespace sarcoma::core {
namespace {

const RuleSet& rule_set() { return sarcoma::test::rule_set(); }

PipelineOptions options() {
  PipelineOptions o;
  o.adapter_version = "9.9.9";
  o.fallback_recorded = "2026-01-02T03:04:05Z";
  return o;
}

// A narrative-only report: myxofibrosarcoma (differentiation 2), 8.2 cm thigh (trunk/extremity,
// T2 per seed 003: > 5 and <= 10 cm), 12 mitoses/10 HPF (score 2), necrosis 30% (< 50%: score 1)
// -> total 5 = G2; T2 N0 M0 G2 -> stage IIIA (seed 003 trunk/extremity stage table).
std::string narrative_report(const std::string& id = "dr-1", const std::string& identifier = "S26-001",
                             const std::string& conclusion =
                                 "Thigh, wide excision: Myxofibrosarcoma, 8.2 x 5.0 x 3.1 cm. Mitoses 12/10 HPF. "
                                 "Necrosis 30%.") {
  return R"({"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"https://lab.test/fhir/DiagnosticReport/)" +
         id + R"(","resource":{"resourceType":"DiagnosticReport","id":")" + id +
         R"(","identifier":[{"system":"https://lab.test/report","value":")" + identifier +
         R"("}],"status":"final","code":{"coding":[{"system":"http://loinc.org","code":"60568-3"}]},"subject":{"reference":"Patient/p1"},"specimen":[{"reference":"Specimen/sp1"}],"conclusion":")" +
         conclusion + R"("}}]})";
}

PipelineResult run(const std::string& bytes, const PipelineOptions& o = options()) {
  auto r = run_pipeline(bytes, rule_set(), o);
  if (!r.ok()) {
    for (const auto& i : r.error()) ADD_FAILURE() << i.diagnostics << " at " << i.expression;
    return {};
  }
  return std::move(r).value();
}

template <class T>
std::vector<const T*> all(const fhir::Bundle& b) {
  std::vector<const T*> out;
  for (const auto& e : b.entry) {
    if (e.resource) {
      if (const auto* t = fhir::get_if<T>(*e.resource)) out.push_back(t);
    }
  }
  return out;
}

const fhir::Observation* by_loinc(const fhir::Bundle& b, const std::string& code) {
  for (const auto* o : all<fhir::Observation>(b)) {
    for (const auto& c : o->code->coding) {
      if (c.code.has_value() && *c.code == code) return o;
    }
  }
  return nullptr;
}

std::string value_text(const fhir::Observation* o) {
  if (!o) return "(none)";
  const auto* cc = std::get_if<fhir::CodeableConcept>(&o->value);
  return cc && cc->text.has_value() ? *cc->text : "(no text)";
}

TEST(Pipeline, NarrativeReportGivesGradeStageTaskAndProvenance) {
  PipelineResult r = run(narrative_report());
  const fhir::Bundle& b = r.bundle;
  EXPECT_EQ(*b.type, "transaction");
  EXPECT_EQ(value_text(by_loinc(b, "33732-9")), "G2");
  EXPECT_EQ(value_text(by_loinc(b, "21899-0")), "T2");
  EXPECT_EQ(value_text(by_loinc(b, "21900-6")), "N0");
  EXPECT_EQ(value_text(by_loinc(b, "21901-4")), "M0");
  EXPECT_EQ(value_text(by_loinc(b, "21902-2")), "IIIA");
  ASSERT_EQ(all<fhir::Observation>(b).size(), 5u);
  ASSERT_EQ(all<fhir::Task>(b).size(), 1u);
  ASSERT_EQ(all<fhir::Provenance>(b).size(), 1u);
  ASSERT_EQ(b.entry.size(), 7u);

  for (const auto* o : all<fhir::Observation>(b)) {
    EXPECT_EQ(*o->status, "preliminary");
    EXPECT_EQ(*o->subject->reference, "Patient/p1");
    EXPECT_EQ(*o->specimen->reference, "Specimen/sp1");
    ASSERT_TRUE(o->method.has_value());
    ASSERT_EQ(o->identifier.size(), 1u);
    EXPECT_EQ(*o->identifier[0].system, std::string(kDerivedIdentifierSystem));
  }
  // Grade components: differentiation 2, mitotic 2, necrosis 1, total 5.
  const auto* grade = by_loinc(b, "33732-9");
  ASSERT_EQ(grade->component.size(), 4u);
  std::vector<int> scores;
  for (const auto& c : grade->component) scores.push_back(*std::get<fhir::Integer>(c.value));
  EXPECT_EQ(scores, (std::vector<int>{2, 2, 1, 5}));
  // N0 and M0 are assumed, and say so.
  ASSERT_FALSE(by_loinc(b, "21900-6")->note.empty());
  ASSERT_FALSE(by_loinc(b, "21901-4")->note.empty());
  EXPECT_TRUE(by_loinc(b, "21899-0")->note.empty());
}

std::string snomed(const fhir::Observation* o) {
  if (!o) return "(none)";
  const auto* cc = std::get_if<fhir::CodeableConcept>(&o->value);
  if (!cc) return "(no concept)";
  for (const auto& c : cc->coding) {
    if (*c.system == "http://snomed.info/sct") return *c.code;
  }
  return "(no snomed)";
}

// Codes per mappings/VALUE_CODES.md (mCODE TNM value sets, DICOM CID 6160-6162, CanShare stage
// groups): G2 1228850007, pT2 1229852009, cN0 1229967007 (N0 assumed: no node examined),
// cM0 1229901006, stage IIIA 1222802001.
TEST(Pipeline, ValuesCarryTheirStandardCodingsBesideTheText) {
  PipelineResult r = run(narrative_report());
  EXPECT_EQ(snomed(by_loinc(r.bundle, "33732-9")), "1228850007");
  EXPECT_EQ(snomed(by_loinc(r.bundle, "21899-0")), "1229852009");
  EXPECT_EQ(snomed(by_loinc(r.bundle, "21900-6")), "1229967007");
  EXPECT_EQ(snomed(by_loinc(r.bundle, "21901-4")), "1229901006");
  EXPECT_EQ(snomed(by_loinc(r.bundle, "21902-2")), "1222802001");
}

TEST(Pipeline, PostNeoadjuvantCategoriesAreTextOnly) {
  PipelineResult r = run(narrative_report("dr-y", "S26-010",
                                          "Status post neoadjuvant chemoradiation. Thigh: myxofibrosarcoma, 8.2 cm. "
                                          "Mitoses 12/10 HPF. Necrosis 30%."));
  EXPECT_EQ(value_text(by_loinc(r.bundle, "21899-0")), "yT2");
  EXPECT_EQ(snomed(by_loinc(r.bundle, "21899-0")), "(no snomed)");
}

TEST(Pipeline, EveryEntryIsAConditionalUpdateOnItsOwnDerivedIdentifier) {
  PipelineResult r = run(narrative_report());
  std::set<std::string> urls;
  for (const auto& e : r.bundle.entry) {
    ASSERT_TRUE(e.request.has_value());
    EXPECT_EQ(*e.request->method, "PUT");
    std::string full = *e.fullUrl;
    ASSERT_EQ(full.rfind("urn:uuid:", 0), 0u);
    std::string uuid = full.substr(9);
    std::string type(fhir::resource_type_name(*e.resource));
    if (type == "Provenance") {
      EXPECT_EQ(*e.request->url, "Provenance/" + uuid);
      EXPECT_EQ(*fhir::get_if<fhir::Provenance>(*e.resource)->id, uuid);
    } else {
      EXPECT_EQ(*e.request->url, type + "?identifier=" + std::string(kDerivedIdentifierSystem) + "%7C" + uuid);
      // The identifier is the bare UUID: no server rewrites it as a reference to the entry.
      const auto& ids = type == "Task" ? fhir::get_if<fhir::Task>(*e.resource)->identifier
                                       : fhir::get_if<fhir::Observation>(*e.resource)->identifier;
      ASSERT_EQ(ids.size(), 1u);
      EXPECT_EQ(*ids[0].value, uuid);
    }
    EXPECT_TRUE(urls.insert(full).second) << "duplicate fullUrl " << full;
  }
}

TEST(Pipeline, TaskCarriesEveryReasonTheMainOneAndTheDerivedObservations) {
  PipelineResult r = run(narrative_report());
  const fhir::Task* task = all<fhir::Task>(r.bundle).front();
  EXPECT_EQ(*task->status, "requested");
  EXPECT_EQ(*task->intent, "order");
  EXPECT_EQ(*task->code->coding[0].system, "http://hl7.org/fhir/CodeSystem/task-code");
  EXPECT_EQ(*task->code->coding[0].code, "approve");
  EXPECT_EQ(*task->focus->reference, "DiagnosticReport/dr-1");  // the resolver's canonical citation
  EXPECT_EQ(*task->for_->reference, "Patient/p1");
  EXPECT_EQ(*task->priority, "routine");
  EXPECT_EQ(*task->authoredOn, "2026-01-02T03:04:05Z");
  std::vector<std::string> reasons;
  std::set<std::string> observation_refs;
  for (const auto& in : task->input) {
    const std::string& kind = *in.type->coding[0].code;
    if (kind == "review-reason") reasons.push_back(*std::get<fhir::CodeableConcept>(in.value).coding[0].code);
    if (kind == "derived-observation") observation_refs.insert(*std::get<fhir::Reference>(in.value).reference);
  }
  // Seed-table reasoning: a sarcoma (sarcoma-diagnosis), silent on metastasis (m-category-assumed);
  // 8.2 cm, 12 mitoses and 30% necrosis sit on no boundary; nothing stated to disagree with.
  EXPECT_EQ(reasons, (std::vector<std::string>{"sarcoma-diagnosis", "m-category-assumed"}));
  EXPECT_EQ(*task->reasonCode->coding[0].code, "sarcoma-diagnosis");
  std::set<std::string> expected;
  for (const auto& e : r.bundle.entry) {
    if (fhir::get_if<fhir::Observation>(*e.resource)) expected.insert(*e.fullUrl);
  }
  EXPECT_EQ(observation_refs, expected);
}

TEST(Pipeline, ProvenanceTargetsEveryDerivedResourceAndCitesTheReport) {
  PipelineResult r = run(narrative_report());
  const fhir::Provenance* p = all<fhir::Provenance>(r.bundle).front();
  std::set<std::string> targets, others;
  for (const auto& t : p->target) targets.insert(*t.reference);
  for (const auto& e : r.bundle.entry) {
    if (!fhir::get_if<fhir::Provenance>(*e.resource)) others.insert(*e.fullUrl);
  }
  EXPECT_EQ(targets, others);
  EXPECT_EQ(*p->recorded, "2026-01-02T03:04:05Z");
  ASSERT_FALSE(p->entity.empty());
  EXPECT_EQ(*p->entity[0].what->reference, "DiagnosticReport/dr-1");
  EXPECT_EQ(*p->entity[0].role, "source");
  ASSERT_EQ(p->agent.size(), 1u);
  EXPECT_EQ(*p->agent[0].who->display, "sarcoma-adapter 9.9.9");
  ASSERT_EQ(p->policy.size(), 1u);
  EXPECT_NE(p->policy[0]->find(rule_set().version()), std::string::npos);
}

TEST(Pipeline, IssuedInstantOfTheReportIsRecordedInsteadOfTheClock) {
  std::string report = narrative_report();
  report.insert(report.find(R"("subject")"), R"("issued":"2026-11-20T10:00:00Z",)");
  PipelineResult r = run(report);
  EXPECT_EQ(*all<fhir::Provenance>(r.bundle).front()->recorded, "2026-11-20T10:00:00Z");
}

TEST(Pipeline, SameInputGivesByteIdenticalOutput) {
  std::string a = fhir::to_json(fhir::Resource(run(narrative_report()).bundle));
  std::string b = fhir::to_json(fhir::Resource(run(narrative_report()).bundle));
  EXPECT_EQ(a, b);
}

TEST(Pipeline, IdentifiersFollowTheReportIdentifierNotItsServerId) {
  auto uuids = [](const PipelineResult& r) {
    std::vector<std::string> out;
    for (const auto& e : r.bundle.entry) out.push_back(*e.fullUrl);
    return out;
  };
  auto base = uuids(run(narrative_report("dr-1", "S26-001")));
  EXPECT_EQ(base, uuids(run(narrative_report("dr-copy-on-other-server", "S26-001"))));
  auto other = uuids(run(narrative_report("dr-1", "S26-002")));
  ASSERT_EQ(base.size(), other.size());
  for (std::size_t i = 0; i < base.size(); ++i) EXPECT_NE(base[i], other[i]);
}

TEST(Pipeline, NotASarcomaGivesAnEmptyTransaction) {
  PipelineResult r = run(narrative_report("dr-9", "S26-009", "Colon, resection: adenocarcinoma, 4.0 cm."));
  EXPECT_EQ(*r.bundle.type, "transaction");
  EXPECT_TRUE(r.bundle.entry.empty());
  ASSERT_EQ(r.reports.size(), 1u);
  EXPECT_FALSE(r.reports[0].routing.review);
}

TEST(Pipeline, UnusableInputIsAnErrorWithAPath) {
  auto r = run_pipeline(std::string(R"({"resourceType":"Patient","id":"p1"})"), rule_set(), options());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().front().severity, fhir::Severity::error);
  auto bad = run_pipeline(std::string("{\"resourceType\": \"Bundle\", \"type\": "), rule_set(), options());
  ASSERT_FALSE(bad.ok());
}

TEST(Pipeline, OutputRoundTripsThroughTheParserInJsonAndXml) {
  fhir::Resource bundle(run(narrative_report()).bundle);
  std::string json = fhir::to_json(bundle);
  auto back = fhir::parse_any(json, fhir::ParseOptions{});
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->issues.empty());
  EXPECT_EQ(fhir::to_json(back->resource), json);
  std::string xml = fhir::to_xml(bundle);
  auto from_xml = fhir::parse_any(xml, fhir::ParseOptions{});
  ASSERT_TRUE(from_xml.ok());
  EXPECT_EQ(fhir::to_json(from_xml->resource), json);
}

TEST(Pipeline, CodedSourceObservationsAreCitedInDerivedFromAndProvenance) {
  std::string report = R"({"resourceType":"Bundle","type":"collection","entry":[
   {"fullUrl":"https://lab.test/fhir/DiagnosticReport/dr-2","resource":{"resourceType":"DiagnosticReport","id":"dr-2",
    "status":"final","code":{"text":"pathology"},"subject":{"reference":"Patient/p2"},
    "result":[{"reference":"Observation/size-1"}],
    "conclusion":"Retroperitoneum: dedifferentiated liposarcoma. Mitoses 25/10 HPF. Necrosis 60%."}},
   {"fullUrl":"https://lab.test/fhir/Observation/size-1","resource":{"resourceType":"Observation","id":"size-1","status":"final",
    "code":{"coding":[{"system":"http://loinc.org","code":"33728-7"}]},"subject":{"reference":"Patient/p2"},
    "valueQuantity":{"value":16,"unit":"cm","system":"http://unitsofmeasure.org","code":"cm"}}}]})";
  PipelineResult r = run(report);
  // Dedifferentiated liposarcoma: differentiation 3; 25 mitoses: 3; 60% necrosis: 2 -> 8 = G3.
  // Retroperitoneum, 16 cm > 15 -> T4; T4 N0 M0 G3 -> IIIB (seed 003 retroperitoneum table).
  EXPECT_EQ(value_text(by_loinc(r.bundle, "33732-9")), "G3");
  const auto* t = by_loinc(r.bundle, "21899-0");
  EXPECT_EQ(value_text(t), "T4");
  EXPECT_EQ(value_text(by_loinc(r.bundle, "21902-2")), "IIIB");
  ASSERT_NE(t, nullptr);
  ASSERT_EQ(t->derivedFrom.size(), 1u);
  EXPECT_EQ(*t->derivedFrom[0].reference, "Observation/size-1");
  const fhir::Provenance* p = all<fhir::Provenance>(r.bundle).front();
  std::set<std::string> entities;
  for (const auto& e : p->entity) entities.insert(*e.what->reference);
  EXPECT_TRUE(entities.count("Observation/size-1"));
}

// batch appends each line's Bundle to one chunk buffer: the text appended is exactly the Bundle
// run_pipeline returns on its own, after what the buffer held; an unusable line appends nothing.
TEST(Pipeline, AppendingToABufferGivesTheSameBundleAfterWhatItHeld) {
  PipelineOptions o = options();
  o.typed_bundle = false;
  const std::string alone = run(narrative_report(), o).bundle_json;
  ASSERT_GT(alone.size(), 1000u);
  std::string buffer(100000, 'x');  // far larger than a Bundle: the writer must not zero-fill to its capacity
  buffer += "\n";
  const std::string before = buffer;
  auto appended = run_pipeline(narrative_report(), rule_set(), o, buffer);
  ASSERT_TRUE(appended.ok());
  EXPECT_TRUE(appended->bundle_json.empty());
  EXPECT_EQ(appended->entries, run(narrative_report(), o).entries);
  ASSERT_EQ(buffer.size(), before.size() + alone.size());
  EXPECT_EQ(buffer.compare(0, before.size(), before), 0);
  EXPECT_EQ(buffer.substr(before.size()), alone);

  const std::string held = buffer;
  EXPECT_FALSE(run_pipeline(R"({"resourceType":"Patient"})", rule_set(), o, buffer).ok());
  EXPECT_EQ(buffer, held);
  o.typed_bundle = true;  // the typed Bundle is parsed from the appended text alone
  auto typed = run_pipeline(narrative_report(), rule_set(), o, buffer);
  ASSERT_TRUE(typed.ok());
  EXPECT_EQ(typed->bundle.entry.size(), typed->entries);
  EXPECT_EQ(buffer.substr(held.size()), alone);
}

}  // namespace
}  // namespace sarcoma::core
