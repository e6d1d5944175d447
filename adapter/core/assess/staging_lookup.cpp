#include "adapter/core/assess/staging_lookup.hpp"

#include <algorithm>

namespace sarcoma::core {
namespace {

template <class Map>
auto rows_of(const Map& m, std::string_view group) -> const typename Map::mapped_type* {
  auto it = m.find(group);
  return it == m.end() ? nullptr : &it->second;
}

bool matches(const std::vector<std::string>& allowed, std::string_view value) {
  return std::any_of(allowed.begin(), allowed.end(),
                     [&](const std::string& a) { return a == "*" || a == value; });
}

}  // namespace

const mappings::MitoticRow* mitotic_row(const mappings::StagingTables& t, const fhir::Decimal& per_10_hpf) {
  for (const auto& r : t.mitotic) {
    if (per_10_hpf >= r.min && (!r.below || per_10_hpf < *r.below)) return &r;
  }
  return nullptr;
}

const mappings::NecrosisRow* necrosis_row(const mappings::StagingTables& t, std::string_view extent) {
  for (const auto& r : t.necrosis) {
    if (r.extent == extent) return &r;
  }
  return nullptr;
}

const mappings::NecrosisRow* necrosis_row_for_percent(const mappings::StagingTables& t,
                                                      const fhir::Decimal& percent) {
  if (percent.negative()) return nullptr;
  if (percent.is_zero()) return necrosis_row(t, "absent");
  return necrosis_row(t, percent < t.necrosis_percent_threshold ? "less-than-50" : "at-least-50");
}

const mappings::GradeRow* grade_row(const mappings::StagingTables& t, int total) {
  for (const auto& r : t.grades) {
    if (total >= r.min_total && total <= r.max_total) return &r;
  }
  return nullptr;
}

const mappings::SizeRow* t_by_size(const mappings::StagingTables& t, std::string_view group,
                                   const fhir::Decimal& cm) {
  const auto* rows = rows_of(t.t_by_size, group);
  if (!rows || cm.negative()) return nullptr;
  for (const auto& r : *rows) {
    if (!r.max_cm || cm <= *r.max_cm) return &r;
  }
  return nullptr;
}

const mappings::FindingRow* t_by_findings(const mappings::StagingTables& t, std::string_view group,
                                          const std::vector<std::string>& findings) {
  const auto* rows = rows_of(t.t_by_finding, group);
  if (!rows) return nullptr;
  for (const auto& r : *rows) {  // rows are in precedence order
    for (const auto& f : findings) {
      if (std::find(r.findings.begin(), r.findings.end(), f) != r.findings.end()) return &r;
    }
  }
  return nullptr;
}

const mappings::MultifocalRow* t_by_multifocal(const mappings::StagingTables& t, std::string_view group,
                                               int sites) {
  const auto* rows = rows_of(t.t_by_multifocal, group);
  if (!rows) return nullptr;
  for (const auto& r : *rows) {  // highest threshold first
    if (sites >= r.min_sites) return &r;
  }
  return nullptr;
}

StageLookup stage_group(const mappings::StagingTables& t, std::string_view group, std::string_view t_value,
                        std::string_view n_value, std::string_view m_value, std::string_view grade) {
  StageLookup out;
  if (auto it = t.no_stage_group.find(group); it != t.no_stage_group.end()) {
    out.status = StageLookup::Status::not_defined_for_site;
    out.no_group_row = &it->second;
    return out;
  }
  const auto* rows = rows_of(t.stage_groups, group);
  if (!rows) return out;
  for (const auto& r : *rows) {
    // TX is not one of the listed categories: it can only meet "any T".
    bool t_ok = t_value == "TX" ? std::find(r.t.begin(), r.t.end(), "*") != r.t.end() : matches(r.t, t_value);
    if (t_ok && matches(r.n, n_value) && matches(r.m, m_value) && matches(r.grade, grade)) {
      out.status = StageLookup::Status::assigned;
      out.row = &r;
      return out;
    }
  }
  return out;
}

}  // namespace sarcoma::core
