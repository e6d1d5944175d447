#pragma once
// The FNCLCC and AJCC 8 soft-tissue staging tables of seed 003, loaded from mappings/staging.json.
// Each row keeps its id and citation so every result can name the row that produced it.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fhir/decimal.hpp"
#include "fhir/issue.hpp"
#include "fhir/result.hpp"

namespace sarcoma::mappings {

struct TableRow {
  std::string id;
  std::string source;
};
struct MitoticRow : TableRow {
  fhir::Decimal min;
  std::optional<fhir::Decimal> below;  // exclusive upper bound; none = unbounded
  int score = 0;
};
struct NecrosisRow : TableRow {
  std::string extent;  // absent | less-than-50 | at-least-50
  int score = 0;
};
struct GradeRow : TableRow {
  std::string grade;
  int min_total = 0;
  int max_total = 0;
};
struct SizeRow : TableRow {
  std::string value;
  std::optional<fhir::Decimal> max_cm;  // inclusive; none = unbounded
};
struct FindingRow : TableRow {
  std::string value;
  std::vector<std::string> findings;
};
struct MultifocalRow : TableRow {
  std::string value;
  int min_sites = 0;
};
struct CategoryRow : TableRow {
  std::string value;
  bool assumed = false;
};
struct StageRow : TableRow {
  std::string group;
  std::vector<std::string> t, n, m, grade;  // "*" = any
};

struct StagingTables {
  std::string version;
  std::string source;
  std::vector<MitoticRow> mitotic;
  std::vector<NecrosisRow> necrosis;
  fhir::Decimal necrosis_percent_threshold;
  std::vector<GradeRow> grades;
  std::map<std::string, fhir::Decimal, std::less<>> units_to_cm;  // UCUM unit -> factor
  fhir::Decimal default_area_of_10_hpf_mm2;
  CategoryRow grade_missing;
  CategoryRow grade_not_applicable;  // histology FNCLCC does not grade: GX for the stage group
  std::map<std::string, std::vector<SizeRow>, std::less<>> t_by_size;  // by site group name
  std::map<std::string, std::vector<FindingRow>, std::less<>> t_by_finding;
  std::map<std::string, std::vector<MultifocalRow>, std::less<>> t_by_multifocal;
  CategoryRow t_unknown;
  CategoryRow n_present, n_absent, n_unknown;
  CategoryRow m_present, m_absent, m_unknown;
  std::map<std::string, std::vector<StageRow>, std::less<>> stage_groups;
  std::map<std::string, TableRow, std::less<>> no_stage_group;
};

// Parses the tables; issues name the file and the row ("staging.json: t_by_size.head-neck[1]: ...").
Result<StagingTables, fhir::Issues> parse_staging_tables(std::string_view json, const std::string& file_name);
Result<StagingTables, fhir::Issues> load_staging_tables(const std::string& path);

}  // namespace sarcoma::mappings
