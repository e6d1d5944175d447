// XML <-> model, and JSON -> XML -> JSON equivalence over the same samples as the JSON tests.
#include <gtest/gtest.h>

#include "fhir/json_codec.hpp"
#include "fhir/xml_codec.hpp"
#include "samples.hpp"
#include "test_util.hpp"

namespace sarcoma::fhir::test {
namespace {

TEST(XmlRoundTrip, CompactOutputReproducesInput) {
  Parsed p = parse_xml_ok(kXmlObservation);
  EXPECT_TRUE(p.issues.empty()) << dump(p.issues);
  EXPECT_EQ(to_xml(p.resource), kXmlObservation);
}

TEST(XmlRoundTrip, ModelValues) {
  Parsed p = parse_xml_ok(kXmlObservation);
  const auto& o = std::get<Observation>(p.resource);
  EXPECT_EQ(resource_id(p.resource), "x1");
  EXPECT_EQ(o.status.id, "s");
  EXPECT_EQ(*std::get<String>(o.status.extension.at(0).value), "a & b <c> \"q\"");
  const auto& q = std::get<Quantity>(o.value);
  EXPECT_EQ(q.id, "q");
  EXPECT_EQ(q.value->text(), "6.50");
  ASSERT_EQ(o.hasMember.size(), 2u);
  EXPECT_EQ(*o.hasMember[1].reference, "Observation/m2");
  EXPECT_EQ(*std::get<Boolean>(o.component.at(0).value), true);
  EXPECT_EQ(*o.text->div, R"(<div xmlns="http://www.w3.org/1999/xhtml"><p>Size: <b>6.50</b> cm</p></div>)");
  // And the same content in JSON.
  EXPECT_EQ(
      to_json(p.resource),
      R"({"resourceType":"Observation","id":"x1","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Size: <b>6.50</b> cm</p></div>"},)"
      R"("status":"final","_status":{"id":"s","extension":[{"url":"http://example.org/e","valueString":"a & b <c> \"q\""}]},)"
      R"("code":{"coding":[{"system":"http://loinc.org","code":"21889-1"}]},"valueQuantity":{"id":"q","value":6.50,"unit":"cm"},)"
      R"("hasMember":[{"reference":"Observation/m1"},{"reference":"Observation/m2"}],)"
      R"("component":[{"code":{"text":"c"},"valueBoolean":true}]})");
}

TEST(XmlRoundTrip, PrettyOutputParsesBack) {
  Parsed p = parse_xml_ok(kXmlObservation);
  std::string pretty = to_xml(p.resource, true);
  EXPECT_NE(pretty.find("\n  <id value=\"x1\"/>\n"), std::string::npos) << pretty;
  Parsed again = parse_xml_ok(pretty);
  EXPECT_EQ(to_xml(again.resource), kXmlObservation);
}

TEST(XmlRoundTrip, SpecOrderOnOutputWhateverTheInputOrder) {
  Parsed p = parse_xml_ok(
      R"(<Observation xmlns="http://hl7.org/fhir"><code><text value="x"/></code><status value="final"/><id value="a"/></Observation>)");
  EXPECT_EQ(
      to_xml(p.resource),
      R"(<Observation xmlns="http://hl7.org/fhir"><id value="a"/><status value="final"/><code><text value="x"/></code></Observation>)");
}

class JsonXmlJson : public ::testing::TestWithParam<Sample> {};

// JSON -> model -> XML -> model -> JSON gives the original JSON; XML output is stable.
TEST_P(JsonXmlJson, Equivalent) {
  Parsed from_json = parse_json_ok(GetParam().json);
  std::string xml = to_xml(from_json.resource);
  auto from_xml = parse_xml(xml);
  ASSERT_TRUE(from_xml.ok()) << dump(from_xml.error()) << xml;
  EXPECT_TRUE(from_xml->issues.empty()) << dump(from_xml->issues) << xml;
  EXPECT_EQ(to_json(from_xml->resource), minify_json(GetParam().json)) << xml;
  EXPECT_EQ(to_xml(from_xml->resource), xml);
  Parsed pretty = parse_xml_ok(to_xml(from_json.resource, true));
  EXPECT_EQ(to_xml(pretty.resource), xml);
}

INSTANTIATE_TEST_SUITE_P(AllTypes, JsonXmlJson, ::testing::ValuesIn(kAllSamples), sample_name);

TEST(XmlWriter, ContainedAndEntryResourcesAreWrapped) {
  Parsed p = parse_json_ok(kBundle);
  std::string xml = to_xml(p.resource);
  EXPECT_NE(
      xml.find(
          R"(<fullUrl value="http://example.org/fhir/Observation/o1"/><resource><Observation><id value="o1"/>)"),
      std::string::npos)
      << xml;
  EXPECT_NE(xml.find(R"(<outcome><OperationOutcome><issue>)"), std::string::npos) << xml;
  Parsed dr = parse_json_ok(kDiagnosticReport);
  xml = to_xml(dr.resource);
  EXPECT_NE(xml.find(R"(<contained><Observation><id value="size"/>)"), std::string::npos) << xml;
  EXPECT_NE(xml.find(R"(<extension url="http://example.org/ext"><valueBoolean value="true"/></extension>)"),
            std::string::npos)
      << xml;
}

TEST(XmlWriter, PrimitiveArrayItemsKeepTheirExtensions) {
  Parsed p = parse_json_ok(kPatient);
  std::string xml = to_xml(p.resource);
  EXPECT_NE(
      xml.find(
          R"(<given value="Ann"/><given><extension url="http://hl7.org/fhir/StructureDefinition/data-absent-reason"><valueCode value="masked"/></extension></given><given id="g3" value="Lee"/>)"),
      std::string::npos)
      << xml;
}

TEST(XmlWriter, DivWithoutNamespaceGetsXhtmlNamespace) {
  Patient pt;
  pt.text.emplace().status = "generated";
  pt.text->div = "<div><p>x</p></div>";
  std::string xml = to_xml(Resource(pt));
  EXPECT_NE(xml.find(R"(<div xmlns="http://www.w3.org/1999/xhtml"><p>x</p></div>)"), std::string::npos)
      << xml;
}

TEST(XmlWriter, ControlCharactersFromJsonStayWellFormed) {
  Parsed p = parse_json_ok(R"({"resourceType":"Specimen","id":"s","note":[{"text":"a\u0001b\nc"}]})");
  std::string xml = to_xml(p.resource);
  Parsed back = parse_xml_ok(xml);
  EXPECT_EQ(*std::get<Specimen>(back.resource).note.at(0).text,
            "a\xEF\xBF\xBD"
            "b\nc");
}

}  // namespace
}  // namespace sarcoma::fhir::test

namespace sarcoma::fhir::test {
namespace {

// The shape HL7's own XML examples have: declaration, schema hints, tabs, comments between and
// inside elements, element ids on repeating elements, and a narrative with <pre> whitespace.
constexpr std::string_view kHl7StyleBundle =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<Bundle xmlns=\"http://hl7.org/fhir\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
    "xsi:schemaLocation=\"http://hl7.org/fhir ../schema/bundle.xsd\">\n"
    "\t<id value=\"panel\"/>\n\t<type value=\"collection\"/>\n"
    "\t<entry>\n\t\t<fullUrl value=\"https://example.com/base/DiagnosticReport/r\"/>\n\t\t<resource>\n"
    "\t\t\t<DiagnosticReport>\n\t\t\t\t<id value=\"r\"/>\n"
    "\t\t\t\t<text>\n\t\t\t\t\t<status value=\"generated\"/>\n"
    "\t\t\t\t\t<div xmlns=\"http://www.w3.org/1999/xhtml\">\n\t\t\t\t\t\t<pre>\nSize    cm   6.5   &lt;5\n  "
    "</pre>\n"
    "\t\t\t\t\t</div>\n\t\t\t\t</text>\n"
    "\t\t\t\t<status value=\"final\"/><!-- comment between elements -->\n"
    "\t\t\t\t<code><!-- comment inside --><text value=\"Panel\"/></code>\n"
    "\t\t\t\t<result id=\"1\">\n\t\t\t\t\t<reference value=\"Observation/size\"/>\n\t\t\t\t</result>\n"
    "\t\t\t</DiagnosticReport>\n\t\t</resource>\n\t</entry>\n"
    "\t<entry>\n\t\t<fullUrl value=\"https://example.com/base/Observation/size\"/>\n\t\t<resource>\n"
    "\t\t\t<Observation>\n\t\t\t\t<id value=\"size\"/>\n\t\t\t\t<status value=\"final\"/>\n"
    "\t\t\t\t<code>\n\t\t\t\t\t<text value=\"Size\"/>\n\t\t\t\t</code>\n"
    "\t\t\t\t<valueQuantity>\n\t\t\t\t\t<value value=\"6.50\"/>\n\t\t\t\t\t<unit value=\"cm\"/>\n"
    "\t\t\t\t</valueQuantity>\n\t\t\t</Observation>\n\t\t</resource>\n\t</entry>\n</Bundle>\n";

TEST(XmlHl7Style, CommentsSchemaHintsAndWhitespaceAreHandled) {
  Parsed p = parse_xml_ok(kHl7StyleBundle);
  EXPECT_TRUE(p.issues.empty()) << dump(p.issues);
  const auto& b = std::get<Bundle>(p.resource);
  ASSERT_EQ(b.entry.size(), 2u);
  const auto& dr = std::get<DiagnosticReport>(*b.entry[0].resource);
  EXPECT_EQ(dr.result.at(0).id, "1");
  EXPECT_EQ(*dr.code->text, "Panel");
  EXPECT_EQ(
      *dr.text->div,
      "<div xmlns=\"http://www.w3.org/1999/xhtml\">\n\t\t\t\t\t\t<pre>\nSize    cm   6.5   &lt;5\n  </pre>\n"
      "\t\t\t\t\t</div>");
  const auto& obs = std::get<Observation>(*b.entry[1].resource);
  EXPECT_EQ(std::get<Quantity>(obs.value).value->text(), "6.50");
  // Stable through XML and JSON.
  std::string xml = to_xml(p.resource);
  Parsed again = parse_xml_ok(xml);
  EXPECT_EQ(to_xml(again.resource), xml);
  Parsed via_json = parse_json_ok(to_json(p.resource));
  EXPECT_EQ(to_xml(via_json.resource), xml);
}

}  // namespace
}  // namespace sarcoma::fhir::test
