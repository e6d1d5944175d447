#include "adapter/service/batch/chunk.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/shared/rule_set.hpp"

namespace sarcoma::service::batch {
namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(SARCOMA_SOURCE_DIR) + "/fixtures/reports/" + name, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  std::string text = s.str();
  for (char& c : text) {
    if (c == '\n') c = ' ';  // one NDJSON line (JSON allows a space wherever a newline was)
  }
  return text;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

core::PipelineOptions options() {
  core::PipelineOptions o;
  o.adapter_version = "test";
  o.fallback_recorded = "2026-01-01T00:00:00Z";
  o.typed_bundle = false;  // as batch runs it
  return o;
}

TEST(BatchChunk, EachLineGivesABundleOrAnErrorWithItsLineNumber) {
  Chunk c;
  c.first_line = 41;
  c.lines = {fixture("01-coded-lms-thigh-collection.json"), "  \r", "not json",
             fixture("35-coded-adenocarcinoma-colon.json")};
  process(c, test::rule_set(), options());

  auto out = split_lines(c.out);
  ASSERT_EQ(out.size(), 2u);  // fixture 01 and fixture 35 (a Bundle with nothing to write)
  for (const auto& line : out) EXPECT_EQ(line.rfind("{\"resourceType\":\"Bundle\"", 0), 0u) << line;
  EXPECT_NE(out[0].find("\"type\":\"transaction\""), std::string::npos);
  EXPECT_NE(out[0].find("\"resourceType\":\"Task\""), std::string::npos);
  EXPECT_EQ(out[1].find("\"resourceType\":\"Task\""), std::string::npos);

  auto errors = split_lines(c.errors);
  ASSERT_EQ(errors.size(), 1u);
  // "not json" is the third line of the chunk, which starts at input line 41.
  EXPECT_EQ(errors[0].rfind("{\"line\":43,\"outcome\":{\"resourceType\":\"OperationOutcome\"", 0), 0u)
      << errors[0];

  EXPECT_EQ(c.tally.lines, 4);
  EXPECT_EQ(c.tally.ok, 2);
  EXPECT_EQ(c.tally.failed, 1);
  EXPECT_EQ(c.tally.reports, 2);
  EXPECT_EQ(c.tally.sarcoma, 1);  // the colon adenocarcinoma is not routed
  // Fixture 01's reasons are sarcoma-diagnosis and m-category-assumed; review_reasons.json lists
  // sarcoma-diagnosis first, so it is the main reason.
  std::map<std::string, long long> routed{{"sarcoma-diagnosis", 1}};
  EXPECT_EQ(c.tally.routed, routed);
}

TEST(BatchChunk, ProcessingTwiceGivesTheSameText) {
  Chunk a;
  a.lines = {fixture("29-mixed-pleomorphic-lps-thigh-m1.json"),
             fixture("07-narrative-myxofibrosarcoma-thigh-plain.json")};
  Chunk b = a;
  process(a, test::rule_set(), options());
  process(b, test::rule_set(), options());
  process(b, test::rule_set(), options());  // reprocessing replaces, never appends
  EXPECT_EQ(a.out, b.out);
  EXPECT_EQ(b.tally.lines, 2);
  EXPECT_EQ(b.tally.routed.at("metastatic-disease"), 1);
}

}  // namespace
}  // namespace sarcoma::service::batch
