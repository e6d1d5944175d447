#include "adapter/service/batch/chunk.hpp"

#include "fhir/json_codec.hpp"
#include "fhir/outcome.hpp"

namespace sarcoma::service::batch {
namespace {

bool blank(const std::string& line) {
  return line.find_first_not_of(" \t\r") == std::string::npos;
}

void count(const core::PipelineResult& result, Tally& tally) {
  for (const auto& report : result.reports) {
    ++tally.reports;
    if (!report.routing.review) continue;
    ++tally.sarcoma;
    // The main reason (the first, in table precedence order) is the Task's reasonCode.
    tally
        .routed[report.routing.reasons.empty() ? std::string("none") : report.routing.reasons.front().code] +=
        1;
  }
}

}  // namespace

void process(Chunk& chunk, const core::RuleSet& rules, const core::PipelineOptions& options) {
  chunk.out.clear();
  chunk.errors.clear();
  chunk.tally = Tally{};
  for (std::size_t k = 0; k < chunk.lines.size(); ++k) {
    const std::string& text = chunk.lines[k];
    ++chunk.tally.lines;
    if (blank(text)) continue;
    auto result = core::run_pipeline(text, rules, options, chunk.out);  // the Bundle, appended
    if (result.ok()) {
      count(*result, chunk.tally);
      chunk.out += '\n';
      ++chunk.tally.ok;
    } else {
      chunk.errors +=
          "{\"line\":" + std::to_string(chunk.first_line + static_cast<long long>(k)) + ",\"outcome\":";
      fhir::append_json(fhir::Resource(fhir::make_operation_outcome(result.error())), chunk.errors);
      chunk.errors += "}\n";
      ++chunk.tally.failed;
    }
  }
}

}  // namespace sarcoma::service::batch
