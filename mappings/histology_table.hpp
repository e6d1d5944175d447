#pragma once
// The histology table (mappings/histology.json): ICD-O-3 morphology -> FNCLCC differentiation
// score and whether FNCLCC grades / AJCC soft-tissue chapters stage the histology; plus ICD-O-3
// morphology ranges so that an unlisted code is still classified (carcinoma, lymphoma, benign...).
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fhir/issue.hpp"
#include "fhir/result.hpp"

namespace sarcoma::mappings {

struct HistologyRow {
  std::string id;
  std::string label;
  std::string category;
  std::optional<int> differentiation_score;
  bool fnclcc_gradable = true;
  bool ajcc_soft_tissue_staged = true;
  bool reclassification_prone = false;
  std::vector<std::string> icdo3;
  std::vector<std::string> snomed;
  std::vector<std::string> synonyms;
  std::string at_bone_site;         // row id that applies when the site is a bone (e.g. Ewing of bone)
  std::string at_soft_tissue_site;  // row id that applies at a soft-tissue site (e.g. extraskeletal)
  std::string source;
};

// One ICD-O-3 morphology range row: any histology code in one of `intervals` with one of
// `behaviours` (the digit after the slash) falls into this row unless an exact row lists it.
struct HistologyRange {
  HistologyRow row;  // id, label, category, applicability, source (no codes, no synonyms)
  std::vector<std::pair<int, int>> intervals;  // inclusive 4-digit histology code intervals
  std::vector<char> behaviours;                // '0', '1', '2', '3', '6', '9'
  bool contains(int histology, char behaviour) const;
};

struct HistologyTable {
  std::string version;
  std::string source;
  std::vector<HistologyRow> rows;
  std::vector<HistologyRange> ranges;                              // first match wins
  std::map<std::string, std::string, std::less<>> system_aliases;  // other URI -> canonical URI
  const HistologyRow* by_icdo3(std::string_view code) const;
  const HistologyRow* by_id(std::string_view id) const;
  const HistologyRange* range_for(std::string_view normalized_code) const;  // "8800/3"
};

Result<HistologyTable, fhir::Issues> parse_histology_table(std::string_view json,
                                                           const std::string& file_name);
Result<HistologyTable, fhir::Issues> load_histology_table(const std::string& path);

}  // namespace sarcoma::mappings
