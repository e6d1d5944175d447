// Runs the extractor over every report in fixtures/reports/ (NAME.json | NAME.xml beside
// NAME.expected.json) and compares with the "facts" part of the expected file. Skipped while the
// corpus is absent. The comparison is tolerant about the shape of "facts" (it was written in
// parallel): it checks "scope", the number of "tumours" and, per tumour, the histology entry ids
// and sizes when those keys are present; other keys are not compared yet.
//
// Rules: the tests' FakeRules until mappings/ ships Rules::load (then: the real tables).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "fhir/parse.hpp"
#include "fhir/rapidjson.hpp"
#include "tests/core/extract/support.hpp"

namespace sarcoma::core::test {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string str_of(const rapidjson::Value& v, const char* key) {
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsString() ? std::string(it->value.GetString()) : std::string();
}

// Entry ids named by an expected list: strings, or objects with "entry_id" / "id".
std::set<std::string> ids(const rapidjson::Value& list) {
  std::set<std::string> out;
  if (!list.IsArray()) return out;
  for (const auto& v : list.GetArray()) {
    if (v.IsString()) out.insert(v.GetString());
    if (v.IsObject()) {
      auto id = str_of(v, "entry_id");
      if (id.empty()) id = str_of(v, "id");
      if (id.empty() && v.HasMember("value") && v["value"].IsObject()) id = str_of(v["value"], "entry_id");
      if (!id.empty()) out.insert(id);
    }
  }
  return out;
}

std::optional<fhir::Decimal> mm(const std::string& value, const std::string& unit) {
  auto d = fhir::Decimal::parse_lenient(value);
  if (!d) return std::nullopt;
  if (unit == "mm") return *d;
  if (unit == "cm") return d->scaled_by_power_of_ten(1);
  return std::nullopt;
}

void compare(const std::string& name, const rapidjson::Value& expected, const ReportFacts& got) {
  auto scope = str_of(expected, "scope");
  if (!scope.empty()) {
    EXPECT_EQ(scope, to_string(got.scope)) << name << ": scope";
  }
  auto it = expected.FindMember("tumours");
  if (it == expected.MemberEnd()) it = expected.FindMember("tumors");
  if (it == expected.MemberEnd() || !it->value.IsArray()) return;
  const auto& tumours = it->value;
  EXPECT_EQ(tumours.Size(), got.tumours.size()) << name << ": number of tumours";
  for (rapidjson::SizeType i = 0; i < std::min<std::size_t>(tumours.Size(), got.tumours.size()); ++i) {
    const auto& e = tumours[i];
    const auto& t = got.tumours[i];
    if (!e.IsObject()) continue;
    if (e.HasMember("histology")) {
      std::set<std::string> have;
      for (const auto& h : t.histology) {
        if (!h.value.entry_id.empty()) have.insert(h.value.entry_id);
      }
      EXPECT_EQ(ids(e["histology"]), have) << name << ": tumour " << i << " histology";
    }
    if (e.HasMember("size") && e["size"].IsArray()) {
      for (const auto& s : e["size"].GetArray()) {
        if (!s.IsObject()) continue;
        const rapidjson::Value& v = s.HasMember("value") && s["value"].IsObject() ? s["value"] : s;
        std::string value = v.HasMember("value") && v["value"].IsString() ? v["value"].GetString()
                            : v.HasMember("value") && v["value"].IsNumber()
                                ? std::to_string(v["value"].GetDouble())
                                : "";
        auto want = mm(value, str_of(v, "unit"));
        if (!want) continue;
        bool found = std::any_of(t.size.begin(), t.size.end(), [&](const auto& f) {
          return mm(f.value.value.text(), f.value.unit) == want;
        });
        EXPECT_TRUE(found) << name << ": tumour " << i << " size " << value << " " << str_of(v, "unit");
      }
    }
  }
}

TEST(ExtractFixtures, EveryReportMatchesItsExpectedFacts) {
  fs::path dir = fs::path(SARCOMA_SOURCE_DIR) / "fixtures" / "reports";
  if (!fs::is_directory(dir)) GTEST_SKIP() << "fixtures/reports/ not present yet";
  int compared = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const auto& p = entry.path();
    std::string file = p.filename().string();
    if (file.find(".expected.") != std::string::npos) continue;
    if (p.extension() != ".json" && p.extension() != ".xml") continue;
    fs::path expected_path = p.parent_path() / (p.stem().string() + ".expected.json");
    if (!fs::exists(expected_path)) continue;
    rapidjson::Document expected;
    std::string expected_text = read(expected_path);
    expected.Parse(expected_text.data(), expected_text.size());
    if (expected.HasParseError() || !expected.IsObject() || !expected.HasMember("facts")) continue;
    auto parsed = fhir::parse_any(read(p));
    if (!parsed.ok()) continue;  // malformed fixtures are the CLI's concern
    ExtractOptions options;
    options.elements = &elements();
    auto all = extract_all(parsed->resource, rules(), options);
    if (!all.ok() || all->empty()) {
      ADD_FAILURE() << file << ": no report extracted";
      continue;
    }
    const auto& facts = expected["facts"];
    if (facts.IsArray()) {
      for (rapidjson::SizeType i = 0; i < std::min<std::size_t>(facts.Size(), all->size()); ++i) {
        compare(file, facts[i], (*all)[i]);
      }
    } else if (facts.IsObject()) {
      compare(file, facts, all->front());
    }
    ++compared;
  }
  if (compared == 0) GTEST_SKIP() << "no fixture with a 'facts' part";
}

}  // namespace
}  // namespace sarcoma::core::test
