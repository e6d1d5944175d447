#pragma once
// The element-code table (mappings/elements.json): which Observation codes carry which fact for
// grading and staging (LOINC, SNOMED CT, CAP eCC, local codes), and which answer codes mean what.
// The extractor understands exactly the codes listed there; nothing in C++ names a code.
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "fhir/issue.hpp"
#include "fhir/result.hpp"

namespace sarcoma::mappings {

// What an Observation (or Observation.component) with a given code holds.
enum class ElementKind {
  histology,                  // ICD-O-3 morphology / SNOMED CT / text
  site,                       // topography / body structure / text (bodySite is always read too)
  size,                       // greatest dimension (Quantity)
  size_additional_dimension,  // another dimension (used only when no greatest dimension is given)
  mitotic_rate,               // mitoses per N HPF or per mm2
  necrosis,                   // extent (present/absent, percent)
  differentiation_score,      // FNCLCC component scores as stated
  mitotic_score,
  necrosis_score,
  grade,       // FNCLCC / histologic grade as stated
  t_category,  // stated categories (prefix from the element when the value has none)
  n_category,
  m_category,
  stage_group,
  nodal_status,        // regional nodes involved (true) / not involved (false)
  nodes_positive,      // number of involved regional nodes (> 0 means involved)
  nodes_examined,      // read, not a fact on its own
  distant_metastasis,  // present / absent
  post_neoadjuvant,    // treated before resection (y prefix)
  recurrence,          // recurrent tumour (r prefix)
  unplanned_excision,
  multifocal_sites,  // number of sites
  extent_finding,    // head-and-neck invasion / visceral extent; `finding` names the key (none:
                     // the value names the finding, "Tumor extent: invades the serosa")
  narrative,         // a free-text value (final diagnosis, comment): scanned as narrative
  panel,             // a grouping Observation (hasMember); no value of its own
  ignored,           // known and deliberately not used (report kind, margins, ...)
};
const char* to_string(ElementKind k);

struct ElementCode {
  std::string system;
  std::string code;
  ElementKind kind = ElementKind::ignored;
  std::string prefix;   // stated categories: "p" (pathological) or "c" (clinical) when the value has none
  std::string finding;  // extent_finding: the key, e.g. "orbital-invasion"; empty: the value names it
  std::string per;      // mitotic_rate with a bare number: "10 hpf" (default), "1 mm2", ...
  std::string label;    // human-readable, for diagnostics
};

// An answer code: e.g. SNOMED 1228850007 -> "G2"; a CAP eCC answer -> "present" / "absent".
struct ValueCode {
  std::string system;
  std::string code;
  std::string value;
};

class ElementCodes {
 public:
  std::string version;
  // Code systems whose unknown question codes may be recognised by their display text as a
  // synoptic label ("Tumor Size", "Mitotic Rate"): protocol-specific ids such as CAP eCC's.
  std::vector<std::string> label_systems;

  void add(ElementCode e);
  void add_value(ValueCode v);

  const ElementCode* find(std::string_view system, std::string_view code) const;
  const ValueCode* find_value(std::string_view system, std::string_view code) const;
  bool is_label_system(std::string_view system) const;

  const std::vector<ElementCode>& elements() const { return elements_; }

 private:
  static std::string key(std::string_view system, std::string_view code);
  std::vector<ElementCode> elements_;
  std::vector<ValueCode> values_;
  std::unordered_map<std::string, std::size_t> element_index_;
  std::unordered_map<std::string, std::size_t> value_index_;
};

// Parses elements.json text; errors name the row ("elements[3].kind: unknown kind").
Result<ElementCodes, fhir::Issues> parse_element_codes(std::string_view json);
// Reads and parses a file (the only I/O here; used at start-up).
Result<ElementCodes, fhir::Issues> load_element_codes(const std::string& path);

}  // namespace sarcoma::mappings
