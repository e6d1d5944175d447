#pragma once
// A run of consecutive input lines and what they turned into. Workers process whole chunks (the
// lines of one chunk never cross threads) and the writer puts the chunks out in input order, so
// the output is byte-identical whatever -j is.
#include <cstdint>
#include <string>
#include <vector>

#include "adapter/core/pipeline.hpp"
#include "adapter/service/batch/tally.hpp"

namespace sarcoma::service::batch {

struct Chunk {
  std::uint64_t index = 0;      // 0, 1, 2, … in input order
  long long first_line = 1;     // 1-based number of lines[0] in the input file
  std::uint64_t input_end = 0;  // reader position after the last line (progress)
  std::vector<std::string> lines;
  // Filled by process(): NDJSON text ready to append to OUT and to OUT.errors.ndjson.
  std::string out;
  std::string errors;
  Tally tally;
};

// Runs every line through the pipeline: a transaction Bundle per line to `out`, or
// {"line":N,"outcome":OperationOutcome} to `errors`; blank lines are counted and skipped. Pure:
// no I/O, no clock (the recorded time is in `options`). Only the Bundle's JSON is used: callers
// turn PipelineOptions::typed_bundle off.
void process(Chunk& chunk, const core::RuleSet& rules, const core::PipelineOptions& options);

}  // namespace sarcoma::service::batch
