// The whole core per report (what `assess`, $sarcoma-assess and the queue worker run): bytes ->
// parse -> resolve -> extract -> assess -> route -> derive -> the transaction Bundle serialised as
// JSON. Rule tables loaded once. Inputs: fixture 01 (a coded Bundle) and
// fixture 07 (a narrative report), and a raw RapidJSON DOM parse of the same bytes (the floor).
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>

#include "adapter/core/pipeline.hpp"
#include "fhir/json_codec.hpp"
#include "fhir/rapidjson.hpp"

using namespace sarcoma;

namespace {

const core::RuleSet& rules() {
  static const auto r = std::move(core::RuleSet::load(std::string(SARCOMA_SOURCE_DIR) + "/mappings")).value();
  return *r;
}

std::string fixture(const char* name) {
  std::ifstream in(std::string(SARCOMA_SOURCE_DIR) + "/fixtures/reports/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void run(benchmark::State& state, const std::string& bytes) {
  core::PipelineOptions o;
  o.adapter_version = "bench";
  o.fallback_recorded = "2026-01-01T00:00:00Z";
  o.typed_bundle = false;  // as batch and the daemon run it: the Bundle as JSON
  for (auto _ : state) {
    auto r = core::run_pipeline(bytes, rules(), o);
    benchmark::DoNotOptimize(r->bundle_json);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes.size()));
}

void floor(benchmark::State& state, const std::string& bytes) {
  for (auto _ : state) {
    rapidjson::Document d;
    d.Parse(bytes.data(), bytes.size());
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes.size()));
}

void BM_PipelineCodedReport(benchmark::State& s) {
  run(s, fixture("01-coded-lms-thigh-collection.json"));
}
void BM_PipelineNarrativeReport(benchmark::State& s) {
  run(s, fixture("07-narrative-myxofibrosarcoma-thigh-plain.json"));
}
void BM_FloorRapidJsonCoded(benchmark::State& s) {
  floor(s, fixture("01-coded-lms-thigh-collection.json"));
}
void BM_FloorRapidJsonNarrative(benchmark::State& s) {
  floor(s, fixture("07-narrative-myxofibrosarcoma-thigh-plain.json"));
}
BENCHMARK(BM_PipelineCodedReport);
BENCHMARK(BM_PipelineNarrativeReport);
BENCHMARK(BM_FloorRapidJsonCoded);
BENCHMARK(BM_FloorRapidJsonNarrative);

}  // namespace
