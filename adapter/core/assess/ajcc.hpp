#pragma once
// AJCC 8 T, N, M and stage group for one tumour, from the seed 003 tables. Pure.
#include <optional>
#include <string>
#include <vector>

#include "adapter/core/assessment.hpp"
#include "adapter/core/facts.hpp"
#include "mappings/rules.hpp"
#include "mappings/staging_tables.hpp"

namespace sarcoma::core {

struct StageInputs {
  bool staging_applicable = true;                 // false: histology outside the soft-tissue chapters
  std::optional<mappings::SiteGroup> site_group;  // nullopt: site unknown
  std::optional<Size> size;                       // greatest dimension
  std::vector<std::string> findings;              // head-and-neck invasion / visceral extent keys
  std::optional<int> multifocal_sites;
  std::optional<bool> nodal_metastasis;  // nullopt: the report is silent
  std::optional<bool> distant_metastasis;
  bool post_neoadjuvant = false;  // y prefix
  bool recurrence = false;        // r prefix
  std::string grade = "GX";       // G1, G2, G3, GX (use GX when FNCLCC does not grade)
};

StageResult compute_stage(const mappings::StagingTables& t, const StageInputs& in);

}  // namespace sarcoma::core
