// JSON -> model -> JSON must reproduce the input byte for byte (modulo whitespace) when the input
// is in R4 element order, and the model must hold the values the JSON gave.
#include <gtest/gtest.h>

#include "fhir/base64.hpp"
#include "fhir/json_codec.hpp"
#include "samples.hpp"
#include "test_util.hpp"

namespace sarcoma::fhir::test {
namespace {

class JsonRoundTrip : public ::testing::TestWithParam<Sample> {};

TEST_P(JsonRoundTrip, ReproducesInputExactly) {
  std::string expected = minify_json(GetParam().json);
  Parsed p = parse_json_ok(GetParam().json);
  EXPECT_TRUE(p.issues.empty()) << dump(p.issues);
  EXPECT_EQ(to_json(p.resource), expected);
  // Pretty output is the same document.
  Parsed again = parse_json_ok(to_json(p.resource, true));
  EXPECT_EQ(to_json(again.resource), expected);
}

INSTANTIATE_TEST_SUITE_P(AllTypes, JsonRoundTrip, ::testing::ValuesIn(kAllSamples), sample_name);

TEST(JsonModel, DiagnosticReportValues) {
  Parsed p = parse_json_ok(kDiagnosticReport);
  const auto* dr = get_if<DiagnosticReport>(p.resource);
  ASSERT_NE(dr, nullptr);
  EXPECT_EQ(resource_type_name(p.resource), "DiagnosticReport");
  EXPECT_EQ(resource_id(p.resource), "dr1");
  EXPECT_EQ(*dr->status, "final");
  ASSERT_TRUE(dr->code.has_value());
  EXPECT_EQ(*dr->code->coding.at(0).code, "60568-3");
  ASSERT_EQ(dr->contained.size(), 1u);
  const auto* size = get_if<Observation>(dr->contained[0]);
  ASSERT_NE(size, nullptr);
  const auto* q = std::get_if<Quantity>(&size->value);
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(q->value->text(), "6.50");
  EXPECT_EQ(*q->value, *Decimal::parse("6.5"));
  EXPECT_EQ(std::get<DateTime>(dr->effective).value_or(""), "2024-04-30");
  ASSERT_EQ(dr->presentedForm.size(), 1u);
  EXPECT_EQ(base64_decode(*dr->presentedForm[0].data), "Leiomyosarcoma, 6.5 cm");
  EXPECT_EQ(*dr->presentedForm[0].size, 22);
  EXPECT_EQ(dr->extension.at(0).url, "http://example.org/ext");
  EXPECT_EQ(*std::get<Boolean>(dr->extension.at(0).value), true);
  EXPECT_NE(dr->text->div->find("<b>grade 2</b>"), std::string::npos);
}

TEST(JsonModel, ObservationPrimitiveExtensionsAndChoices) {
  Parsed p = parse_json_ok(kObservation);
  const auto& o = std::get<Observation>(p.resource);
  EXPECT_EQ(o.status.id, "st");
  ASSERT_EQ(o.status.extension.size(), 1u);
  EXPECT_EQ(*std::get<String>(o.status.extension[0].value), "signed out");
  EXPECT_EQ(std::get<Period>(o.effective).end.value_or(""), "2024-04-30T09:00:00Z");
  ASSERT_EQ(o.component.size(), 10u);
  EXPECT_EQ(*std::get<Integer>(o.component[0].value), INT32_MIN);
  EXPECT_EQ(o.component[0].modifierExtension.at(0).url, "http://example.org/mod");
  EXPECT_EQ(*std::get<Quantity>(o.component[1].value).comparator, ">=");
  EXPECT_EQ(std::get<Range>(o.component[4].value).high->value->text(), "2.50");
  EXPECT_EQ(*std::get<Time>(o.component[8].value), "08:15:00");
  EXPECT_TRUE(std::holds_alternative<std::monostate>(o.component[9].value));
  EXPECT_EQ(o.referenceRange.at(0).high->value->text(), "1e2");
  EXPECT_EQ(*o.identifier.at(0).assigner->display, "Lab");
  EXPECT_EQ(*o.subject->identifier->value, "123");
  EXPECT_EQ(*std::get<String>(o.note.at(0).author), "Dr. Path");
}

TEST(JsonModel, PrimitiveArrayWithNullsAndExtensions) {
  Parsed p = parse_json_ok(kPatient);
  const auto& pt = std::get<Patient>(p.resource);
  const auto& given = pt.name.at(0).given;
  ASSERT_EQ(given.size(), 3u);
  EXPECT_EQ(given[0].value_or(""), "Ann");
  EXPECT_FALSE(given[1].has_value());
  EXPECT_EQ(given[1].extension.at(0).url, "http://hl7.org/fhir/StructureDefinition/data-absent-reason");
  EXPECT_EQ(given[2].value_or(""), "Lee");
  EXPECT_EQ(given[2].id, "g3");
}

TEST(JsonModel, UnderscoreBeforeValueIsMerged) {
  Parsed p = parse_json_ok(
      R"({"resourceType":"Patient","name":[{"_given":[{"id":"a"}],"given":["X"]}],"_gender":{"id":"g"},"gender":"male"})");
  const auto& pt = std::get<Patient>(p.resource);
  EXPECT_EQ(pt.name.at(0).given.at(0).id, "a");
  EXPECT_EQ(pt.name.at(0).given.at(0).value_or(""), "X");
  EXPECT_EQ(pt.gender.id, "g");
  EXPECT_EQ(pt.gender.value_or(""), "male");
}

TEST(JsonModel, BundleNestedResources) {
  Parsed p = parse_json_ok(kBundle);
  const auto& b = std::get<Bundle>(p.resource);
  ASSERT_EQ(b.entry.size(), 2u);
  EXPECT_EQ(*b.total, 2);
  EXPECT_EQ(b.entry[0].search->score->text(), "0.80");
  EXPECT_EQ(*b.entry[0].request->ifMatch, "W/\"2\"");
  ASSERT_TRUE(b.entry[0].response->outcome);
  EXPECT_EQ(resource_type_name(*b.entry[0].response->outcome), "OperationOutcome");
  EXPECT_EQ(resource_id(*b.entry[1].resource), "s1");
}

TEST(JsonModel, TaskOpenValues) {
  Parsed p = parse_json_ok(kTask);
  const auto& t = std::get<Task>(p.resource);
  EXPECT_EQ(*t.for_->reference, "Patient/p1");
  ASSERT_EQ(t.input.size(), 6u);
  EXPECT_EQ(*std::get<Reference>(t.input[1].value).reference, "Observation/grade");
  EXPECT_EQ(*std::get<Integer>(t.input[4].value), 42);
  EXPECT_EQ(std::get<DecimalType>(t.input[5].value)->text(), "0.10");
}

TEST(JsonModel, DecimalTextSurvivesExactly) {
  for (const char* v : {"5.0", "5", "0.000", "-1.50", "1E-3", "123456789012345678901234567890.123456789"}) {
    std::string in =
        std::string(
            R"({"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":)") +
        v + "}}";
    Parsed p = parse_json_ok(in);
    EXPECT_EQ(to_json(p.resource), in) << v;
  }
}

TEST(JsonModel, BomIsAccepted) {
  Parsed p = parse_json_ok("\xEF\xBB\xBF{\"resourceType\":\"Specimen\",\"id\":\"s\"}");
  EXPECT_EQ(resource_id(p.resource), "s");
}

TEST(JsonModel, BuiltInCodeSerializes) {
  Observation o;
  o.id = "x";
  o.status = "preliminary";
  o.code.emplace().text = "FNCLCC grade";
  o.value = CodeableConcept{};
  std::get<CodeableConcept>(o.value).text = "G2";
  o.derivedFrom.emplace_back().reference = "Observation/a";
  EXPECT_EQ(to_json(Resource(o)),
            R"({"resourceType":"Observation","id":"x","status":"preliminary","code":{"text":"FNCLCC grade"},)"
            R"("valueCodeableConcept":{"text":"G2"},"derivedFrom":[{"reference":"Observation/a"}]})");
}

}  // namespace
}  // namespace sarcoma::fhir::test
