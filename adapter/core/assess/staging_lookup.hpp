#pragma once
// Table lookups for FNCLCC and AJCC 8: each returns the row of mappings/staging.json that applies,
// or null when no row does, so callers can cite the row. Pure; exact decimal comparisons only.
#include <string_view>
#include <vector>

#include "fhir/decimal.hpp"
#include "mappings/staging_tables.hpp"

namespace sarcoma::core {

// Mitotic score from a count per 10 HPF.
const mappings::MitoticRow* mitotic_row(const mappings::StagingTables& t, const fhir::Decimal& per_10_hpf);
// Necrosis score from an extent (absent | less-than-50 | at-least-50) ...
const mappings::NecrosisRow* necrosis_row(const mappings::StagingTables& t, std::string_view extent);
// ... or from a percentage (0 = absent; below the threshold = less-than-50; else at-least-50).
const mappings::NecrosisRow* necrosis_row_for_percent(const mappings::StagingTables& t,
                                                      const fhir::Decimal& percent);
// Grade from the total score (2..8); null outside every row.
const mappings::GradeRow* grade_row(const mappings::StagingTables& t, int total);

// T by greatest dimension in cm for a site group that stages by size (null: group has no size table).
const mappings::SizeRow* t_by_size(const mappings::StagingTables& t, std::string_view group,
                                   const fhir::Decimal& cm);
// T by findings (head-and-neck invasion, visceral extent): the highest-precedence row any finding hits.
const mappings::FindingRow* t_by_findings(const mappings::StagingTables& t, std::string_view group,
                                          const std::vector<std::string>& findings);
// Visceral multifocal T4a/b/c by number of sites (null under 2 sites).
const mappings::MultifocalRow* t_by_multifocal(const mappings::StagingTables& t, std::string_view group,
                                               int sites);

struct StageLookup {
  enum class Status { assigned, not_defined_for_site, no_matching_row };
  Status status = Status::no_matching_row;
  const mappings::StageRow* row = nullptr;           // when assigned
  const mappings::TableRow* no_group_row = nullptr;  // when the site group has no AJCC stage group
};
// grade: G1/G2/G3/GX ("not applicable" callers pass GX, as the table groups GX with G1).
// t may be TX: it then matches only rows with "any T".
StageLookup stage_group(const mappings::StagingTables& t, std::string_view group, std::string_view t_value,
                        std::string_view n_value, std::string_view m_value, std::string_view grade);

}  // namespace sarcoma::core
