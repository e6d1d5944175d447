#pragma once
// Finds each DiagnosticReport in a Bundle (any type) or a bare DiagnosticReport, and the
// Observations it reaches through `result` and, recursively, `hasMember`.
//
// A reference resolves by: `#id` (contained in the report or in the resource that holds it),
// relative `Observation/x` (also `Observation/x/_history/n`; matched against entry.fullUrl on the
// referring entry's base first, then by type and id), absolute URL (entry.fullUrl; or
// `[base]/Observation/x` when base is the report's fullUrl base) and `urn:uuid:` fullUrls.
// Dangling references ("not-found"), references to something other than an Observation
// ("invalid") and hasMember cycles ("invalid") become warning issues with the element path;
// an Observation reached twice is listed once.
#include <string>
#include <vector>

#include "fhir/issue.hpp"
#include "fhir/model.hpp"
#include "fhir/result.hpp"

namespace sarcoma::fhir {

struct ResolvedObservation {
  const Observation* observation = nullptr;
  std::string reference;  // canonical citation: "Observation/x", else the fullUrl, or "#id" if contained
  std::string path;       // where it sits, e.g. "Bundle.entry[2].resource"
  const Observation* parent = nullptr;  // the hasMember panel that reached it, if any
};

struct ResolvedReport {
  const DiagnosticReport* report = nullptr;
  std::string reference;                          // "DiagnosticReport/x", else the fullUrl, else ""
  std::string path;                               // "DiagnosticReport" or "Bundle.entry[0].resource"
  std::vector<ResolvedObservation> observations;  // in reference order, depth first
  Issues issues;
};

// Pointers point into `root`, which must outlive the result. Fails (with one "not-found" issue)
// when there is no DiagnosticReport.
Result<std::vector<ResolvedReport>, Issues> resolve_reports(const Resource& root);

}  // namespace sarcoma::fhir
