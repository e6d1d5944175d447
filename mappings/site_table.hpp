#pragma once
// The site table (mappings/sites.json): ICD-O-3 topography, SNOMED CT body structures and free-text
// anatomical terms -> AJCC 8 soft-tissue site group, or "not staged by these chapters".
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fhir/issue.hpp"
#include "fhir/result.hpp"

namespace sarcoma::mappings {

struct SiteRow {
  std::string id;
  std::string label;
  std::string group;               // trunk-extremity | retroperitoneum | head-neck | visceral | not-staged
  bool bone = false;               // a bone site (C40-C41): decides Ewing sarcoma of bone vs soft tissue
  std::vector<std::string> icdo3;  // "C49.2" (subsite) or "C48" (whole category)
  std::vector<std::string> snomed;
  std::vector<std::string> synonyms;
  std::string source;
};

struct SiteTable {
  std::string version;
  std::string source;
  std::vector<SiteRow> rows;
  const SiteRow* by_id(std::string_view id) const;
  // Normalised topography ("C49.2"): the subsite row, else the row of its category ("C49").
  const SiteRow* by_topography(std::string_view normalized) const;
};

Result<SiteTable, fhir::Issues> parse_site_table(std::string_view json, const std::string& file_name);
Result<SiteTable, fhir::Issues> load_site_table(const std::string& path);

}  // namespace sarcoma::mappings
