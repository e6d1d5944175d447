// libFuzzer target: the whole core (parse -> resolve -> extract -> assess -> route -> derive) on
// arbitrary bytes must never crash, hang or throw; a success must serialise and parse back.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "adapter/core/pipeline.hpp"
#include "fhir/json_codec.hpp"
#include "fhir/parse.hpp"

namespace {

const sarcoma::core::RuleSet& rules() {
  static const std::shared_ptr<const sarcoma::core::RuleSet> r = [] {
    const char* dir = std::getenv("SARCOMA_SOURCE_DIR");
    auto loaded = sarcoma::core::RuleSet::load(dir != nullptr ? std::string(dir) + "/mappings"
                                                              : sarcoma::mappings::default_mappings_dir());
    if (!loaded.ok()) std::abort();
    return std::move(loaded).value();
  }();
  return *r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  sarcoma::core::PipelineOptions options;
  options.adapter_version = "fuzz";
  options.fallback_recorded = "2026-01-01T00:00:00Z";
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto result = sarcoma::core::run_pipeline(input, rules(), options);
  if (!result.ok()) {
    if (result.error().empty()) std::abort();  // an error always says why
    return 0;
  }
  std::string json = sarcoma::fhir::to_json(sarcoma::fhir::Resource(result->bundle));
  auto back = sarcoma::fhir::parse_any(json, sarcoma::fhir::ParseOptions{});
  if (!back.ok()) std::abort();  // what we write, we can read
  return 0;
}
