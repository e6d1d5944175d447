#pragma once
// The FHIR RESTful API (R4, JSON only) over a FhirStore, as Router routes under a base path:
//   GET    [base]/metadata                  CapabilityStatement
//   POST   [base]                           transaction / batch Bundle
//   POST   [base]/[type]                    create (If-None-Exist: conditional create)
//   PUT    [base]/[type]/[id]               update (create-or-update)
//   PUT    [base]/[type]?criteria           conditional update
//   GET    [base]/[type]/[id]               read (404 unknown, 410 deleted)
//   GET    [base]/[type]/[id]/_history/[v]  vread of the current version only (history is not kept)
//   GET    [base]/[type]?params             search (search_query.hpp)
//   DELETE [base]/[type]/[id]               delete (204)
// Bodies: application/fhir+json or application/json (else 415); Accept / _format must allow JSON
// (else 406); bodies over max_body_bytes -> 413. Errors are OperationOutcomes with the FHIR status.
// Prefer: return=minimal gives an empty body.
#include <cstddef>
#include <functional>
#include <string>

#include "adapter/service/http/router.hpp"
#include "adapter/service/store/fhir_store.hpp"

namespace sarcoma::service::store {

struct FhirRestOptions {
  std::string base_path = "/fhir";
  // Absolute base for fullUrl, Location and paging links, e.g. "https://adapter.example.org/fhir".
  // Empty: "http://" + the request's Host header + base_path.
  std::string public_base_url;
  std::size_t max_body_bytes = 16 * 1024 * 1024;
  std::function<Millis()> clock;  // meta.lastUpdated of writes; required
  // Called after the commit, inside the request, for every DiagnosticReport version created or
  // updated (not for unchanged content) through POST [base], POST [base]/DiagnosticReport or PUT.
  // The daemon enqueues an assessment job here. Must not throw.
  std::function<void(const StoredRef&)> on_report_stored;
  std::string software_version;  // CapabilityStatement.software.version
};

// `store` must outlive the router.
void add_fhir_routes(Router& router, FhirStore& store, FhirRestOptions options);

}  // namespace sarcoma::service::store
