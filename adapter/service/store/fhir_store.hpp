#pragma once
// The FHIR store the daemon writes results to when no upstream server is configured, and serves
// over FHIR REST (fhir_rest.hpp). Resources are kept as JSON text with a version per change and a
// small search index. Time is passed in: the store has no clock. Errors are values carrying the HTTP
// status the FHIR RESTful API prescribes and OperationOutcome issues naming the element.
// SqliteFhirStore (sqlite_fhir_store.hpp) is the embedded implementation; a PostgreSQL one can
// implement StoreBackend (store_backend.hpp) and reuse the same rules (resource_ops, bundle_ops).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "adapter/service/store/instant.hpp"
#include "adapter/service/store/search_query.hpp"
#include "adapter/service/store/url.hpp"
#include "fhir/issue.hpp"
#include "fhir/result.hpp"

namespace sarcoma::service::store {

struct StoredResource {
  std::string type;
  std::string id;
  std::int64_t version = 0;  // meta.versionId, 1 on creation
  Millis last_updated = 0;   // meta.lastUpdated
  bool deleted = false;      // a deletion is a version too (read -> 410 Gone)
  std::string json;          // the resource as stored, meta included; empty when deleted
};

enum class WriteKind {
  created,    // new resource (201)
  updated,    // new version
  unchanged,  // same content as the current version: nothing written
  existing,   // conditional create matched one resource: nothing written
  deleted,    // a deletion version was written
  absent,     // delete of a resource that does not exist (or is already deleted): nothing written
};

struct WriteResult {
  WriteKind kind = WriteKind::created;
  StoredResource resource;
};

// A resource version written by a request: what the report-stored hook receives.
struct StoredRef {
  std::string type;
  std::string id;
  std::int64_t version = 0;
};

struct StoreError {
  int status = 500;  // the HTTP status to answer with
  fhir::Issues issues;
};
template <class T>
using StoreResult = Result<T, StoreError>;
StoreError store_error(int status, std::string code, std::string diagnostics, std::string expression = {});

struct Ok {};

struct SearchPage {
  std::int64_t total = 0;
  std::vector<StoredResource> resources;  // the requested page (none for _summary=count)
};

struct BundleResult {
  std::string json;                // transaction-response / batch-response Bundle
  std::vector<StoredRef> changed;  // created or updated resource versions, in entry order
};

struct StoreLimits {
  std::size_t max_depth = 64;  // JSON nesting, as fhir::ParseOptions
  std::size_t max_bundle_entries = 1000;
};

class FhirStore {
 public:
  virtual ~FhirStore() = default;

  // POST [type]. A server id replaces any id in the body. With `if_none_exist` criteria
  // (If-None-Exist): one match -> that resource, nothing written (WriteKind::existing); several -> 412.
  virtual StoreResult<WriteResult> create(std::string_view type, std::string_view json, Millis now,
                                          const QueryParams& if_none_exist = {}) = 0;
  // GET [type]/[id]: 404 unknown, 410 deleted.
  virtual StoreResult<StoredResource> read(std::string_view type, std::string_view id) = 0;
  // PUT [type]/[id]: create-or-update; the body's id must equal `id`.
  virtual StoreResult<WriteResult> update(std::string_view type, std::string_view id, std::string_view json,
                                          Millis now) = 0;
  // PUT [type]?criteria: no match -> create (the body's id, or a server id); one -> update it;
  // several -> 412.
  virtual StoreResult<WriteResult> conditional_update(std::string_view type, const QueryParams& criteria,
                                                      std::string_view json, Millis now) = 0;
  // DELETE [type]/[id]
  virtual StoreResult<WriteResult> remove(std::string_view type, std::string_view id, Millis now) = 0;
  // GET [type]?params
  virtual StoreResult<SearchPage> search(std::string_view type, const SearchQuery& query) = 0;
  // POST [base] with a transaction (all or nothing) or batch Bundle. `base_url` (e.g.
  // "https://host/fhir") prefixes fullUrl and links of searchsets returned for GET entries.
  virtual StoreResult<BundleResult> process_bundle(std::string_view json, Millis now,
                                                   std::string_view base_url) = 0;
};

}  // namespace sarcoma::service::store
