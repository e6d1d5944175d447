#include "adapter/core/assess/ajcc.hpp"

#include "adapter/core/assess/fnclcc.hpp"
#include "adapter/core/assess/staging_lookup.hpp"

namespace sarcoma::core {
namespace {

RuleRef ref(const mappings::TableRow& r, std::string table) {
  return RuleRef{std::move(table), r.id, r.source};
}

CategoryResult category(const mappings::CategoryRow& row, const char* table) {
  CategoryResult c;
  c.value = row.value;
  c.assumed = row.assumed;
  c.rule = ref(row, table);
  return c;
}

// T from the table that applies to the site group; TX when the facts do not allow one.
CategoryResult t_category(const mappings::StagingTables& t, const std::string& group, const StageInputs& in,
                          std::optional<fhir::Decimal>& size_cm) {
  if (in.multifocal_sites) {
    if (const auto* r = t_by_multifocal(t, group, *in.multifocal_sites)) {
      CategoryResult c;
      c.value = r->value;
      c.rule = ref(*r, "ajcc8-t");
      return c;
    }
  }
  if (const auto* r = t_by_findings(t, group, in.findings)) {
    // Head-and-neck T4a/T4b findings override size; visceral extent is the only visceral T.
    CategoryResult c;
    c.value = r->value;
    c.rule = ref(*r, "ajcc8-t");
    return c;
  }
  if (in.size) {
    size_cm = size_in_cm(t, *in.size);
    if (size_cm) {
      if (const auto* r = t_by_size(t, group, *size_cm)) {
        CategoryResult c;
        c.value = r->value;
        c.rule = ref(*r, "ajcc8-t");
        return c;
      }
    }
  }
  return category(t.t_unknown, "ajcc8-t");
}

}  // namespace

StageResult compute_stage(const mappings::StagingTables& t, const StageInputs& in) {
  StageResult s;
  if (!in.staging_applicable || (in.site_group && *in.site_group == mappings::SiteGroup::not_staged)) {
    s.applicable = false;
    s.site_group = in.site_group;
    s.group_status = StageResult::GroupStatus::not_applicable;
    return s;
  }
  // Pathological categories after neoadjuvant therapy carry y, recurrent tumours r.
  std::string prefix = std::string(in.recurrence ? "r" : "") + (in.post_neoadjuvant ? "y" : "");

  s.site_group = in.site_group;
  std::string group = in.site_group ? mappings::to_string(*in.site_group) : "";
  s.t = in.site_group ? t_category(t, group, in, s.size_cm) : category(t.t_unknown, "ajcc8-t");
  s.n = category(!in.nodal_metastasis   ? t.n_unknown
                 : *in.nodal_metastasis ? t.n_present
                                        : t.n_absent,
                 "ajcc8-n");
  s.m = category(!in.distant_metastasis   ? t.m_unknown
                 : *in.distant_metastasis ? t.m_present
                                          : t.m_absent,
                 "ajcc8-m");
  s.t.prefix = s.n.prefix = s.m.prefix = prefix;
  if (s.n.assumed) {
    s.assumptions.push_back(
        {"n0-assumed", "N0: no regional nodal metastasis reported (AJCC 8 counts unknown as N0)."});
  }
  if (s.m.assumed)
    s.assumptions.push_back({"m0-assumed", "M0: no distant metastasis reported; assumed absent."});

  if (!in.site_group) {
    s.group_status = StageResult::GroupStatus::site_unknown;
    return s;
  }
  StageLookup g = stage_group(t, group, s.t.value, s.n.value, s.m.value, in.grade);
  switch (g.status) {
    case StageLookup::Status::assigned:
      s.group_status = StageResult::GroupStatus::assigned;
      s.group = g.row->group;
      s.group_rule = ref(*g.row, "ajcc8-stage-group");
      break;
    case StageLookup::Status::not_defined_for_site:
      s.group_status = StageResult::GroupStatus::not_defined_for_site;
      s.group_rule = ref(*g.no_group_row, "ajcc8-stage-group");
      break;
    case StageLookup::Status::no_matching_row:
      s.group_status = StageResult::GroupStatus::t_unknown;  // the only way no row matches: TX with N0 M0
      break;
  }
  return s;
}

}  // namespace sarcoma::core
