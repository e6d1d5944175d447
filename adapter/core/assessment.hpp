#pragma once
// What assessment hands to routing and derivation: the FNCLCC grade and the AJCC 8 TNM/stage of
// each tumour, with every component, the table row that fired, each assumption, and the sources
// of the facts used. Routing and derivation cite this; they never recompute it.
#include <optional>
#include <string>
#include <vector>

#include "adapter/core/facts.hpp"
#include "fhir/decimal.hpp"
#include "mappings/rules.hpp"

namespace sarcoma::core {

// A row of a rule table, e.g. {"fnclcc-mitotic-score", "score-2", "10-19 mitoses per 10 HPF"}.
struct RuleRef {
  std::string table;
  std::string row;
  std::string text;
};

struct Assumption {
  std::string code;  // "n0-assumed", "m0-assumed", "mitoses-converted-from-mm2", ...
  std::string text;  // one plain sentence, no patient values
};

struct ScoreComponent {
  std::optional<int> score;      // nullopt = missing
  bool from_stated_score = false;  // the report stated the score itself
  RuleRef rule;
  std::vector<Source> sources;
};

struct GradeResult {
  bool applicable = true;        // false: FNCLCC does not grade this histology
  std::string grade = "GX";      // G1, G2, G3, GX
  ScoreComponent differentiation;
  ScoreComponent mitotic;
  ScoreComponent necrosis;
  std::optional<int> total;      // only when all three components are present
  RuleRef rule;
  std::vector<std::string> missing;  // "differentiation", "mitotic", "necrosis"
  // Normalised inputs, for boundary checks and display.
  std::optional<fhir::Decimal> mitoses_per_10_hpf;  // when exactly representable as a decimal
  // The same rate as an exact fraction (per 10 HPF = numerator / denominator), also when the
  // division is not exact (12 per 3 HPF): boundary checks compare numerator with bound x denominator.
  std::optional<fhir::Decimal> mitoses_numerator, mitoses_denominator;
  std::optional<fhir::Decimal> necrosis_percent;
  // The grade the report itself states: kept apart, never used to compute.
  std::optional<Fact<StatedCategory>> stated;
  std::vector<Assumption> assumptions;
};

struct CategoryResult {
  std::string prefix;  // "y", "r", "" (pathological categories; the "p" is implied by the LOINC code)
  std::string value;   // "T2", "TX", "N0", "M1", "T4b"
  bool assumed = false;  // N0/M0 assumed because the report is silent
  RuleRef rule;
  std::vector<Source> sources;
  std::string label() const { return prefix + value; }
};

struct StageResult {
  bool applicable = true;  // false: histology or site outside the AJCC soft-tissue chapters
  std::optional<mappings::SiteGroup> site_group;  // nullopt: site unknown
  std::optional<fhir::Decimal> size_cm;           // greatest dimension after exact conversion
  CategoryResult t;
  CategoryResult n;
  CategoryResult m;
  enum class GroupStatus { assigned, not_defined_for_site, t_unknown, not_applicable, site_unknown };
  GroupStatus group_status = GroupStatus::t_unknown;
  std::optional<std::string> group;  // IA, IB, II, IIIA, IIIB, IV (with y/r prefix in label only)
  RuleRef group_rule;
  // What the report itself states, kept apart.
  std::optional<Fact<StatedCategory>> stated_t, stated_n, stated_m, stated_group;
  std::vector<Assumption> assumptions;
};

struct TumourAssessment {
  std::string label;
  std::optional<Fact<Histology>> histology;  // the fact used
  const mappings::HistologyEntry* histology_entry = nullptr;  // owned by the loaded Rules
  std::optional<Fact<Site>> site;
  const mappings::SiteEntry* site_entry = nullptr;
  GradeResult grade;
  StageResult stage;
};

struct Assessment {
  std::string report_reference;
  Scope scope = Scope::undetermined;
  std::vector<TumourAssessment> tumours;
  bool post_neoadjuvant = false;
  bool recurrence = false;
  bool unplanned_excision = false;
  std::vector<Conflict> conflicts;  // carried from the facts, plus any the assessment finds
  std::string rules_version;
};

}  // namespace sarcoma::core
