// Every kind of bad input gives an issue with the expected code, path and position - never a
// crash, a throw or a hang.
#include <gtest/gtest.h>

#include <string>

#include "fhir/json_codec.hpp"
#include "fhir/parse.hpp"
#include "fhir/xml_codec.hpp"
#include "test_util.hpp"

namespace sarcoma::fhir::test {
namespace {

// Parses expecting failure; returns the issues.
Issues json_errors(std::string_view in, const ParseOptions& o = {}) {
  auto r = parse_json(in, o);
  EXPECT_FALSE(r.ok()) << in;
  return r.ok() ? Issues{} : r.error();
}
Issues xml_errors(std::string_view in, const ParseOptions& o = {}) {
  auto r = parse_xml(in, o);
  EXPECT_FALSE(r.ok()) << in;
  return r.ok() ? Issues{} : r.error();
}

constexpr const char* kObsHead = R"({"resourceType":"Observation","status":"final","code":{"text":"x"},)";

TEST(JsonBadInput, MalformedJsonHasOffset) {
  Issues is = json_errors(R"({"resourceType":"Observation",,})");
  ASSERT_EQ(is.size(), 1u);
  EXPECT_EQ(is[0].code, "structure");
  EXPECT_EQ(is[0].severity, Severity::error);
  EXPECT_EQ(is[0].offset, 30u);
}

TEST(JsonBadInput, TrailingGarbageAndNul) {
  EXPECT_EQ(json_errors(R"({"resourceType":"Specimen"} x)").at(0).code, "structure");
  Issues is = json_errors(std::string(R"({"resourceType":"Specimen"})") + std::string(1, '\0') + "junk");
  EXPECT_EQ(is.at(0).code, "structure");
  EXPECT_EQ(is.at(0).offset, 27u);
}

TEST(JsonBadInput, WrongJsonTypeHasPathAndOffset) {
  std::string in = std::string(kObsHead) + R"("valueQuantity":{"value":"5.0"}})";
  Issues is = json_errors(in);
  ASSERT_EQ(is.size(), 1u);
  EXPECT_EQ(is[0].code, "structure");
  EXPECT_EQ(is[0].expression, "Observation.valueQuantity.value");
  EXPECT_EQ(is[0].offset, in.find("\"5.0\""));
  EXPECT_NE(is[0].diagnostics.find("expected a number, found a string"), std::string::npos);
}

TEST(JsonBadInput, WrongTypesEverywhere) {
  struct Case {
    const char* body;
    const char* expression;
  } cases[] = {
      {R"("issued":5})", "Observation.issued"},
      {R"("category":{"text":"x"}})", "Observation.category"},
      {R"("subject":"Patient/1"})", "Observation.subject"},
      {R"("valueBoolean":"true"})", "Observation.valueBoolean"},
      {R"("hasMember":[{"reference":1}]})", "Observation.hasMember[0].reference"},
      {R"("extension":[{"url":5}]})", "Observation.extension[0].url"},
      {R"("component":[{"code":{"text":"c"},"valueInteger":null}]})",
       "Observation.component[0].valueInteger"},
  };
  for (const auto& c : cases) {
    Issues is = json_errors(std::string(kObsHead) + c.body);
    ASSERT_FALSE(is.empty()) << c.body;
    EXPECT_EQ(is[0].code, "structure") << c.body;
    EXPECT_EQ(is[0].expression, c.expression) << c.body;
  }
}

TEST(JsonBadInput, BadPrimitiveValues) {
  struct Case {
    const char* body;
    const char* expression;
  } cases[] = {
      {R"("valueInteger":2147483648})", "Observation.valueInteger"},
      {R"("valueInteger":1.5})", "Observation.valueInteger"},
      {R"("valueInteger":1e3})", "Observation.valueInteger"},
  };
  for (const auto& c : cases) {
    Issues is = json_errors(std::string(kObsHead) + c.body);
    ASSERT_FALSE(is.empty()) << c.body;
    EXPECT_EQ(is[0].code, "value") << c.body;
    EXPECT_EQ(is[0].expression, c.expression) << c.body;
  }
  // More digits than Decimal accepts (256).
  Issues is = json_errors(std::string(kObsHead) + R"("referenceRange":[{"low":{"value":)" +
                          std::string(300, '7') + "}}]}");
  EXPECT_EQ(is.at(0).code, "value");
  EXPECT_EQ(is.at(0).expression, "Observation.referenceRange[0].low.value");
  // RapidJSON itself refuses numbers beyond double range even as text: malformed JSON.
  EXPECT_EQ(json_errors(std::string(kObsHead) + R"("valueQuantity":{"value":1e99999}})").at(0).code,
            "structure");
  is = json_errors(R"({"resourceType":"Bundle","type":"searchset","total":-1})");
  EXPECT_EQ(is.at(0).code, "value");
  EXPECT_EQ(is.at(0).expression, "Bundle.total");
  is = json_errors(
      R"({"resourceType":"Task","status":"requested","intent":"order","restriction":{"repetitions":0}})");
  EXPECT_EQ(is.at(0).expression, "Task.restriction.repetitions");
}

TEST(JsonBadInput, InvalidBase64) {
  Issues is = json_errors(
      R"({"resourceType":"DiagnosticReport","status":"final","code":{"text":"x"},"presentedForm":[{"data":"SGVsbG8"},{"data":"not base64!"}]})");
  ASSERT_EQ(is.size(), 2u);
  EXPECT_EQ(is[0].code, "value");
  EXPECT_EQ(is[0].expression, "DiagnosticReport.presentedForm[0].data");
  EXPECT_EQ(is[1].expression, "DiagnosticReport.presentedForm[1].data");
  EXPECT_NE(is[0].diagnostics.find("base64"), std::string::npos);
}

TEST(JsonBadInput, InvalidUtf8AnywhereIsRefusedWithOffset) {
  // In a string value, in a key, and in insignificant whitespace position (all bytes are checked).
  std::string in = std::string(R"({"resourceType":"Specimen","id":"a)") + "\xC3\x28" + R"("})";
  Issues is = json_errors(in);
  ASSERT_EQ(is.size(), 1u);
  EXPECT_EQ(is[0].code, "invalid");
  EXPECT_EQ(is[0].offset, in.find('\xC3'));
  for (std::string bad : {"\xED\xA0\x80", "\xC0\xAF", "\xF4\x90\x80\x80", "\xFF", "\xE2\x82"}) {
    std::string doc = R"({"resourceType":"Specimen","note":[{"text":"x)" + bad + R"("}]})";
    Issues i2 = json_errors(doc);
    EXPECT_EQ(i2.at(0).code, "invalid");
    EXPECT_EQ(i2.at(0).offset, doc.find(bad[0]));
  }
}

TEST(JsonBadInput, NestingLimit) {
  std::string deep = std::string(R"({"resourceType":"Observation","extension":)");
  for (int i = 0; i < 100; ++i) deep += R"([{"url":"u","extension":)";
  deep += "[]";
  for (int i = 0; i < 100; ++i) deep += "}]";
  deep += "}";
  Issues is = json_errors(deep);
  ASSERT_EQ(is.size(), 1u);
  EXPECT_EQ(is[0].code, "too-costly");
  ParseOptions shallow;
  shallow.max_depth = 3;
  EXPECT_EQ(
      json_errors(kObsHead + std::string(R"("subject":{"identifier":{"type":{}}}})"), shallow).at(0).code,
      "too-costly");
  // Very deep input must not overflow the stack either.
  std::string huge(200000, '[');
  EXPECT_EQ(json_errors(huge).at(0).code, "too-costly");
}

TEST(JsonBadInput, SizeLimit) {
  ParseOptions small;
  small.max_bytes = 64;
  std::string in = std::string(kObsHead) + R"("note":[{"text":"a long enough note"}]})";
  Issues is = json_errors(in, small);
  ASSERT_EQ(is.size(), 1u);
  EXPECT_EQ(is[0].code, "too-long");
  EXPECT_EQ(ParseOptions{}.max_bytes, 16u * 1024 * 1024);
  EXPECT_EQ(ParseOptions{}.max_depth, 64u);
}

TEST(JsonBadInput, EmptyInput) {
  for (std::string_view in :
       {std::string_view(""), std::string_view("  \n\t"), std::string_view("\xEF\xBB\xBF")}) {
    Issues is = json_errors(in);
    ASSERT_EQ(is.size(), 1u);
    EXPECT_EQ(is[0].code, "structure");
    EXPECT_EQ(is[0].diagnostics, "empty input");
  }
}

TEST(JsonBadInput, ResourceTypeProblems) {
  Issues is = json_errors(R"({"resourceType":"Bogus","id":"x"})");
  EXPECT_EQ(is.at(0).code, "not-supported");
  EXPECT_EQ(is.at(0).severity, Severity::error);
  EXPECT_EQ(json_errors(R"({"id":"x"})").at(0).code, "structure");
  EXPECT_EQ(json_errors(R"({"resourceType":7})").at(0).code, "structure");
  EXPECT_EQ(json_errors(R"({"resourceType":"<script>"})").at(0).code, "invalid");
  EXPECT_EQ(json_errors(R"([1,2])").at(0).code, "structure");
  EXPECT_EQ(json_errors(R"("Observation")").at(0).code, "structure");
  EXPECT_EQ(json_errors(R"({"resourceType":"Bundle","type":"collection","entry":[{"resource":{"id":"x"}}]})")
                .at(0)
                .expression,
            "Bundle.entry[0].resource");
}

TEST(JsonBadInput, UnknownNestedResourceIsKeptWithWarning) {
  std::string in =
      R"({"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:1","resource":{"resourceType":"ImagingStudy","id":"im","status":"available","x":[1,{"y":2.50}]}}]})";
  Parsed p = parse_json_ok(in);
  ASSERT_EQ(p.issues.size(), 1u);
  EXPECT_EQ(p.issues[0].severity, Severity::warning);
  EXPECT_EQ(p.issues[0].code, "not-supported");
  EXPECT_EQ(p.issues[0].expression, "Bundle.entry[0].resource");
  const auto& b = std::get<Bundle>(p.resource);
  const auto* other = get_if<OtherResource>(*b.entry[0].resource);
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(other->resource_type, "ImagingStudy");
  EXPECT_EQ(other->id, "im");
  EXPECT_EQ(resource_type_name(*b.entry[0].resource), "ImagingStudy");
  EXPECT_EQ(to_json(p.resource), in);  // kept verbatim
  EXPECT_NE(to_xml(p.resource).find(R"(<resource><ImagingStudy><id value="im"/></ImagingStudy></resource>)"),
            std::string::npos);
}

TEST(JsonBadInput, UnknownElementsWarnOrFailInStrictMode) {
  std::string in =
      std::string(kObsHead) + R"("valueSampledData":{"origin":{"value":1}},"_code":{},"colour":"red"})";
  Parsed p = parse_json_ok(in);
  ASSERT_EQ(p.issues.size(), 3u) << dump(p.issues);
  EXPECT_EQ(p.issues[0].code, "structure");
  EXPECT_EQ(p.issues[0].expression, "Observation.valueSampledData");
  EXPECT_EQ(p.issues[0].offset, in.find("\"valueSampledData\""));
  EXPECT_EQ(p.issues[2].expression, "Observation.colour");
  ParseOptions strict;
  strict.strict = true;
  Issues is = json_errors(in, strict);
  EXPECT_EQ(is.size(), 3u);
  EXPECT_EQ(is[0].severity, Severity::error);
}

TEST(JsonBadInput, EmptyValuesWarn) {
  Parsed p = parse_json_ok(std::string(kObsHead) + R"("category":[],"method":{},"issued":""})");
  ASSERT_EQ(p.issues.size(), 3u) << dump(p.issues);
  for (const auto& i : p.issues) {
    EXPECT_EQ(i.code, "value");
    EXPECT_EQ(i.severity, Severity::warning);
  }
  EXPECT_EQ(p.issues[1].expression, "Observation.method");
  const auto& o = std::get<Observation>(p.resource);
  EXPECT_FALSE(o.method.has_value());
  EXPECT_FALSE(o.issued.has_value());
}

TEST(JsonBadInput, ChoiceGivenTwiceAndRepeatedKeys) {
  Issues is = json_errors(std::string(kObsHead) + R"("valueString":"a","valueBoolean":true})");
  EXPECT_EQ(is.at(0).code, "structure");
  EXPECT_EQ(is.at(0).expression, "Observation.valueBoolean");
  is = json_errors(R"({"resourceType":"Specimen","status":"available","status":"unavailable"})");
  EXPECT_EQ(is.at(0).code, "structure");
  EXPECT_EQ(is.at(0).expression, "Specimen.status");
}

TEST(JsonBadInput, MissingRequiredElementWarns) {
  Parsed p = parse_json_ok(R"({"resourceType":"Observation","code":{"text":"x"}})");
  ASSERT_EQ(p.issues.size(), 1u);
  EXPECT_EQ(p.issues[0].code, "required");
  EXPECT_EQ(p.issues[0].expression, "Observation.status");
}

TEST(JsonBadInput, NarrativeMustBeXhtmlDiv) {
  Issues is = json_errors(R"({"resourceType":"Patient","text":{"status":"generated","div":"<p>unclosed"}})");
  EXPECT_EQ(is.at(0).code, "value");
  EXPECT_EQ(is.at(0).expression, "Patient.text.div");
  is = json_errors(
      R"({"resourceType":"Patient","text":{"status":"generated","div":"<div xmlnsx=\"http://www.w3.org/1999/xhtml\">x</div>"}})");
  EXPECT_EQ(is.at(0).expression, "Patient.text.div");
  EXPECT_NE(is.at(0).diagnostics.find("xmlns"), std::string::npos);
  is = json_errors(
      R"({"resourceType":"Patient","text":{"status":"generated","div":"<!DOCTYPE x [<!ENTITY a 'b'>]><div>&a;</div>"}})");
  EXPECT_EQ(is.at(0).code, "value");
}

TEST(JsonBadInput, IssuesAreCapped) {
  std::string in = R"({"resourceType":"Specimen")";
  for (int i = 0; i < 1000; ++i) in += ",\"x" + std::to_string(i) + "\":1";
  in += "}";
  ParseOptions strict;
  strict.strict = true;
  EXPECT_LE(json_errors(in, strict).size(), 200u);
}

// ---------------------------------------------------------------------------------------------
TEST(XmlBadInput, MalformedXmlHasLineAndColumn) {
  Issues is =
      xml_errors("<Observation xmlns=\"http://hl7.org/fhir\">\n  <status value=\"final\">\n</Observation>");
  ASSERT_EQ(is.size(), 1u);
  EXPECT_EQ(is[0].code, "structure");
  EXPECT_EQ(is[0].line, 3);
  EXPECT_TRUE(is[0].column.has_value());
}

TEST(XmlBadInput, DoctypeAndEntitiesRefusedBeforeParsing) {
  const char* billion_laughs =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]>\n"
      "<Patient xmlns=\"http://hl7.org/fhir\"><id value=\"&lol2;\"/></Patient>";
  Issues is = xml_errors(billion_laughs);
  ASSERT_EQ(is.size(), 1u);
  EXPECT_EQ(is[0].code, "structure");
  EXPECT_EQ(is[0].line, 2);
  EXPECT_EQ(is[0].column, 1);
  EXPECT_EQ(xml_errors("<!ENTITY x SYSTEM \"file:///etc/passwd\"><Patient xmlns=\"http://hl7.org/fhir\"/>")
                .at(0)
                .code,
            "structure");
  // Comments and CDATA are fine.
  Parsed p = parse_xml_ok("<!-- c --><Patient xmlns=\"http://hl7.org/fhir\"><id value=\"a\"/></Patient>");
  EXPECT_EQ(resource_id(p.resource), "a");
}

TEST(XmlBadInput, NamespaceAndRootChecks) {
  EXPECT_EQ(xml_errors("<Patient><id value=\"a\"/></Patient>").at(0).code, "structure");
  EXPECT_EQ(xml_errors("<Bogus xmlns=\"http://hl7.org/fhir\"/>").at(0).code, "not-supported");
  EXPECT_EQ(xml_errors("<Patient xmlns=\"http://hl7.org/fhir\"/><Patient xmlns=\"http://hl7.org/fhir\"/>")
                .at(0)
                .code,
            "structure");
}

TEST(XmlBadInput, BadValuesHavePathAndLine) {
  Issues is = xml_errors(
      "<Observation xmlns=\"http://hl7.org/fhir\">\n<status value=\"final\"/>\n<code><text "
      "value=\"x\"/></code>\n"
      "<valueQuantity>\n  <value value=\"5,0\"/>\n</valueQuantity>\n</Observation>");
  ASSERT_EQ(is.size(), 1u);
  EXPECT_EQ(is[0].code, "value");
  EXPECT_EQ(is[0].expression, "Observation.valueQuantity.value");
  EXPECT_EQ(is[0].line, 5);
  EXPECT_EQ(is[0].column, 4);
  is = xml_errors(
      "<DiagnosticReport xmlns=\"http://hl7.org/fhir\"><presentedForm><data "
      "value=\"@@@@\"/></presentedForm></DiagnosticReport>");
  EXPECT_EQ(is.at(0).expression, "DiagnosticReport.presentedForm[0].data");
  is = xml_errors(
      "<Specimen xmlns=\"http://hl7.org/fhir\"><status value=\"a\"/><status value=\"b\"/></Specimen>");
  EXPECT_EQ(is.at(0).code, "structure");
  EXPECT_EQ(is.at(0).expression, "Specimen.status");
  is = xml_errors("<Patient xmlns=\"http://hl7.org/fhir\"><active value=\"yes\"/></Patient>");
  EXPECT_EQ(is.at(0).expression, "Patient.active");
}

TEST(XmlBadInput, UnknownElementsAndTextWarn) {
  Parsed p = parse_xml_ok(
      "<Specimen xmlns=\"http://hl7.org/fhir\"><id value=\"a\" foo=\"1\"/>text<collection/><x:y "
      "xmlns:x=\"urn:x\"/></Specimen>");
  ASSERT_EQ(p.issues.size(), 4u) << dump(p.issues);
  EXPECT_EQ(p.issues[0].expression, "Specimen.id.@foo");
  EXPECT_EQ(p.issues[1].code, "structure");
  EXPECT_EQ(p.issues[2].expression, "Specimen.collection");
  EXPECT_TRUE(p.issues[2].line.has_value());
}

TEST(XmlBadInput, DivMustBeInXhtmlNamespace) {
  Issues is = xml_errors(
      "<Patient xmlns=\"http://hl7.org/fhir\"><text><status "
      "value=\"generated\"/><div>x</div></text></Patient>");
  EXPECT_EQ(is.at(0).expression, "Patient.text.div");
}

TEST(XmlBadInput, InvalidUtf8AndEmpty) {
  std::string in = "<Patient xmlns=\"http://hl7.org/fhir\"><id value=\"\xC3\x28\"/></Patient>";
  Issues is = xml_errors(in);
  EXPECT_EQ(is.at(0).code, "invalid");
  EXPECT_EQ(is.at(0).offset, in.find('\xC3'));
  EXPECT_EQ(xml_errors("").at(0).diagnostics, "empty input");
}

TEST(XmlBadInput, NestingLimit) {
  std::string deep = "<Observation xmlns=\"http://hl7.org/fhir\">";
  for (int i = 0; i < 100; ++i) deep += "<extension url=\"u\">";
  for (int i = 0; i < 100; ++i) deep += "</extension>";
  deep += "</Observation>";
  Issues is = xml_errors(deep);
  EXPECT_EQ(is.at(0).code, "too-costly");
  // Deep markup that pugixml accepts must not exhaust our stack either.
  std::string huge = "<Observation xmlns=\"http://hl7.org/fhir\">";
  for (int i = 0; i < 100000; ++i) huge += "<a>";
  for (int i = 0; i < 100000; ++i) huge += "</a>";
  huge += "</Observation>";
  auto r = parse_xml(huge);
  EXPECT_TRUE(r.ok());  // <a> is unknown: a warning, and its subtree is not walked
}

TEST(ParseAny, DetectsFormat) {
  auto j = parse_any("\xEF\xBB\xBF  \n{\"resourceType\":\"Specimen\",\"id\":\"j\"}");
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(resource_id(j->resource), "j");
  auto x = parse_any(
      "\n<?xml version=\"1.0\" encoding=\"UTF-8\"?><Specimen xmlns=\"http://hl7.org/fhir\"><id "
      "value=\"x\"/></Specimen>");
  ASSERT_TRUE(x.ok()) << dump(x.error());
  EXPECT_EQ(resource_id(x->resource), "x");
  auto n = parse_any("resourceType=Specimen");
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().at(0).code, "structure");
  EXPECT_EQ(parse_any("").error().at(0).diagnostics, "empty input");
}

}  // namespace
}  // namespace sarcoma::fhir::test

namespace sarcoma::fhir::test {
namespace {

// Many issues in a large single-line document: positions come from one pass, not one per issue.
TEST(XmlBadInput, ManyIssuesInLargeInputStayCheap) {
  std::string in = "<Specimen xmlns=\"http://hl7.org/fhir\">";
  in += "<note><text value=\"" + std::string(4 << 20, 'x') + "\"/></note>";
  for (int i = 0; i < 300; ++i) in += "<bogus" + std::to_string(i) + "/>";
  in += "</Specimen>";
  auto r = parse_xml(in);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->issues.size(), 200u);  // capped
  EXPECT_EQ(r->issues[0].line, 1);
  EXPECT_EQ(r->issues[0].column, static_cast<int>(in.find("bogus0")) + 1);  // pugixml points at the name
  EXPECT_FALSE(r->issues[0].offset.has_value());
}

}  // namespace
TEST(JsonBadInput, TemporalLexicalFormsPerR4) {
  auto obs = [](const std::string& v) {
    return json_errors(std::string(kObsHead) + R"("effectiveDateTime":")" + v + R"("})");
  };
  for (const char* ok : {"2026", "2026-11", "2026-11-25", "2026-11-25T10:15:00Z", "2026-11-25T10:15:00.123+01:00",
                         "2026-11-25T23:59:60-14:00"}) {
    auto r = parse_json(std::string(kObsHead) + R"("effectiveDateTime":")" + ok + R"("})");
    EXPECT_TRUE(r.ok()) << ok;
  }
  for (const char* bad : {"yesterday", "2026-13", "2026-11-32", "2026-11-25T10:15:00", "2026-11-25T24:00:00Z",
                          "2026-11T10:15:00Z", "26-11-25", "2026-11-25T10:15Z", "2026-11-25T10:15:00+15:00"}) {
    Issues is = obs(bad);
    ASSERT_FALSE(is.empty()) << bad;
    EXPECT_EQ(is[0].code, "value") << bad;
    EXPECT_EQ(is[0].expression, "Observation.effectiveDateTime") << bad;
  }
  // instant needs the time and the zone.
  EXPECT_FALSE(json_errors(std::string(kObsHead) + R"("issued":"2026-11-25"})").empty());
  EXPECT_TRUE(parse_json(std::string(kObsHead) + R"("issued":"2026-11-25T10:15:00Z"})").ok());
}

}  // namespace sarcoma::fhir::test
