// Round trip over every official HL7 example collected in fixtures/hl7/ (when present).
// Examples of resource types the model does not cover are counted and skipped; for the rest:
// same-format output re-parses cleanly and is stable, and JSON and XML carry the same content.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "fhir/json_codec.hpp"
#include "fhir/parse.hpp"
#include "fhir/xml_codec.hpp"
#include "test_util.hpp"

namespace sarcoma::fhir::test {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

bool only_unsupported_type(const Issues& issues) {
  for (const auto& i : issues) {
    if (has_error({i}) && i.code != "not-supported") return false;
  }
  return true;
}

bool has_opaque(const Issues& warnings) {
  return find_issue(warnings, "not-supported") != nullptr;
}

TEST(Hl7Fixtures, EveryExampleRoundTrips) {
  // SARCOMA_HL7_FIXTURES points elsewhere for a local run over a bigger collection.
  const char* env = std::getenv("SARCOMA_HL7_FIXTURES");
  fs::path dir = env ? fs::path(env) : fs::path(SARCOMA_SOURCE_DIR) / "fixtures" / "hl7";
  if (!fs::is_directory(dir)) GTEST_SKIP() << "no fixtures/hl7 directory yet";
  int checked = 0, skipped = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::string ext = entry.path().extension().string();
    if (ext != ".json" && ext != ".xml") continue;
    SCOPED_TRACE(entry.path().string());
    std::string text = read_file(entry.path());
    auto parsed = parse_any(text);
    if (!parsed.ok()) {
      EXPECT_TRUE(only_unsupported_type(parsed.error())) << dump(parsed.error());
      ++skipped;
      continue;
    }
    ++checked;
    const bool json = ext == ".json";
    std::string once = json ? to_json(parsed->resource) : to_xml(parsed->resource);
    auto again = json ? parse_json(once) : parse_xml(once);
    ASSERT_TRUE(again.ok()) << dump(again.error()) << once;
    std::string twice = json ? to_json(again->resource) : to_xml(again->resource);
    EXPECT_EQ(twice, once);
    if (!has_opaque(parsed->issues)) {
      // The other format carries the same content.
      std::string other = json ? to_xml(parsed->resource) : to_json(parsed->resource);
      auto crossed = json ? parse_xml(other) : parse_json(other);
      ASSERT_TRUE(crossed.ok()) << dump(crossed.error()) << other;
      EXPECT_EQ(to_json(crossed->resource), to_json(parsed->resource));
    }
  }
  std::cout << "[ fixtures ] " << checked << " HL7 examples round-tripped, " << skipped
            << " of unmodelled resource types skipped\n";
  EXPECT_GT(checked + skipped, 0);
}

}  // namespace
}  // namespace sarcoma::fhir::test
