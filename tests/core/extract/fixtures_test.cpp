// Runs the extractor over every report of the synthetic corpus in fixtures/reports/ (NAME.json or
// NAME.xml beside NAME.expected.json, written by fixtures/reports/tools/build_corpus.py) and compares
// the "facts" part of each expected file strictly: scope, number of tumours and, per tumour in order,
// the histology row ids, the site row ids and the greatest dimensions as written (value text and
// unit, compared as sets), and the set of conflict elements. Any difference fails. The "assessment"
// part is for the assessment/routing golden tests and is only checked for shape here.
//
// Tables: the shipped ones (mappings::Rules::load over mappings/, mappings/elements.json).
//
// A case listed in kKnownExtractorGaps is one where the hand-written expectation is right by the spec
// and the extractor is not (yet): it must still differ (when it stops differing the test fails, so
// the entry gets removed) and its differences are printed, not failed.
//
// SARCOMA_FIXTURES_DUMP=1 prints what the extractor found in every report (debugging aid).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "adapter/core/extract/extract.hpp"
#include "fhir/parse.hpp"
#include "fhir/rapidjson.hpp"
#include "mappings/element_codes.hpp"
#include "mappings/rules.hpp"

namespace sarcoma::core::test {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMinimumCases = 60;

// file -> why the expectation stands and the extractor is wrong.
const std::map<std::string, std::string> kKnownExtractorGaps = {  // none today
};

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const mappings::Rules& rules() {
  static const std::shared_ptr<const mappings::Rules> r = [] {
    auto loaded = mappings::Rules::load(mappings::default_mappings_dir());
    if (!loaded.ok()) {
      for (const auto& i : loaded.error()) ADD_FAILURE() << i.diagnostics;
      std::abort();
    }
    return std::move(loaded).value();
  }();
  return *r;
}

const mappings::ElementCodes& elements() {
  static const mappings::ElementCodes e = [] {
    auto r = mappings::load_element_codes(mappings::default_mappings_dir() + "/elements.json");
    if (!r.ok()) {
      for (const auto& i : r.error()) ADD_FAILURE() << i.diagnostics;
      std::abort();
    }
    return std::move(r).value();
  }();
  return e;
}

fs::path corpus_dir() {
  return fs::path(SARCOMA_SOURCE_DIR) / "fixtures" / "reports";
}

struct Case {
  std::string file;  // NAME.json / NAME.xml
  fs::path input;
  fs::path expected;
};

// Every input file with its expected file, sorted by name.
std::vector<Case> corpus() {
  std::vector<Case> out;
  for (const auto& entry : fs::directory_iterator(corpus_dir())) {
    if (!entry.is_regular_file()) continue;
    const auto& p = entry.path();
    std::string file = p.filename().string();
    if (file.find(".expected.") != std::string::npos) continue;
    if (p.extension() != ".json" && p.extension() != ".xml") continue;
    out.push_back({file, p, p.parent_path() / (p.stem().string() + ".expected.json")});
  }
  std::sort(out.begin(), out.end(), [](const Case& a, const Case& b) { return a.file < b.file; });
  return out;
}

using Strings = std::set<std::string>;  // compared as sets: several mentions of one value count once

std::string show(const Strings& s) {
  std::string out = "[";
  for (const auto& x : s) out += (out.size() > 1 ? ", " : "") + x;
  return out + "]";
}

bool is_string_array(const rapidjson::Value& v) {
  if (!v.IsArray()) return false;
  for (const auto& x : v.GetArray()) {
    if (!x.IsString()) return false;
  }
  return true;
}

Strings strings(const rapidjson::Value& v) {
  Strings out;
  for (const auto& x : v.GetArray()) out.insert(x.GetString());
  return out;
}

// Collects differences between the expected facts and the extracted ones.
class Comparison {
 public:
  std::vector<std::string> differences;

  void run(const rapidjson::Value& e, const ReportFacts& got) {
    if (!e.IsObject() || !e.HasMember("scope") || !e["scope"].IsString() || !e.HasMember("tumours") ||
        !e["tumours"].IsArray() || !e.HasMember("conflicts") || !is_string_array(e["conflicts"])) {
      differences.push_back("expected facts lack scope/tumours/conflicts");
      return;
    }
    diff("scope", e["scope"].GetString(), to_string(got.scope));
    const auto& tumours = e["tumours"];
    if (tumours.Size() != got.tumours.size()) {
      differences.push_back("number of tumours: expected " + std::to_string(tumours.Size()) + ", got " +
                            std::to_string(got.tumours.size()));
    }
    for (rapidjson::SizeType i = 0; i < std::min<std::size_t>(tumours.Size(), got.tumours.size()); ++i) {
      tumour("tumour " + std::to_string(i) + " ", tumours[i], got.tumours[i]);
    }
    Strings conflicts;
    for (const auto& c : got.conflicts) conflicts.insert(c.element);
    diff("conflicts", show(strings(e["conflicts"])), show(conflicts));
  }

 private:
  void diff(const std::string& what, const std::string& want, const std::string& have) {
    if (want != have) differences.push_back(what + ": expected " + want + ", got " + have);
  }

  void tumour(const std::string& where, const rapidjson::Value& e, const TumourFacts& t) {
    if (!e.IsObject() || !e.HasMember("histology") || !is_string_array(e["histology"]) ||
        !e.HasMember("site") || !is_string_array(e["site"]) || !e.HasMember("size") || !e["size"].IsArray()) {
      differences.push_back(where + "lacks histology/site/size lists");
      return;
    }
    Strings histology, site, size;
    for (const auto& h : t.histology) {
      if (!h.value.entry_id.empty()) histology.insert(h.value.entry_id);
    }
    for (const auto& s : t.site) {
      if (!s.value.entry_id.empty()) site.insert(s.value.entry_id);
    }
    for (const auto& s : t.size) size.insert(s.value.value.text() + " " + s.value.unit);
    Strings want_size;
    for (const auto& s : e["size"].GetArray()) {
      if (!s.IsObject() || !s.HasMember("value") || !s["value"].IsString() || !s.HasMember("unit") ||
          !s["unit"].IsString()) {
        differences.push_back(where + "size entries need string value and unit");
        return;
      }
      want_size.insert(std::string(s["value"].GetString()) + " " + s["unit"].GetString());
    }
    diff(where + "histology", show(strings(e["histology"])), show(histology));
    diff(where + "site", show(strings(e["site"])), show(site));
    diff(where + "size", show(want_size), show(size));
  }
};

// What the extractor found, for the failure message.
std::string dump(const ReportFacts& f) {
  std::ostringstream o;
  o << "  extracted: scope " << to_string(f.scope) << ", " << f.tumours.size() << " tumour(s)\n";
  for (const auto& t : f.tumours) {
    o << "   [" << t.label << "]";
    for (const auto& h : t.histology)
      o << " histology=" << (h.value.entry_id.empty() ? "?" : h.value.entry_id) << "(" << to_string(h.method)
        << ")";
    for (const auto& s : t.site)
      o << " site=" << (s.value.entry_id.empty() ? "?" : s.value.entry_id) << "(" << to_string(s.method)
        << ")";
    for (const auto& s : t.size)
      o << " size=" << s.value.value.text() << s.value.unit << "(" << to_string(s.method) << ")";
    for (const auto& m : t.mitoses)
      o << " mitoses=" << m.value.count.text() << "/" << m.value.per_amount.text()
        << (m.value.per_unit == MitoticRate::Per::hpf ? "hpf" : "mm2");
    for (const auto& n : t.necrosis)
      o << " necrosis=" << static_cast<int>(n.value.extent)
        << (n.value.percent ? "(" + n.value.percent->text() + "%)" : "");
    for (const auto& g : t.stated_grade) o << " grade=" << g.value.value;
    for (const auto* list : {&t.stated_t, &t.stated_n, &t.stated_m, &t.stated_stage_group})
      for (const auto& x : *list) o << " stated=" << x.value.prefix << x.value.value;
    for (const auto& n : t.nodal_metastasis) o << " nodes=" << (n.value ? "pos" : "neg");
    for (const auto& d : t.distant_metastasis) o << " distant=" << (d.value ? "yes" : "no");
    o << "\n";
  }
  const auto& c = f.circumstances;
  for (const auto& x : c.post_neoadjuvant) o << "   post-neoadjuvant=" << x.value << "\n";
  for (const auto& x : c.recurrence) o << "   recurrence=" << x.value << "\n";
  for (const auto& x : c.unplanned_excision) o << "   unplanned-excision=" << x.value << "\n";
  for (const auto& x : f.conflicts) o << "   conflict " << x.element << "\n";
  return o.str();
}

TEST(ExtractFixtures, EveryReportMatchesItsExpectedFacts) {
  ASSERT_TRUE(fs::is_directory(corpus_dir())) << corpus_dir() << " is missing (python3 "
                                              << "fixtures/reports/tools/build_corpus.py writes it)";
  ExtractOptions options;
  options.elements = &elements();
  std::size_t compared = 0;
  std::set<std::string> gaps_seen;
  for (const auto& c : corpus()) {
    SCOPED_TRACE(c.file);
    // Every problem is a failure; the loop goes on so that one run lists them all.
    if (!fs::exists(c.expected)) {
      ADD_FAILURE() << c.file << " has no " << c.expected.filename();
      continue;
    }
    rapidjson::Document expected;
    std::string expected_text = read(c.expected);
    expected.Parse(expected_text.data(), expected_text.size());
    if (expected.HasParseError() || !expected.IsObject() || !expected.HasMember("facts")) {
      ADD_FAILURE() << c.expected.filename() << " is not JSON with a \"facts\" member";
      continue;
    }
    auto parsed = fhir::parse_any(read(c.input));
    if (!parsed.ok()) {
      ADD_FAILURE() << c.file << " does not parse: " << parsed.error().front().diagnostics;
      continue;
    }
    auto all = extract_all(parsed->resource, rules(), options);
    if (!all.ok() || all->size() != 1) {
      ADD_FAILURE() << c.file << ": expected exactly one DiagnosticReport";
      continue;
    }
    ++compared;

    if (std::getenv("SARCOMA_FIXTURES_DUMP") != nullptr) std::cout << c.file << "\n" << dump(all->front());
    Comparison cmp;
    cmp.run(expected["facts"], all->front());
    std::string differences;
    for (const auto& d : cmp.differences) differences += "  " + d + "\n";

    auto gap = kKnownExtractorGaps.find(c.file);
    if (gap != kKnownExtractorGaps.end()) {
      gaps_seen.insert(c.file);
      EXPECT_FALSE(cmp.differences.empty())
          << c.file << " now matches its expectation: remove it from kKnownExtractorGaps";
      if (!cmp.differences.empty()) {
        std::cout << "[ known gap ] " << c.file << ": " << gap->second << "\n" << differences;
      }
      continue;
    }
    EXPECT_TRUE(cmp.differences.empty()) << c.file << " differs from " << c.expected.filename() << ":\n"
                                         << differences << dump(all->front());
  }
  EXPECT_GE(compared, kMinimumCases) << "the corpus should hold at least " << kMinimumCases << " reports";
  for (const auto& [file, why] : kKnownExtractorGaps) {
    EXPECT_TRUE(gaps_seen.count(file)) << "kKnownExtractorGaps names a file not in the corpus: " << file;
  }
}

// Every expected file has the agreed shape (the assessment part is compared by the golden tests,
// so only its shape is checked here) and every expected file has its input.
TEST(ExtractFixtures, ExpectedFilesHaveTheAgreedShape) {
  ASSERT_TRUE(fs::is_directory(corpus_dir()));
  std::set<std::string> inputs;
  for (const auto& c : corpus()) inputs.insert(c.expected.filename().string());
  std::size_t checked = 0;
  for (const auto& entry : fs::directory_iterator(corpus_dir())) {
    std::string file = entry.path().filename().string();
    if (file.size() < 14 || file.substr(file.size() - 14) != ".expected.json") continue;
    SCOPED_TRACE(file);
    EXPECT_TRUE(inputs.count(file)) << file << " has no NAME.json / NAME.xml beside it";
    rapidjson::Document d;
    std::string text = read(entry.path());
    d.Parse(text.data(), text.size());
    ASSERT_FALSE(d.HasParseError());
    ASSERT_TRUE(d.IsObject());
    std::vector<std::string> keys;
    for (const auto& m : d.GetObject()) keys.emplace_back(m.name.GetString());
    EXPECT_EQ(keys, (std::vector<std::string>{"description", "facts", "assessment"}));
    ASSERT_TRUE(d.HasMember("assessment") && d["assessment"].IsObject());
    const auto& a = d["assessment"];
    ASSERT_TRUE(a.HasMember("tumours") && a["tumours"].IsArray());
    ASSERT_TRUE(a.HasMember("reasons") && is_string_array(a["reasons"]));
    ASSERT_TRUE(a.HasMember("priority") && (a["priority"].IsNull() || a["priority"].IsString()));
    for (const auto& t : a["tumours"].GetArray()) {
      std::vector<std::string> tk;
      for (const auto& m : t.GetObject()) tk.emplace_back(m.name.GetString());
      EXPECT_EQ(tk, (std::vector<std::string>{"grade", "differentiation", "mitotic", "necrosis", "site_group",
                                              "t", "n", "n_assumed", "m", "m_assumed", "stage_group"}));
    }
    ++checked;
  }
  EXPECT_GE(checked, kMinimumCases);
}

}  // namespace
}  // namespace sarcoma::core::test
