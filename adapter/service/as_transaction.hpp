#pragma once
// Any report as it arrives (a DiagnosticReport with contained Observations, or a Bundle of any
// type; JSON or XML) -> a transaction Bundle (JSON) that stores it on a FHIR server: resources with
// an id are PUT to Type/id (so re-submitting a report updates it instead of copying it), others are
// POSTed under their urn:uuid fullUrl. Transaction and batch Bundles pass through unchanged.
#include <string>
#include <string_view>

#include "fhir/issue.hpp"
#include "fhir/result.hpp"

namespace sarcoma::service {

Result<std::string, fhir::Issues> as_transaction(std::string_view report_bytes);

}  // namespace sarcoma::service
