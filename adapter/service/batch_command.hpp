#pragma once
#include <string_view>
#include <vector>

namespace sarcoma::service {

// `sarcoma-adapter batch IN.ndjson[.gz] [-o OUT.ndjson] [-j N] [--resume] [--recorded INSTANT]`:
// FHIR Bulk Data NDJSON (one Bundle or DiagnosticReport per line) -> NDJSON of transaction Bundles
// in input order; errors (line number + OperationOutcome) to OUT.errors.ndjson.
int run_batch(const std::vector<std::string_view>& args);

}  // namespace sarcoma::service
