#pragma once
// The histology table (mappings/histology.json): ICD-O-3 morphology -> FNCLCC differentiation
// score and whether FNCLCC grades / AJCC soft-tissue chapters stage the histology.
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
  std::vector<std::string> synonyms;
  std::string source;
};

struct HistologyTable {
  std::string version;
  std::vector<HistologyRow> rows;
  const HistologyRow* by_icdo3(std::string_view code) const;
  const HistologyRow* by_id(std::string_view id) const;
};

Result<HistologyTable, fhir::Issues> load_histology_table(const std::string& path);

}  // namespace sarcoma::mappings
