// OperationOutcome building, and base64.
#include "fhir/outcome.hpp"

#include <gtest/gtest.h>

#include <random>

#include "fhir/base64.hpp"
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

TEST(Base64, RoundTripAndValidation) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_decode("Zm9vYmFy"), "foobar");
  EXPECT_EQ(base64_decode("Zg=="), "f");
  EXPECT_EQ(base64_decode("Zm8="), "fo");
  EXPECT_EQ(base64_decode(" Zm9v\r\nYmFy \n"), "foobar");
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  EXPECT_EQ(base64_decode(base64_encode(bytes)), bytes);
  EXPECT_TRUE(base64_valid(base64_encode(bytes)));
  for (const char* good : {"", "Zg==", "Zm8=", "Zm9v", " Zm9v\r\nYmFy \n", "Zg== "}) {
    EXPECT_TRUE(base64_valid(good)) << good;
  }
  for (const char* bad :
       {"Zg", "Zg=", "Z===", "Zm9v!", "Zg==Zg==", "Zm=v", "====", "Zm9vY", "Zg=a", "Zg==="}) {
    EXPECT_FALSE(base64_decode(bad).has_value()) << bad;
    EXPECT_FALSE(base64_valid(bad)) << bad;
  }
}

// The decoder's whole-group fast path against the validator and the encoder: random strings over
// the alphabet, '=' and whitespace decode exactly when they are valid, and encoded random bytes
// with line breaks anywhere decode back to the bytes.
TEST(Base64, DecoderAgreesWithValidatorAndEncoder) {
  std::mt19937 rng(7);
  const std::string symbols = "QUJD+/z9= \r\n";
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    for (std::size_t n = rng() % 14; n > 0; --n) text += symbols[rng() % symbols.size()];
    EXPECT_EQ(base64_decode(text).has_value(), base64_valid(text)) << text;
  }
  for (int round = 0; round < 500; ++round) {
    std::string bytes;
    for (std::size_t n = rng() % 200; n > 0; --n) bytes.push_back(static_cast<char>(rng()));
    std::string text = base64_encode(bytes);
    for (int k = static_cast<int>(rng() % 4); k > 0; --k) text.insert(rng() % (text.size() + 1), "\r\n");
    EXPECT_EQ(base64_decode(text), bytes) << text;
  }
}

}  // namespace
}  // namespace sarcoma::fhir::test
