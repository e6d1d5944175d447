#include "adapter/core/validate.hpp"

#include <string>

#include "fhir/resolve.hpp"

namespace sarcoma::core {

Result<fhir::Issues, fhir::Issues> validate_report(std::string_view bytes,
                                                   const fhir::ParseOptions& options) {
  auto parsed = fhir::parse_any(bytes, options);
  if (!parsed.ok()) return fail(std::move(parsed).error());
  auto reports = fhir::resolve_reports(parsed->resource);
  if (!reports.ok()) return fail(std::move(reports).error());

  fhir::Issues out;
  for (const auto& r : *reports) {
    const auto& dr = *r.report;
    std::string what = (r.reference.empty() ? std::string("DiagnosticReport") : r.reference) + ": " +
                       std::to_string(r.observations.size()) + " Observation(s) reached";
    if (!dr.presentedForm.empty()) what += ", " + std::to_string(dr.presentedForm.size()) + " presentedForm";
    if (dr.conclusion.value) what += ", conclusion";
    out.push_back(fhir::Issue{fhir::Severity::information, "informational", what, r.path, {}, {}, {}});
    out.insert(out.end(), r.issues.begin(), r.issues.end());
  }
  out.insert(out.end(), parsed->issues.begin(), parsed->issues.end());
  return out;
}

}  // namespace sarcoma::core
