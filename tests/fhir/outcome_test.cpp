// OperationOutcome building.
#include "fhir/outcome.hpp"

#include <gtest/gtest.h>

#include "fhir/json_codec.hpp"
#include "fhir/xml_codec.hpp"
#include "test_util.hpp"

namespace sarcoma::fhir::test {
namespace {

TEST(Outcome, FromJsonParseIssues) {
  auto r =
      parse_json(R"({"resourceType":"Observation","status":"final","code":{"text":"x"},"valueInteger":"7"})");
  ASSERT_FALSE(r.ok());
  OperationOutcome oo = make_operation_outcome(r.error());
  ASSERT_EQ(oo.issue.size(), 1u);
  EXPECT_EQ(*oo.issue[0].severity, "error");
  EXPECT_EQ(*oo.issue[0].code, "structure");
  EXPECT_EQ(*oo.issue[0].expression.at(0), "Observation.valueInteger");
  EXPECT_EQ(*oo.issue[0].diagnostics, "expected a number, found a string [at byte 82]");
  EXPECT_EQ(
      to_json(Resource(oo)),
      R"({"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"structure",)"
      R"("diagnostics":"expected a number, found a string [at byte 82]","expression":["Observation.valueInteger"]}]})");
}

TEST(Outcome, XmlPositionsGoToDiagnosticsAndCoreExtensions) {
  Issue i;
  i.severity = Severity::warning;
  i.code = "structure";
  i.diagnostics = "unknown element 'x'";
  i.expression = "Patient.x";
  i.line = 3;
  i.column = 7;
  OperationOutcome oo = make_operation_outcome({i});
  ASSERT_EQ(oo.issue.size(), 1u);
  EXPECT_EQ(*oo.issue[0].diagnostics, "unknown element 'x' [at line 3, column 7]");
  ASSERT_EQ(oo.issue[0].extension.size(), 2u);
  EXPECT_EQ(oo.issue[0].extension[0].url,
            "http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-line");
  EXPECT_EQ(*std::get<Integer>(oo.issue[0].extension[1].value), 7);
  std::string xml = to_xml(Resource(oo));
  EXPECT_EQ(
      xml,
      R"(<OperationOutcome xmlns="http://hl7.org/fhir"><issue>)"
      R"(<extension url="http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-line"><valueInteger value="3"/></extension>)"
      R"(<extension url="http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-col"><valueInteger value="7"/></extension>)"
      R"(<severity value="warning"/><code value="structure"/><diagnostics value="unknown element 'x' [at line 3, column 7]"/>)"
      R"(<expression value="Patient.x"/></issue></OperationOutcome>)");
}

TEST(Outcome, EmptyIssuesStillValid) {
  OperationOutcome oo = make_operation_outcome({});
  ASSERT_EQ(oo.issue.size(), 1u);
  EXPECT_EQ(*oo.issue[0].severity, "information");
  EXPECT_EQ(*oo.issue[0].code, "informational");
}

}  // namespace
}  // namespace sarcoma::fhir::test
