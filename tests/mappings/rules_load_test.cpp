// Rules::load over the shipped data: code lookups (exact, normalised spellings, ICD-O-3 ranges,
// SNOMED CT, system aliases), site groups, phrase search, and errors that name file and row.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "mappings/rules.hpp"
#include "mappings/staging_tables.hpp"

using namespace sarcoma;
using namespace sarcoma::mappings;

namespace {

const Rules& rules() {
  static const std::shared_ptr<const Rules> r = [] {
    auto loaded = Rules::load(std::string(SARCOMA_SOURCE_DIR) + "/mappings");
    if (!loaded.ok()) {
      for (const auto& i : loaded.error()) ADD_FAILURE() << i.diagnostics;
      std::abort();
    }
    return std::move(loaded).value();
  }();
  return *r;
}

std::string hist(std::string_view code, std::string_view system = kIcdO3) {
  const auto* e = rules().histology_by_code(system, code);
  return e ? e->id : "(none)";
}
std::string site(std::string_view code, std::string_view system = kIcdO3) {
  const auto* e = rules().site_by_code(system, code);
  return e ? e->id : "(none)";
}
std::string group(std::string_view code) {
  const auto* e = rules().site_by_code(kIcdO3, code);
  return e ? to_string(e->group) : "(none)";
}

}  // namespace

TEST(RulesLoad, DefaultDirectoryLoadsAndVersionCombinesTheFiles) {
  auto r = Rules::load(default_mappings_dir());
  ASSERT_TRUE(r.ok());
  std::string v = (*r)->version();
  EXPECT_NE(v.find("histology/"), std::string::npos) << v;
  EXPECT_NE(v.find("sites/"), std::string::npos) << v;
  EXPECT_NE(v.find("ajcc8-fnclcc/"), std::string::npos) << v;
  ASSERT_NE((*r)->staging_tables(), nullptr);
}

TEST(RulesHistologyCodes, ExactRows) {
  EXPECT_EQ(hist("8858/3"), "dedifferentiated-liposarcoma");
  EXPECT_EQ(hist("8802/3"), "undifferentiated-pleomorphic-sarcoma");
  EXPECT_EQ(hist("8830/3"), "undifferentiated-pleomorphic-sarcoma");  // ICD-O-3 (2000) MFH
  EXPECT_EQ(hist("9364/3"), "ewing-sarcoma");
  EXPECT_EQ(hist("9260/3"), "ewing-sarcoma");  // ICD-O-3 (2000) Ewing
  EXPECT_EQ(hist("8832/1"), "dfsp");
  EXPECT_EQ(hist("8832/3"), "dfsp");
  EXPECT_EQ(hist("8936/3"), "gist");
  EXPECT_EQ(hist("9180/3"), "osteosarcoma");
  EXPECT_EQ(hist("9220/3"), "chondrosarcoma");
  EXPECT_EQ(hist("8850/0"), "lipoma");
  EXPECT_EQ(hist("8890/0"), "leiomyoma");
  EXPECT_EQ(hist("8010/3"), "carcinoma-nos");
  EXPECT_EQ(hist("8140/3"), "adenocarcinoma-nos");
  EXPECT_EQ(hist("8070/3"), "squamous-cell-carcinoma");
  EXPECT_EQ(hist("8720/3"), "melanoma");
  EXPECT_EQ(hist("9680/3"), "diffuse-large-b-cell-lymphoma");
}

TEST(RulesHistologyCodes, SpellingsAreNormalised) {
  EXPECT_EQ(hist("M8890/3"), "leiomyosarcoma");
  EXPECT_EQ(hist("M-8890/3"), "leiomyosarcoma");
  EXPECT_EQ(hist("88903"), "leiomyosarcoma");
  EXPECT_EQ(hist(" 8890/3 "), "leiomyosarcoma");
  EXPECT_EQ(hist("8890"), "(none)");
  EXPECT_EQ(hist("889O/3"), "(none)");
}

TEST(RulesHistologyCodes, RangesClassifyUnlistedCodes) {
  EXPECT_EQ(hist("8500/3"), "range-carcinoma");  // ductal carcinoma
  EXPECT_EQ(hist("8140/6"), "range-carcinoma");  // metastatic adenocarcinoma
  EXPECT_EQ(hist("8743/3"), "range-melanocytic");
  EXPECT_EQ(hist("9699/3"), "range-haematolymphoid");      // marginal zone lymphoma
  EXPECT_EQ(hist("8851/0"), "range-benign");               // fibrolipoma
  EXPECT_EQ(hist("9221/3"), "range-bone-sarcoma");         // periosteal chondrosarcoma
  EXPECT_EQ(hist("8815/3"), "range-soft-tissue-sarcoma");  // malignant solitary fibrous tumour
  EXPECT_EQ(hist("8815/1"), "range-soft-tissue-intermediate");
  const auto* e = rules().histology_by_code(kIcdO3, "8815/3");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->category, HistologyCategory::soft_tissue_sarcoma);
  EXPECT_FALSE(e->differentiation_score.has_value());  // never a guessed score
  EXPECT_EQ(hist("8000/3"), "(none)");                 // neoplasm, malignant: no range claims it
}

TEST(RulesHistologyCodes, SnomedAndAliases) {
  EXPECT_EQ(hist("1163022006", kSnomed), "leiomyosarcoma");
  EXPECT_EQ(hist("863926008", kSnomed), "angiosarcoma");
  EXPECT_EQ(hist("8890/3", "urn:oid:2.16.840.1.113883.6.43.1"), "leiomyosarcoma");
  EXPECT_EQ(hist("1163022006", "urn:oid:2.16.840.1.113883.6.96"), "leiomyosarcoma");
  EXPECT_EQ(hist("8890/3", "http://example.org/other"), "(none)");
}

TEST(RulesHistologyCodes, ApplicabilityFlags) {
  for (const char* id :
       {"mpnst", "angiosarcoma", "alveolar-soft-part-sarcoma", "clear-cell-sarcoma", "epithelioid-sarcoma",
        "extraskeletal-myxoid-chondrosarcoma", "embryonal-rhabdomyosarcoma", "alveolar-rhabdomyosarcoma"}) {
    const auto* e = rules().histology_by_id(id);
    ASSERT_NE(e, nullptr) << id;
    EXPECT_FALSE(e->fnclcc_gradable) << id;
    EXPECT_TRUE(e->ajcc_soft_tissue_staged) << id;
  }
  for (const char* id : {"gist", "kaposi-sarcoma", "desmoid-fibromatosis", "dfsp", "infantile-fibrosarcoma",
                         "inflammatory-myofibroblastic-tumor"}) {
    const auto* e = rules().histology_by_id(id);
    ASSERT_NE(e, nullptr) << id;
    EXPECT_FALSE(e->ajcc_soft_tissue_staged) << id;
  }
  EXPECT_TRUE(rules().histology_by_id("undifferentiated-pleomorphic-sarcoma")->reclassification_prone);
  EXPECT_TRUE(rules().histology_by_id("undifferentiated-sarcoma-nos")->reclassification_prone);
  EXPECT_EQ(rules().histology_by_id("ewing-sarcoma")->at_bone_site, "ewing-sarcoma-of-bone");
  EXPECT_EQ(rules().histology_by_id("ewing-sarcoma-of-bone")->category, HistologyCategory::bone_sarcoma);
  EXPECT_EQ(rules().histology_by_id("osteosarcoma")->at_soft_tissue_site, "extraskeletal-osteosarcoma");
}

TEST(RulesSiteCodes, TopographyToSiteGroup) {
  EXPECT_EQ(group("C49.2"), "trunk-extremity");
  EXPECT_EQ(group("C492"), "trunk-extremity");
  EXPECT_EQ(group("C49.1"), "trunk-extremity");
  EXPECT_EQ(group("C49.6"), "trunk-extremity");
  EXPECT_EQ(group("C47.2"), "trunk-extremity");
  EXPECT_EQ(group("C48.0"), "retroperitoneum");
  EXPECT_EQ(group("C48.2"), "retroperitoneum");
  EXPECT_EQ(group("C49.0"), "head-neck");
  EXPECT_EQ(group("C47.0"), "head-neck");
  EXPECT_EQ(group("C32.1"), "head-neck");   // larynx
  EXPECT_EQ(group("C16.9"), "visceral");    // stomach
  EXPECT_EQ(group("C17.1"), "visceral");    // small bowel
  EXPECT_EQ(group("C34.1"), "visceral");    // lung
  EXPECT_EQ(group("C63.1"), "visceral");    // spermatic cord (paratesticular)
  EXPECT_EQ(group("C15.0"), "head-neck");   // cervical oesophagus
  EXPECT_EQ(group("C15.5"), "visceral");    // lower third of oesophagus
  EXPECT_EQ(group("C55.9"), "not-staged");  // uterus: corpus uteri chapter
  EXPECT_EQ(group("C54.1"), "not-staged");
  EXPECT_EQ(group("C69.6"), "not-staged");  // orbit: orbital sarcoma chapter
  EXPECT_EQ(group("C40.2"), "not-staged");
  EXPECT_TRUE(rules().site_by_code(kIcdO3, "C40.2")->bone);
  EXPECT_EQ(group("C50.9"), "(none)");  // breast: deliberately not guessed
  EXPECT_EQ(group("X49.2"), "(none)");
}

TEST(RulesSiteCodes, SnomedBodyStructures) {
  EXPECT_EQ(site("68367000", kSnomed), "lower-limb");  // thigh
  EXPECT_EQ(site("14975008", kSnomed), "upper-limb");  // forearm
  EXPECT_EQ(site("35039007", kSnomed), "uterus");
  EXPECT_EQ(site("1", kSnomed), "(none)");
}

TEST(RulesPhrases, CaseInsensitiveWholeWordLongestMatch) {
  std::string text =
      "Final: MYXOID LIPOSARCOMA of the left thigh; no liposarcomatous change. Dedifferentiated "
      "liposarcoma, retroperitoneal.";
  auto h = rules().find_histology_phrases(text);
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].entry->id, "myxoid-liposarcoma");
  EXPECT_EQ(text.substr(h[0].begin, h[0].end - h[0].begin), "MYXOID LIPOSARCOMA");
  EXPECT_EQ(h[1].entry->id, "dedifferentiated-liposarcoma");
  EXPECT_LT(h[0].begin, h[1].begin);
  auto s = rules().find_site_phrases(text);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].entry->id, "lower-limb");
  EXPECT_EQ(text.substr(s[0].begin, s[0].end - s[0].begin), "thigh");
  EXPECT_EQ(s[1].entry->id, "retroperitoneum");
}

TEST(RulesPhrases, PunctuationAndHyphensSeparateWords) {
  auto h = rules().find_histology_phrases("ALT/WDLPS; Well-differentiated liposarcoma; MFH");
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[0].entry->id, "atypical-lipomatous-tumor");
  EXPECT_EQ(h[1].entry->id, "atypical-lipomatous-tumor");
  EXPECT_EQ(h[2].entry->id, "undifferentiated-pleomorphic-sarcoma");
  // Not inside a longer word.
  EXPECT_TRUE(rules().find_histology_phrases("lipomatous").empty());
  EXPECT_TRUE(rules().find_site_phrases("thighs legging").empty());
}

TEST(RulesPhrases, LongerPhraseWinsOverItsPrefix) {
  auto h = rules().find_histology_phrases("undifferentiated pleomorphic sarcoma");
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].entry->id, "undifferentiated-pleomorphic-sarcoma");
  auto s = rules().find_site_phrases("uterine cervix");
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].entry->id, "genitourinary-organs");
  auto l = rules().find_histology_phrases("diffuse large B-cell lymphoma");
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].entry->id, "diffuse-large-b-cell-lymphoma");
}

TEST(RulesPhrases, LinearOnALongText) {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "well differentiated ";
  text += "liposarcoma";
  auto h = rules().find_histology_phrases(text);
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].entry->id, "atypical-lipomatous-tumor");
}

namespace {

// A copy of the shipped data directory in a temporary place, one file replaced.
struct DataDir {
  std::filesystem::path dir;
  explicit DataDir(const std::string& name) {
    dir =
        std::filesystem::temp_directory_path() / ("sarcoma-rules-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    for (const char* f : {"histology.json", "sites.json", "staging.json", "findings.json"})
      std::filesystem::copy_file(std::filesystem::path(SARCOMA_SOURCE_DIR) / "mappings" / f, dir / f,
                                 std::filesystem::copy_options::overwrite_existing);
  }
  ~DataDir() { std::filesystem::remove_all(dir); }
  void write(const char* file, const std::string& text) const { std::ofstream(dir / file) << text; }
  std::string all_issues() const {
    auto r = Rules::load(dir.string());
    std::string out;
    if (!r.ok())
      for (const auto& i : r.error()) out += i.diagnostics + "\n";
    return out;
  }
};

}  // namespace

TEST(RulesLoadErrors, MissingFileNamesIt) {
  DataDir d("missing");
  std::filesystem::remove(d.dir / "sites.json");
  EXPECT_NE(d.all_issues().find("sites.json"), std::string::npos);
}

TEST(RulesLoadErrors, NotJsonNamesTheFile) {
  DataDir d("notjson");
  d.write("histology.json", "{ not json");
  EXPECT_NE(d.all_issues().find("histology.json: (root)"), std::string::npos) << d.all_issues();
}

TEST(RulesLoadErrors, BadSiteRowNamesFileAndRow) {
  DataDir d("badsite");
  d.write("sites.json", R"({"version": "v", "source": "s", "rows": [
    {"id": "a", "group": "trunk-extremity", "icdo3": ["C49.2"], "source": "x"},
    {"id": "b", "group": "elsewhere", "icdo3": ["C49.x"], "source": "x"}]})");
  std::string issues = d.all_issues();
  EXPECT_NE(issues.find("sites.json: rows[1] (b).group: unknown site group"), std::string::npos) << issues;
  EXPECT_NE(issues.find("sites.json: rows[1] (b).icdo3"), std::string::npos) << issues;
}

TEST(RulesLoadErrors, BadHistologyRowNamesFileAndRow) {
  DataDir d("badhist");
  d.write("histology.json", R"({"version": "v", "source": "s", "rows": [
    {"id": "x", "category": "soft-tissue-sarcoma", "differentiation_score": 4, "icdo3": ["8890-3"], "source": "y"}],
    "ranges": [{"id": "r", "category": "other-malignancy", "histology": ["80x0"], "behaviours": ["5"], "source": "z"}]})");
  std::string issues = d.all_issues();
  EXPECT_NE(issues.find("histology.json: rows[0] (x).differentiation_score"), std::string::npos) << issues;
  EXPECT_NE(issues.find("histology.json: rows[0] (x).icdo3"), std::string::npos) << issues;
  EXPECT_NE(issues.find("histology.json: ranges[0].histology"), std::string::npos) << issues;
  EXPECT_NE(issues.find("histology.json: ranges[0].behaviours"), std::string::npos) << issues;
}

TEST(RulesLoadErrors, SamePhraseForTwoRowsIsRejected) {
  DataDir d("dupphrase");
  d.write("sites.json", R"({"version": "v", "source": "s", "rows": [
    {"id": "a", "group": "trunk-extremity", "synonyms": ["thigh"], "source": "x"},
    {"id": "b", "group": "head-neck", "synonyms": ["Thigh"], "source": "x"}]})");
  std::string issues = d.all_issues();
  EXPECT_NE(issues.find("must be lower case"), std::string::npos) << issues;
  d.write("sites.json", R"({"version": "v", "source": "s", "rows": [
    {"id": "a", "group": "trunk-extremity", "synonyms": ["thigh"], "source": "x"},
    {"id": "b", "group": "head-neck", "synonyms": ["thigh"], "source": "x"}]})");
  issues = d.all_issues();
  EXPECT_NE(issues.find("sites.json: b: phrase 'thigh' also names a"), std::string::npos) << issues;
}

TEST(RulesLoadErrors, BadStagingRowNamesFileAndRow) {
  DataDir d("badstaging");
  d.write("staging.json", "{\"version\": \"v\"}");
  EXPECT_NE(d.all_issues().find("staging.json"), std::string::npos);
}

TEST(RulesLoadErrors, FindingKeysMustBeOnesTheTTablesUse) {
  DataDir d("findings");
  d.write(
      "findings.json",
      R"({"version": "v", "rows": [{"key": "moon-invasion", "group": "visceral", "phrases": ["moon"]}]})");
  EXPECT_NE(d.all_issues().find("findings.json: rows[0]: key moon-invasion is in no visceral T row"),
            std::string::npos)
      << d.all_issues();
  d.write("findings.json", "[]");
  EXPECT_NE(d.all_issues().find("findings.json"), std::string::npos);
  d.write("findings.json", R"({"version": "v", "rows": []})");
  EXPECT_NE(d.all_issues().find("findings.json: serosa: no phrases for the visceral finding of t-visc-T2a"),
            std::string::npos)
      << d.all_issues();
}

TEST(RulesFindings, EveryFindingOfTheSeedTTablesHasPhrases) {
  // seed 003: head and neck T4a/T4b findings and visceral extent; each must be findable in text.
  for (const char* key :
       {"organ-confined", "serosa", "beyond-serosa", "beyond-organ", "another-organ", "orbital-invasion",
        "skull-base-dural-invasion", "central-compartment-viscera", "facial-skeleton", "pterygoid-muscles",
        "brain-parenchyma", "carotid-encasement", "prevertebral-muscle", "cns-perineural"}) {
    bool found = false;
    for (const auto& t : rules().staging_tables()->t_by_finding) {
      for (const auto& row : t.second) {
        for (const auto& f : row.findings) found = found || f == key;
      }
    }
    EXPECT_TRUE(found) << key << " is not in staging.json";
  }
  auto hits = rules().find_finding_phrases("invades the serosa; carotid artery encasement");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].entry->key, "serosa");
  EXPECT_EQ(hits[1].entry->key, "carotid-encasement");
}

TEST(RulesPhrases, InvertedIcdOWordingsAndPossessives) {
  auto first = [](std::string_view text) {
    auto hits = rules().find_histology_phrases(text);
    return hits.empty() ? std::string("(none)") : hits.front().entry->id;
  };
  EXPECT_EQ(first("Liposarcoma, well differentiated, 12 cm"), "atypical-lipomatous-tumor");
  EXPECT_EQ(first("Liposarcoma, dedifferentiated"), "dedifferentiated-liposarcoma");
  EXPECT_EQ(first("liposarcoma, myxoid"), "myxoid-liposarcoma");
  EXPECT_EQ(first("Leiomyosarcoma, poorly differentiated"), "poorly-differentiated-leiomyosarcoma");
  EXPECT_EQ(first("Synovial sarcoma, poorly differentiated"), "poorly-differentiated-synovial-sarcoma");
  EXPECT_EQ(first("Kaposi's sarcoma of the foot"), "kaposi-sarcoma");
}

TEST(RulesPhrases, MoreInvertedWordingsAndCurlyPossessive) {
  auto first = [](std::string_view text) {
    auto hits = rules().find_histology_phrases(text);
    return hits.empty() ? std::string("(none)") : hits.front().entry->id;
  };
  // "Leiomyosarcoma, well differentiated" read as plain leiomyosarcoma would score 2, not 1.
  EXPECT_EQ(first("Leiomyosarcoma, well differentiated"), "well-differentiated-leiomyosarcoma");
  EXPECT_EQ(first("Leiomyosarcoma, epithelioid"), "poorly-differentiated-leiomyosarcoma");
  EXPECT_EQ(first("Liposarcoma, round cell"), "round-cell-liposarcoma");
  EXPECT_EQ(first("Liposarcoma, pleomorphic"), "pleomorphic-liposarcoma");
  EXPECT_EQ(first("Kaposi\xE2\x80\x99s sarcoma"), "kaposi-sarcoma");
  EXPECT_EQ(first("kaposi sarcoma"), "kaposi-sarcoma");
}

TEST(RulesPhrases, PeripheralNervesAndPelvicSoftTissue) {
  auto first = [](std::string_view text) {
    auto hits = rules().find_site_phrases(text);
    return hits.empty() ? std::string("(none)") : hits.front().entry->id;
  };
  EXPECT_EQ(first("sciatic nerve"), "lower-limb");
  EXPECT_EQ(first("femoral nerve"), "lower-limb");  // not the femoral bone
  EXPECT_EQ(first("tibial nerve"), "lower-limb");
  EXPECT_EQ(first("brachial plexus"), "upper-limb");
  EXPECT_EQ(first("ulnar nerve"), "upper-limb");
  EXPECT_EQ(first("sacral plexus"), "trunk");
  EXPECT_EQ(first("pelvic soft tissue"), "trunk");
  EXPECT_EQ(first("soft tissues of the pelvis"), "trunk");
  // A histology naming nerves is not a site.
  EXPECT_EQ(first("malignant peripheral nerve sheath tumor"), "(none)");
}

namespace sarcoma::mappings {
namespace {

// The shared-cut search gives exactly what the three searches give one by one, over every fixture
// file's text (JSON and XML full of clinical words) and the narrative sample.
TEST(RulesLoad, NarrativePhrasesEqualTheThreeSearches) {
  auto same = [](const auto& a, const auto& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (a[i].entry != b[i].entry || a[i].begin != b[i].begin || a[i].end != b[i].end) return false;
    }
    return true;
  };
  int texts = 0;
  std::size_t hits = 0;
  for (const auto& e :
       std::filesystem::directory_iterator(std::string(SARCOMA_SOURCE_DIR) + "/fixtures/reports")) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto all = rules().find_narrative_phrases(text);
    EXPECT_TRUE(same(all.histology, rules().find_histology_phrases(text))) << e.path();
    EXPECT_TRUE(same(all.sites, rules().find_site_phrases(text))) << e.path();
    EXPECT_TRUE(same(all.findings, rules().find_finding_phrases(text))) << e.path();
    hits += all.histology.size() + all.sites.size() + all.findings.size();
    ++texts;
  }
  EXPECT_GT(texts, 100);
  EXPECT_GT(hits, 200u);  // the comparison is over real matches, not empty lists
}

}  // namespace
}  // namespace sarcoma::mappings
