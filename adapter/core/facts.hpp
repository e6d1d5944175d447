#pragma once
// What extraction hands to assessment: every fact a grade or a stage needs, each with where it
// came from and how. Several candidate facts may exist for one element (coded and narrative,
// or several narrative mentions); they are all kept, and disagreements are listed as conflicts.
#include <optional>
#include <string>
#include <vector>

#include "fhir/decimal.hpp"
#include "fhir/issue.hpp"

namespace sarcoma::core {

enum class Method { coded, narrative };
const char* to_string(Method m);

struct Source {
  std::string resource;  // "Observation/obs-3", "DiagnosticReport/dr-1", or a fullUrl (urn:uuid:...)
  std::string path;      // FHIR path, e.g. "Observation.component[0].valueQuantity",
                         // "DiagnosticReport.presentedForm[0].data", "DiagnosticReport.conclusion"
  // Narrative facts only (zero for coded facts):
  int line = 0;          // 1-based line in the decoded narrative text
  int begin = 0;         // byte span [begin, end) within that line
  int end = 0;
  std::string text;      // the matched text; may hold PHI: never log it
};

template <class T>
struct Fact {
  T value{};
  Method method = Method::coded;
  Source source;
};

struct Coding {
  std::string system;
  std::string code;
  std::string display;
};

struct Histology {
  std::string entry_id;         // mappings::HistologyEntry::id, empty when not recognised
  std::vector<Coding> codings;  // as found (coded facts)
  std::string text;             // as written
};

struct Site {
  std::string entry_id;         // mappings::SiteEntry::id, empty when not recognised
  std::vector<Coding> codings;
  std::string text;
};

// Greatest dimension of the tumour, in the unit it was reported in (UCUM: mm, cm, m, [in_i]).
struct Size {
  fhir::Decimal value;
  std::string unit;
};

// Mitotic count as reported: `count` mitoses per `per_amount` of `per_unit`.
struct MitoticRate {
  enum class Per { hpf, mm2 };
  fhir::Decimal count;
  Per per_unit = Per::hpf;
  fhir::Decimal per_amount = fhir::Decimal::from_int(10);
  std::optional<fhir::Decimal> area_of_10_hpf_mm2;  // stated field area, when the report gives it
};

struct Necrosis {
  enum class Extent { absent, present_extent_unknown, less_than_50, at_least_50 };
  Extent extent = Extent::absent;
  std::optional<fhir::Decimal> percent;  // when a number was given
};

// A category or group the report itself states (pT2, N0, "stage IIIA", "G2"), kept as written
// after normalisation ("pT2a" -> prefix "p", value "T2a").
struct StatedCategory {
  std::string prefix;  // any of y, r, p, c, a as written ("yp", "rp", "p", "")
  std::string value;   // "T2a", "N0", "M1", "IIIA", "G2", "GX"
};

// Head-and-neck T4 findings and visceral extent are keyed by ids defined in mappings/
// (e.g. "orbital-invasion", "serosa", "another-organ").
struct Finding {
  std::string key;
  bool present = true;  // false when explicitly negated ("no orbital invasion")
};

// One tumour/specimen. Most reports have exactly one.
struct TumourFacts {
  std::string label;  // "A", "Specimen 2", ... empty when the report has one tumour

  std::vector<Fact<Histology>> histology;
  std::vector<Fact<Site>> site;
  std::vector<Fact<Size>> size;                 // greatest dimension
  std::vector<Fact<MitoticRate>> mitoses;
  std::vector<Fact<Necrosis>> necrosis;

  // Component scores / grade the report states.
  std::vector<Fact<int>> stated_differentiation_score;
  std::vector<Fact<int>> stated_mitotic_score;
  std::vector<Fact<int>> stated_necrosis_score;
  std::vector<Fact<StatedCategory>> stated_grade;  // FNCLCC grade as stated ("G2", "GX")

  // What the report says of spread.
  std::vector<Fact<bool>> nodal_metastasis;    // true = regional nodes involved; false = negative
  std::vector<Fact<bool>> distant_metastasis;  // true = distant metastasis present; false = absent
  std::vector<Fact<Finding>> extent_findings;  // head/neck invasion, visceral extent
  std::vector<Fact<int>> multifocal_site_count;

  // Stated TNM / stage.
  std::vector<Fact<StatedCategory>> stated_t;
  std::vector<Fact<StatedCategory>> stated_n;
  std::vector<Fact<StatedCategory>> stated_m;
  std::vector<Fact<StatedCategory>> stated_stage_group;
};

// Report-level circumstances.
struct Circumstances {
  std::vector<Fact<bool>> post_neoadjuvant;     // after neoadjuvant therapy -> y prefix
  std::vector<Fact<bool>> recurrence;           // recurrent tumour -> r prefix
  std::vector<Fact<bool>> unplanned_excision;   // re-excision after an unplanned ("whoops") excision
};

enum class Scope {
  soft_tissue_sarcoma,
  bone_sarcoma,     // recognised; out of scope for the soft-tissue chapters
  not_sarcoma,      // carcinoma, lymphoma, benign tumour, ...: no staging facts
  undetermined,     // no histology found at all
};
const char* to_string(Scope s);

struct Conflict {
  std::string element;  // "histology", "size", "mitoses", "grade", ...
  std::string tumour;   // TumourFacts::label
  std::vector<Source> sources;  // every disagreeing source
  std::string summary;  // without patient values where avoidable, e.g. "coded vs narrative size differ"
};

struct ReportFacts {
  std::string report_reference;  // "DiagnosticReport/dr-1" or fullUrl
  Scope scope = Scope::undetermined;
  std::vector<TumourFacts> tumours;
  Circumstances circumstances;
  std::vector<Conflict> conflicts;
  fhir::Issues issues;  // informational/warning notes, e.g. an unknown code
};

}  // namespace sarcoma::core
