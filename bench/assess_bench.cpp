// Assessments per second: FNCLCC grade + AJCC 8 T/N/M/stage for one tumour, tables loaded once.
#include <benchmark/benchmark.h>

#include "adapter/core/assess/ajcc.hpp"
#include "adapter/core/assess/fnclcc.hpp"

using namespace sarcoma;
using namespace sarcoma::core;

namespace {

const mappings::StagingTables& tables() {
  static const mappings::StagingTables t =
      std::move(mappings::load_staging_tables(std::string(SARCOMA_SOURCE_DIR) + "/mappings/staging.json")).value();
  return t;
}

void BM_AssessGradeAndStage(benchmark::State& state) {
  GradeInputs g;
  g.differentiation = 2;
  g.mitoses = MitoticRate{*fhir::Decimal::parse("12"), MitoticRate::Per::hpf, fhir::Decimal::from_int(10), {}};
  Necrosis n;
  n.percent = *fhir::Decimal::parse("30");
  g.necrosis = n;
  StageInputs s;
  s.site_group = mappings::SiteGroup::trunk_extremity;
  s.size = Size{*fhir::Decimal::parse("82"), "mm"};
  for (auto _ : state) {
    GradeResult grade = compute_grade(tables(), g);
    s.grade = grade.grade;
    StageResult stage = compute_stage(tables(), s);
    benchmark::DoNotOptimize(stage);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AssessGradeAndStage);

}  // namespace
