#pragma once
// Derivation (issue 6): one report's Assessment and Routing -> the FHIR resources written back:
// derived Observations (FNCLCC grade with its components; pathological T, N, M; AJCC stage group
// where one is defined), one review Task, one Provenance - as entries of a transaction Bundle that
// uses conditional updates on deterministic identifiers, so posting it twice creates nothing twice.
// Written as JSON directly (the product every sink needs); a typed Bundle, where one is wanted, is
// parsed from it (run_pipeline does so on request).
// Pure: the time recorded comes in through DeriveContext; the same input gives identical output.
#include <string>
#include <string_view>
#include <vector>

#include "adapter/core/assessment.hpp"
#include "adapter/core/derive/json_text.hpp"
#include "adapter/core/route/route.hpp"
#include "fhir/model.hpp"
#include "fhir/resolve.hpp"
#include "mappings/value_codes.hpp"

namespace sarcoma::core {

// Systems of the adapter's own identifiers and codes.
inline constexpr std::string_view kDerivedIdentifierSystem =
    "https://sarcoma-adapter.dev/fhir/NamingSystem/derived-id";
inline constexpr std::string_view kFnclccComponentSystem =
    "https://sarcoma-adapter.dev/fhir/CodeSystem/fnclcc-component";
inline constexpr std::string_view kTaskInputTypeSystem =
    "https://sarcoma-adapter.dev/fhir/CodeSystem/task-input-type";
inline constexpr std::string_view kRuleSetSystem = "https://sarcoma-adapter.dev/fhir/rule-set";
// The namespace of every derived identifier (UUID v5 names below it).
inline constexpr std::string_view kDerivedNamespace = "5d3c1f0e-8a57-4b8e-9a2d-6c1b0f4e7a93";

struct DeriveContext {
  std::string adapter_version;  // "0.1.0"
  std::string recorded;         // FHIR instant for Provenance.recorded and Task.authoredOn
  const mappings::ValueCodes* codes = nullptr;
  std::string review_reason_system;
};

// The report's identity: its first business identifier (system|value), else its reference or
// fullUrl. The version is left out on purpose: an amended report's results replace the earlier
// ones (same identifiers) instead of piling up beside them.
std::string report_identity(const fhir::ResolvedReport& report);

// The identifier value (a UUID v5) of one derived resource of a report: `kind` is "review-task",
// "fnclcc-grade", "ajcc8-t", "ajcc8-n", "ajcc8-m" or "ajcc8-stage-group", with "|<tumour label>"
// appended for reports with several tumours. The review page finds the Observation to amend with it.
std::string derived_uuid(std::string_view identity, std::string_view kind);

// Whether derive() writes anything for this report (a review is routed: every sarcoma report).
bool derives_anything(const fhir::ResolvedReport& report, const Routing& routing);

// Writes this report's transaction entries (derived Observations, the Task, the Provenance) as JSON
// objects into `entries`, which must be inside the Bundle's "entry" array. Returns how many; 0 for
// a report without a review (not a sarcoma). The text is exactly what `fhir::to_json` gives for the
// same resources as typed Bundle entries.
std::size_t derive(const fhir::ResolvedReport& report, const Assessment& assessment, const Routing& routing,
                   const DeriveContext& context, JsonText& entries);

}  // namespace sarcoma::core
