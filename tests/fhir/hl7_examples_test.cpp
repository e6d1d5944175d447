// The official HL7 FHIR R4 examples in fixtures/hl7/ (see SOURCES.md there), every one of them,
// no skipping: each JSON and XML file parses without error issues; JSON -> model -> JSON -> model
// -> JSON is stable (the second serialisation equals the first), XML likewise; and a cut-off copy
// of each file is refused cleanly. The element-by-element comparison with the originals (JSON vs
// XML of one example, narrative compared as XHTML) and with an independent implementation is
// tests/scripts/fhir_crosscheck.test.sh.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "fhir/issue.hpp"
#include "fhir/json_codec.hpp"
#include "fhir/model.hpp"
#include "fhir/parse.hpp"
#include "fhir/xml_codec.hpp"

namespace sarcoma::fhir::test {
namespace {

namespace fs = std::filesystem;

fs::path examples_dir() {
  return fs::path(SARCOMA_SOURCE_DIR) / "fixtures" / "hl7";
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string dump(const Issues& issues) {
  std::ostringstream os;
  for (const auto& i : issues) {
    os << "  " << to_string(i.severity) << " " << i.code << " @" << i.expression << ": " << i.diagnostics
       << "\n";
  }
  return os.str();
}

std::vector<std::string> example_files() {
  std::vector<std::string> out;
  std::error_code ec;
  if (!fs::is_directory(examples_dir(), ec)) return {"<missing fixtures/hl7>"};
  for (const auto& e : fs::directory_iterator(examples_dir())) {
    const std::string ext = e.path().extension().string();
    if (e.is_regular_file() && (ext == ".json" || ext == ".xml")) out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool is_json(const std::string& file) {
  return fs::path(file).extension() == ".json";
}

std::string serialise(const Resource& r, bool json) {
  return json ? to_json(r) : to_xml(r);
}
Result<Parsed, Issues> reparse(const std::string& text, bool json) {
  return json ? parse_json(text) : parse_xml(text);
}

class Hl7Example : public ::testing::TestWithParam<std::string> {};

TEST_P(Hl7Example, ParsesAndRoundTripsStably) {
  const std::string& file = GetParam();
  const fs::path path = examples_dir() / file;
  ASSERT_TRUE(fs::is_regular_file(path)) << path;
  const bool json = is_json(file);
  const std::string text = read_file(path);

  auto first = parse_any(text);
  ASSERT_TRUE(first.ok()) << file << " has error issues:\n" << dump(first.error());
  EXPECT_FALSE(has_error(first->issues)) << dump(first->issues);
  EXPECT_NE(resource_type_name(first->resource), "");

  // The format-specific reader agrees with parse_any.
  auto direct = reparse(text, json);
  ASSERT_TRUE(direct.ok()) << dump(direct.error());
  EXPECT_EQ(to_json(direct->resource), to_json(first->resource));

  const std::string once = serialise(first->resource, json);
  auto second = reparse(once, json);
  ASSERT_TRUE(second.ok()) << dump(second.error()) << once.substr(0, 2000);
  // Our own output raises no warnings, except that resources of unmodelled types stay unmodelled.
  for (const auto& w : second->issues) {
    EXPECT_EQ(w.code, "not-supported") << "our own output raised a warning:\n" << dump({w});
  }
  const std::string twice = serialise(second->resource, json);
  EXPECT_EQ(twice, once) << file << ": second serialisation differs from the first";

  // Pretty output reads back to the same model.
  auto pretty = reparse(json ? to_json(first->resource, true) : to_xml(first->resource, true), json);
  ASSERT_TRUE(pretty.ok()) << dump(pretty.error());
  EXPECT_EQ(serialise(pretty->resource, json), once);
}

TEST_P(Hl7Example, TruncatedCopiesAreRefused) {
  const std::string& file = GetParam();
  const std::string text = read_file(examples_dir() / file);
  const std::size_t last = text.find_last_not_of(" \t\r\n");
  ASSERT_NE(last, std::string::npos);
  // 40 cut points spread over the file, all before its last significant byte.
  for (int k = 0; k < 40; ++k) {
    const std::size_t cut = last * static_cast<std::size_t>(k) / 40;
    auto r = parse_any(std::string_view(text).substr(0, cut));
    EXPECT_FALSE(r.ok()) << file << " cut at byte " << cut << " was accepted";
    if (!r.ok()) {
      EXPECT_TRUE(has_error(r.error())) << file << " cut at " << cut;
    }
  }
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string n = info.param;
  for (char& ch : n) {
    if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))) ch = '_';
  }
  return n;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, Hl7Example, ::testing::ValuesIn(example_files()), test_name);

TEST(Hl7ExampleFiles, CorpusIsComplete) {
  // At least one example of each resource type the model carries, in both formats.
  const std::vector<std::string> files = example_files();
  for (const char* type : {"DiagnosticReport", "Observation", "Bundle", "Task", "Provenance",
                           "OperationOutcome", "Parameters", "Patient", "Specimen"}) {
    int json = 0, xml = 0;
    for (const auto& f : files) {
      auto r = parse_any(read_file(examples_dir() / f));
      if (r.ok() && resource_type_name(r->resource) == type) ++(is_json(f) ? json : xml);
    }
    EXPECT_GE(json, 1) << "no JSON example of " << type;
    EXPECT_GE(xml, 1) << "no XML example of " << type;
  }
}

}  // namespace
}  // namespace sarcoma::fhir::test
