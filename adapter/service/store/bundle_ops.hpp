#pragma once
// POST [base] with a transaction or batch Bundle, on any StoreBackend, inside one backend
// transaction the caller opens.
//  - transaction: all or nothing. Identities are resolved first (conditional entries searched,
//    server ids assigned), every reference to an entry's fullUrl (urn:uuid:...) anywhere in the
//    Bundle is rewritten to the assigned Type/id, then entries run in the FHIR order DELETE, POST,
//    PUT, GET. The first failing entry's error is returned, naming Bundle.entry[i], and the caller
//    rolls back: nothing is written.
//  - batch: entries are independent; each runs in a nested unit (end_nested(false) on failure) and
//    gets its own status and OperationOutcome in the response. No fullUrl rewriting.
// Supported entry requests: POST Type (with ifNoneExist), PUT Type/id, PUT Type?criteria,
// GET Type/id, GET Type?params, DELETE Type/id.
#include <string_view>

#include "adapter/service/store/fhir_store.hpp"
#include "adapter/service/store/store_backend.hpp"

namespace sarcoma::service::store {

StoreResult<BundleResult> run_bundle(StoreBackend& backend, std::string_view json, Millis now,
                                     std::string_view base_url, const StoreLimits& limits);

}  // namespace sarcoma::service::store
