#pragma once
// The row-level operations a storage engine provides, always called inside one of its own
// transactions (opened by its FhirStore implementation). All FHIR rules - validation, versions,
// conditional interactions, Bundles - live above this, in resource_ops and bundle_ops, so a second
// engine (PostgreSQL) implements only these.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapter/service/store/fhir_store.hpp"
#include "adapter/service/store/search_index.hpp"

namespace sarcoma::service::store {

class StoreBackend {
 public:
  virtual ~StoreBackend() = default;

  // The current version, deleted or not.
  virtual StoreResult<std::optional<StoredResource>> get(std::string_view type, std::string_view id) = 0;
  // Makes `resource` the current version and replaces its index rows.
  virtual StoreResult<Ok> put(const StoredResource& resource, const std::vector<IndexEntry>& index) = 0;
  // Current, non-deleted resources of `type` matching every condition; the total and one page.
  virtual StoreResult<SearchPage> search(std::string_view type, const SearchQuery& query) = 0;
  // A fresh server-assigned id (valid FHIR id syntax).
  virtual std::string new_id() = 0;
  // A nested unit inside the open transaction (batch entries): end_nested(false) undoes its writes.
  virtual StoreResult<Ok> begin_nested() = 0;
  virtual StoreResult<Ok> end_nested(bool keep) = 0;
};

}  // namespace sarcoma::service::store
