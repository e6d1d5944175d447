#pragma once
// Checks that bytes are a usable pathology report: parses (JSON or XML), resolves each
// DiagnosticReport and the Observations it reaches. Pure: no I/O.
#include <string_view>

#include "fhir/issue.hpp"
#include "fhir/parse.hpp"
#include "fhir/result.hpp"

namespace sarcoma::core {

// On success: one "informational" issue per report found (its reference, how many Observations it
// reaches, whether it carries a narrative) followed by every warning. On failure: the error issues.
Result<fhir::Issues, fhir::Issues> validate_report(std::string_view bytes, const fhir::ParseOptions& options = {});

}  // namespace sarcoma::core
