#pragma once
// Assessment (issue 4): the facts of one report -> FNCLCC grade and AJCC 8 TNM/stage per tumour.
// Pure: no I/O, no clock. Chooses one fact per element (coded before narrative; a recognised
// histology or site before an unrecognised one) and keeps every other candidate visible through
// the conflicts extraction recorded. Never guesses a missing component: it stays missing.
#include <optional>

#include "adapter/core/assessment.hpp"
#include "adapter/core/facts.hpp"
#include "fhir/decimal.hpp"
#include "mappings/rules.hpp"

namespace sarcoma::core {

struct AssessOptions {
  // The site's area of 10 high-power fields in mm2 (configuration); the table default otherwise.
  std::optional<fhir::Decimal> area_of_10_hpf_mm2;
};

// `rules.staging_tables()` must not be null (Rules::load always provides them); without them the
// result has the report's scope and no tumours.
Assessment assess(const ReportFacts& facts, const mappings::Rules& rules, const AssessOptions& options = {});

}  // namespace sarcoma::core
