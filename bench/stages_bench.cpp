// The pipeline's stages one at a time, on one line of the batch corpus (bench/gen, narrative kind:
// a ~1.4 KB base64 text/plain presentedForm) so the stage costs add up to what `batch` pays per
// line: parse (bytes -> typed model), resolve + extract, assess + route, derive (the transaction
// entries written as JSON). Rule tables loaded once.
#include <benchmark/benchmark.h>

#include "adapter/core/derive/derive.hpp"
#include "adapter/core/extract/extract.hpp"
#include "adapter/core/pipeline.hpp"
#include "fhir/json_codec.hpp"
#include "fhir/resolve.hpp"
#include "mappings/staging_tables.hpp"

using namespace sarcoma;

namespace {

const core::RuleSet& rules() {
  static const auto r = std::move(core::RuleSet::load(std::string(SARCOMA_SOURCE_DIR) + "/mappings")).value();
  return *r;
}

// Line 1 of `node bench/gen/gen.mjs --kind narrative` (fixed seed).
const std::string& line() {
  static const std::string text =
      R"({"resourceType":"DiagnosticReport","id":"syn-1","identifier":[{"system":"https://synthetic.test/report","value":"SYN-1"}],"status":"final","code":{"coding":[{"system":"http://loinc.org","code":"60568-3"}]},"subject":{"reference":"Patient/syn-p1"},"issued":"2026-01-01T00:00:00Z","presentedForm":[{"contentType":"text/plain","data":"U1VSR0lDQUwgUEFUSE9MT0dZIFJFUE9SVApBY2Nlc3Npb246IFNZTi0xCkNMSU5JQ0FMIEhJU1RPUlk6IEVubGFyZ2luZyBkZWVwIHNvZnQgdGlzc3VlIG1hc3MuIEltYWdpbmcgc3VnZ2VzdGl2ZSBvZiBhIHNhcmNvbWEuCkdST1NTIERFU0NSSVBUSU9OOiBSZWNlaXZlZCBmcmVzaCwgbGFiZWxsZWQgInJpZ2h0IGZvcmVhcm0sIGV4Y2lzaW9uIiwgYSBsb2J1bGF0ZWQgbWFzcyBtZWFzdXJpbmcgMTcuOSB4IDEwLjcgeCA3LjIgY20uIEN1dCBzdXJmYWNlIHRhbi13aGl0ZSwgZm9jYWxseSBteXhvaWQuCk1JQ1JPU0NPUElDIERFU0NSSVBUSU9OOiBTZWN0aW9ucyBzaG93IGEgY2VsbHVsYXIgc3BpbmRsZSBjZWxsIG5lb3BsYXNtIHdpdGggbnVjbGVhciBhdHlwaWEgYW5kIGluZmlsdHJhdGl2ZSBib3JkZXJzLiBJbW11bm9oaXN0b2NoZW1pc3RyeSBwZXJmb3JtZWQgb24gYmxvY2sgQTMgc3VwcG9ydHMgdGhlIGRpYWdub3Npcy4KRklOQUwgRElBR05PU0lTOiByaWdodCBmb3JlYXJtLCBleGNpc2lvbjogbGVpb215b3NhcmNvbWEuCgpTWU5PUFRJQyBSRVBPUlQgKHNvZnQgdGlzc3VlKQpQcm9jZWR1cmU6IEV4Y2lzaW9uClR1bW9yIFNpdGU6IHJpZ2h0IGZvcmVhcm0KSGlzdG9sb2dpYyBUeXBlOiBsZWlvbXlvc2FyY29tYQpUdW1vciBTaXplOiBHcmVhdGVzdCBkaW1lbnNpb24gMTcuOSBjbQpNaXRvdGljIFJhdGU6IDEwIG1pdG9zZXMgcGVyIDEwIEhQRgpOZWNyb3NpczogTm90IGlkZW50aWZpZWQKTWFyZ2luczogVW5pbnZvbHZlZCBieSBzYXJjb21hClJlZ2lvbmFsIEx5bXBoIE5vZGVzOiBObyBseW1waCBub2RlcyBzdWJtaXR0ZWQ="}]})";
  return text;
}

struct Prepared {
  fhir::Parsed parsed;
  std::vector<fhir::ResolvedReport> reports;
  core::ReportFacts facts;
  core::Assessment assessment;
  core::Routing routing;
  core::DeriveContext derive;
};

const Prepared& prepared() {
  static const Prepared prepared_once = [] {
    Prepared p{std::move(fhir::parse_any(line()).value()), {}, {}, {}, {}, {}};
    p.reports = std::move(fhir::resolve_reports(p.parsed.resource).value());
    core::ExtractOptions eo;
    eo.elements = &rules().elements;
    p.facts = core::extract(p.reports.front(), *rules().rules, eo);
    p.assessment = core::assess(p.facts, *rules().rules);
    p.routing = core::route(p.assessment, rules().reasons, *rules().rules->staging_tables());
    p.derive.adapter_version = "bench";
    p.derive.recorded = "2026-01-01T00:00:00Z";
    p.derive.codes = &rules().values;
    p.derive.review_reason_system = rules().reasons.system;
    return p;
  }();
  return prepared_once;
}

void BM_Stage1_Parse(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(fhir::parse_any(line()));
}
BENCHMARK(BM_Stage1_Parse);

void BM_Stage2_ResolveExtract(benchmark::State& state) {
  const Prepared& p = prepared();
  core::ExtractOptions eo;
  eo.elements = &rules().elements;
  for (auto _ : state) {
    auto reports = fhir::resolve_reports(p.parsed.resource);
    benchmark::DoNotOptimize(core::extract(reports->front(), *rules().rules, eo));
  }
}
BENCHMARK(BM_Stage2_ResolveExtract);

void BM_Stage3_AssessRoute(benchmark::State& state) {
  const Prepared& p = prepared();
  for (auto _ : state) {
    core::Assessment a = core::assess(p.facts, *rules().rules);
    benchmark::DoNotOptimize(core::route(a, rules().reasons, *rules().rules->staging_tables()));
  }
}
BENCHMARK(BM_Stage3_AssessRoute);

void BM_Stage4_DeriveJson(benchmark::State& state) {
  const Prepared& p = prepared();
  std::string text;
  for (auto _ : state) {
    text.clear();
    core::JsonText json(text);
    json.begin_array();
    benchmark::DoNotOptimize(core::derive(p.reports.front(), p.assessment, p.routing, p.derive, json));
    json.end_array();
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_Stage4_DeriveJson);

void BM_Stage0_WholeLine(benchmark::State& state) {
  core::PipelineOptions o;
  o.adapter_version = "bench";
  o.fallback_recorded = "2026-01-01T00:00:00Z";
  o.typed_bundle = false;  // as batch and the daemon run it
  for (auto _ : state) {
    auto r = core::run_pipeline(line(), rules(), o);
    benchmark::DoNotOptimize(r->bundle_json);
  }
}
BENCHMARK(BM_Stage0_WholeLine);

}  // namespace
