#pragma once
// FNCLCC grade from its three components, never guessing one: any component missing -> GX.
// Conversions are exact (no binary floating point) and recorded as assumptions.
#include <optional>
#include <string_view>

#include "adapter/core/assessment.hpp"
#include "adapter/core/facts.hpp"
#include "mappings/staging_tables.hpp"

namespace sarcoma::core {

// Greatest dimension in cm; nullopt for a unit the tables do not list.
std::optional<fhir::Decimal> size_in_cm(const mappings::StagingTables& t, const Size& size);

// The mitotic score row for a rate in any basis: per N HPF compares count x 10 against the bound x N,
// per mm2 compares count x (area of 10 HPF) against the bound x amount, so no division is needed.
// `area_override` is the site's configured area of 10 HPF (else the table default); a report's own
// stated area wins over both.
struct MitoticScore {
  const mappings::MitoticRow* row = nullptr;
  std::optional<fhir::Decimal> per_10_hpf;  // when exactly representable
  fhir::Decimal numerator, denominator;     // per 10 HPF = numerator / denominator, exactly
  std::optional<Assumption> conversion;     // when the rate was not already per 10 HPF
};
MitoticScore score_mitoses(const mappings::StagingTables& t, const MitoticRate& rate,
                           const std::optional<fhir::Decimal>& area_override = std::nullopt);

struct GradeInputs {
  std::optional<int> differentiation;  // 1..3, from the histology table or stated
  std::optional<MitoticRate> mitoses;
  std::optional<Necrosis> necrosis;
  std::optional<fhir::Decimal> area_of_10_hpf_mm2;  // site configuration
  // Component scores the report states itself: used only when the measurement they summarise is
  // absent (a stated mitotic score without a count, "necrosis score 1" without an extent).
  bool differentiation_stated = false;  // `differentiation` came from the report, not the table
  std::optional<int> stated_mitotic_score = std::nullopt;   // 1..3
  std::optional<int> stated_necrosis_score = std::nullopt;  // 0..2
};
GradeResult compute_grade(const mappings::StagingTables& t, const GradeInputs& in);

}  // namespace sarcoma::core
