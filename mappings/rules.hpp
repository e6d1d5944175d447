#pragma once
// The clinical code tables, loaded from the JSON data files in mappings/ at start.
// Nothing in C++ control flow names a histology or a site: it all comes from these tables.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fhir/issue.hpp"
#include "fhir/result.hpp"

namespace sarcoma::mappings {

// AJCC 8 soft-tissue site groups (chapters 40, 41/44, 42) plus "outside these chapters".
enum class SiteGroup {
  trunk_extremity,  // chapter 41
  retroperitoneum,  // chapter 44
  head_neck,        // chapter 40
  visceral,         // chapter 42: abdominal and thoracic visceral organs
  not_staged,       // a site these chapters do not stage (e.g. uterus -> corpus uteri chapter)
};
const char* to_string(SiteGroup g);

enum class HistologyCategory {
  soft_tissue_sarcoma,
  bone_sarcoma,            // recognised, out of scope for the soft-tissue chapters
  benign_or_intermediate,  // lipoma, leiomyoma, ... : not a sarcoma
  other_malignancy,        // carcinoma, lymphoma, melanoma, ... : not a sarcoma
};
const char* to_string(HistologyCategory c);

struct CodeRef {
  std::string system;  // canonical FHIR system URI
  std::string code;
};

struct HistologyEntry {
  std::string id;     // stable key, e.g. "myxoid-liposarcoma"
  std::string label;  // as the seed table names it
  HistologyCategory category = HistologyCategory::soft_tissue_sarcoma;
  std::optional<int> differentiation_score;  // FNCLCC 1..3 from seed 003 table; nullopt = not in table
  bool fnclcc_gradable = true;               // false: FNCLCC does not grade this histology
  bool ajcc_soft_tissue_staged = true;       // false: outside AJCC 8 ch. 40-42/44 (GIST, Kaposi, DFSP, ...)
  bool reclassification_prone = false;       // UPS, sarcoma NOS, ... : routed for expert review
  std::vector<CodeRef> codes;                // ICD-O-3 morphology, SNOMED CT
  std::vector<std::string> synonyms;         // lower-case phrases a pathologist writes
  std::string source;                        // citation for the row
  // Site-dependent rows (ids of other entries; empty = none): e.g. Ewing sarcoma at a bone site is
  // Ewing sarcoma of bone; osteosarcoma (9180/3) at a soft-tissue site is extraskeletal osteosarcoma.
  std::string at_bone_site;
  std::string at_soft_tissue_site;
};

struct SiteEntry {
  std::string id;  // e.g. "lower-limb"
  std::string label;
  SiteGroup group = SiteGroup::trunk_extremity;
  std::vector<CodeRef> codes;         // ICD-O-3 topography (e.g. C49.2), SNOMED CT body structures
  std::vector<std::string> synonyms;  // lower-case free-text anatomical terms
  std::string source;
  bool bone = false;  // a bone (C40-C41): Ewing sarcoma there is a bone sarcoma
};

// A T-category finding (mappings/findings.json): head-and-neck invasion or visceral extent, keyed as
// the T tables of staging.json key them.
struct FindingEntry {
  std::string key;    // e.g. "serosa", "orbital-invasion"
  std::string group;  // the site group whose T table uses it
  std::vector<std::string> phrases;
};

// A phrase found in free text: [begin, end) byte offsets into the searched text.
template <class Entry>
struct PhraseMatch {
  const Entry* entry = nullptr;
  std::size_t begin = 0;
  std::size_t end = 0;
};

struct StagingTables;  // mappings/staging_tables.hpp

class Rules {
 public:
  // Loads every table from `dir` (histology.json, sites.json, ...). Errors name file and row.
  static Result<std::shared_ptr<const Rules>, fhir::Issues> load(const std::string& dir);

  virtual ~Rules() = default;

  virtual std::string version() const = 0;  // rule-set version for Provenance, e.g. "ajcc8-fnclcc/2026.11"

  // Code lookup. ICD-O-3 morphology is normalised first ("M-8890/3", "88903" -> "8890/3") and
  // matched exactly against the rows, then against the ICD-O-3 ranges of histology.json (so 8140/6
  // is still a carcinoma); topography matches its subsite row (C49.2) or its 3-character category
  // row (C48); SNOMED CT matches exactly. Other spellings of the system URIs (the ICD-O-3 and
  // SNOMED CT OIDs) are aliases listed in histology.json.
  virtual const HistologyEntry* histology_by_code(std::string_view system, std::string_view code) const = 0;
  virtual const SiteEntry* site_by_code(std::string_view system, std::string_view code) const = 0;
  virtual const HistologyEntry* histology_by_id(std::string_view id) const = 0;
  virtual const SiteEntry* site_by_id(std::string_view id) const = 0;

  // Case-insensitive, whole-word phrase search in narrative text; longest match wins where
  // matches overlap; results ordered by position. Linear in the text length.
  virtual std::vector<PhraseMatch<HistologyEntry>> find_histology_phrases(std::string_view text) const = 0;
  virtual std::vector<PhraseMatch<SiteEntry>> find_site_phrases(std::string_view text) const = 0;

  // T-category findings in narrative text (same matching rules). Empty for a Rules without them.
  virtual std::vector<PhraseMatch<FindingEntry>> find_finding_phrases(std::string_view) const { return {}; }

  // All three searches over one text; the same results as calling them one by one. The loaded
  // tables cut and hash the text's words once for the three.
  struct NarrativePhrases {
    std::vector<PhraseMatch<HistologyEntry>> histology;
    std::vector<PhraseMatch<SiteEntry>> sites;
    std::vector<PhraseMatch<FindingEntry>> findings;
  };
  virtual NarrativePhrases find_narrative_phrases(std::string_view text) const {
    return {find_histology_phrases(text), find_site_phrases(text), find_finding_phrases(text)};
  }

  virtual const std::vector<HistologyEntry>& histologies() const = 0;
  virtual const std::vector<SiteEntry>& sites() const = 0;

  // The FNCLCC and AJCC 8 tables (staging.json). Null for a Rules without them (test fakes).
  virtual const StagingTables* staging_tables() const { return nullptr; }
};

// The data directory built in (SARCOMA_DEFAULT_MAPPINGS_DIR, the source tree's mappings/).
std::string default_mappings_dir();

// Canonical code systems used across the tables.
inline constexpr std::string_view kIcdO3 = "http://terminology.hl7.org/CodeSystem/icd-o-3";
inline constexpr std::string_view kSnomed = "http://snomed.info/sct";
inline constexpr std::string_view kLoinc = "http://loinc.org";

}  // namespace sarcoma::mappings
