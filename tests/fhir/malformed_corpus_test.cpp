// The malformed-input corpus (fixtures/malformed/, see its README.md): every NAME.expected.json
// names the OperationOutcome issue(s) that reading the input NAME.<ext> must produce, written
// from the FHIR R4 specification (issue-type value set, json.html, xml.html, datatypes.html),
// not from the codec. For each case: parse_any fails with every expected issue (severity, one of
// the accepted codes, and the expression when one is given); parse_json and parse_xml on the same
// bytes fail without crashing; the issues turn into an OperationOutcome that serialises and reads
// back. Cases named generated-* have no committed input: the test builds it (e.g. > max_bytes).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "fhir/issue.hpp"
#include "fhir/json_codec.hpp"
#include "fhir/model.hpp"
#include "fhir/outcome.hpp"
#include "fhir/parse.hpp"
#include "fhir/xml_codec.hpp"

#include "fhir/rapidjson.hpp"

namespace sarcoma::fhir::test {
namespace {

namespace fs = std::filesystem;

struct ExpectedIssue {
  std::string severity;
  std::vector<std::string> codes;  // any one of them
  std::string expression;          // empty: not checked
};

struct Case {
  std::string name;
  fs::path input;  // empty for generated-* cases
  std::vector<ExpectedIssue> issues;
  std::string load_error;  // a broken corpus entry is a test failure, not a skip
};

// gtest prints a failing parameter with this (the name, not the bytes of the struct).
void PrintTo(const Case& c, std::ostream* os) {
  *os << c.name;
}

fs::path corpus_dir() {
  return fs::path(SARCOMA_SOURCE_DIR) / "fixtures" / "malformed";
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

constexpr std::string_view kExpectedSuffix = ".expected.json";

bool is_expected_file(const std::string& file) {
  return file.size() > kExpectedSuffix.size() &&
         file.compare(file.size() - kExpectedSuffix.size(), kExpectedSuffix.size(), kExpectedSuffix) == 0;
}

Case load_case(const fs::path& expected_file) {
  Case c;
  std::string file = expected_file.filename().string();
  c.name = file.substr(0, file.size() - kExpectedSuffix.size());
  if (c.name.rfind("generated-", 0) != 0) {
    for (const auto& e : fs::directory_iterator(corpus_dir())) {
      std::string f = e.path().filename().string();
      if (!is_expected_file(f) && e.path().stem().string() == c.name) c.input = e.path();
    }
    if (c.input.empty()) c.load_error = "no input file for " + file;
  }
  rapidjson::Document d;
  std::string text = read_file(expected_file);
  d.Parse(text.c_str(), text.size());
  if (d.HasParseError() || !d.IsObject() || !d.HasMember("issue") || !d["issue"].IsArray() ||
      d["issue"].Empty()) {
    c.load_error = file + ": expected {\"issue\": [...]}";
    return c;
  }
  for (const auto& i : d["issue"].GetArray()) {
    ExpectedIssue e;
    if (!i.IsObject() || !i.HasMember("severity") || !i["severity"].IsString() || !i.HasMember("code")) {
      c.load_error = file + ": every issue needs severity and code";
      return c;
    }
    e.severity = i["severity"].GetString();
    if (i["code"].IsString()) {
      e.codes.emplace_back(i["code"].GetString());
    } else if (i["code"].IsArray()) {
      for (const auto& k : i["code"].GetArray()) {
        if (k.IsString()) e.codes.emplace_back(k.GetString());
      }
    }
    if (e.codes.empty()) {
      c.load_error = file + ": code must be a string or an array of strings";
      return c;
    }
    if (i.HasMember("expression") && i["expression"].IsString()) e.expression = i["expression"].GetString();
    c.issues.push_back(std::move(e));
  }
  return c;
}

std::vector<Case> load_corpus() {
  std::vector<Case> cases;
  std::error_code ec;
  if (!fs::is_directory(corpus_dir(), ec)) {
    Case c;
    c.name = "missing_corpus";
    c.load_error = "no directory " + corpus_dir().string();
    cases.push_back(std::move(c));
    return cases;
  }
  for (const auto& e : fs::directory_iterator(corpus_dir())) {
    if (e.is_regular_file() && is_expected_file(e.path().filename().string()))
      cases.push_back(load_case(e.path()));
  }
  std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
  return cases;
}

// The input bytes of a case; generated-* cases are built here.
std::string input_of(const Case& c) {
  if (c.name == "generated-oversize-json") {
    // A well-formed Observation exactly one byte over the default limit.
    const std::size_t target = ParseOptions{}.max_bytes + 1;
    const std::string head = R"({"resourceType":"Observation","status":"final","code":{"text":")";
    const std::string tail = R"("}})";
    std::string s = head;
    s.append(target - head.size() - tail.size(), 'a');
    s += tail;
    return s;
  }
  return read_file(c.input);
}

std::string dump(const Issues& issues) {
  std::ostringstream os;
  for (const auto& i : issues) {
    os << "  " << to_string(i.severity) << " " << i.code << " @" << i.expression << ": " << i.diagnostics
       << "\n";
  }
  return os.str();
}

bool matches(const Issue& got, const ExpectedIssue& want) {
  if (want.severity != to_string(got.severity)) return false;
  const bool code_ok = std::find(want.codes.begin(), want.codes.end(), got.code) != want.codes.end();
  if (!code_ok) return false;
  return want.expression.empty() || want.expression == got.expression;
}

class MalformedCorpus : public ::testing::TestWithParam<Case> {};

TEST_P(MalformedCorpus, RefusedWithTheExpectedIssues) {
  const Case& c = GetParam();
  ASSERT_TRUE(c.load_error.empty()) << c.load_error;
  const std::string input = input_of(c);

  auto r = parse_any(input);
  ASSERT_FALSE(r.ok()) << c.name << ": parse_any accepted malformed input; warnings:\n" << dump(r->issues);
  const Issues& issues = r.error();
  EXPECT_TRUE(has_error(issues)) << "a failed parse must carry an error issue\n" << dump(issues);
  for (const auto& want : c.issues) {
    const bool exact =
        std::any_of(issues.begin(), issues.end(), [&](const Issue& i) { return matches(i, want); });
    if (exact) continue;
    std::string codes;
    for (const auto& k : want.codes) codes += (codes.empty() ? "" : "|") + k;
    ADD_FAILURE() << c.name << ": no issue " << want.severity << " " << codes << " @" << want.expression
                  << "; got:\n"
                  << dump(issues);
  }

  // The issues make a valid OperationOutcome that survives a JSON round trip.
  Resource oo(make_operation_outcome(issues));
  auto back = parse_json(to_json(oo));
  ASSERT_TRUE(back.ok()) << to_json(oo);
  const auto* outcome = get_if<OperationOutcome>(back->resource);
  ASSERT_NE(outcome, nullptr);
  EXPECT_EQ(outcome->issue.size(), issues.size());
}

TEST_P(MalformedCorpus, BothCodecsRefuseWithoutCrashing) {
  const Case& c = GetParam();
  ASSERT_TRUE(c.load_error.empty()) << c.load_error;
  const std::string input = input_of(c);
  auto j = parse_json(input);
  auto x = parse_xml(input);
  EXPECT_FALSE(j.ok()) << "parse_json accepted " << c.name;
  EXPECT_FALSE(x.ok()) << "parse_xml accepted " << c.name;
  // Strict mode never turns a refusal into an acceptance.
  ParseOptions strict;
  strict.strict = true;
  auto s = parse_any(input, strict);
  EXPECT_FALSE(s.ok());
}

TEST(MalformedCorpusFiles, EveryInputHasAnExpectation) {
  const fs::path dir = corpus_dir();
  ASSERT_TRUE(fs::is_directory(dir)) << dir;
  int inputs = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string f = e.path().filename().string();
    if (!e.is_regular_file() || is_expected_file(f) || f == "README.md") continue;
    ++inputs;
    EXPECT_TRUE(fs::exists(dir / (e.path().stem().string() + std::string(kExpectedSuffix))))
        << f << " has no " << e.path().stem().string() << kExpectedSuffix;
  }
  EXPECT_GE(inputs, 20);
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string n = info.param.name;
  for (char& ch : n) {
    if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))) ch = '_';
  }
  return n;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, MalformedCorpus, ::testing::ValuesIn(load_corpus()), case_name);

}  // namespace
}  // namespace sarcoma::fhir::test
