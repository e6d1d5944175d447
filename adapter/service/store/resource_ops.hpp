#pragma once
// The FHIR rules for single-resource interactions, on any StoreBackend and inside its transaction:
// body checks (JSON, resourceType, id syntax), versions (meta.versionId / meta.lastUpdated set by the
// store; identical content makes no new version, so replaying a write is harmless), and the
// conditional create / update decisions (0, 1, >1 matches).
// `where` is the root of error expressions: "Task" for a REST body, "Bundle.entry[2].resource".
#include <string>
#include <string_view>
#include <vector>

#include "adapter/service/store/fhir_store.hpp"
#include "adapter/service/store/json_value.hpp"
#include "adapter/service/store/store_backend.hpp"

namespace sarcoma::service::store {

// 400 unless `type` is a known resource type and `id` (when not empty) a valid id: checked before
// either reaches the backend.
StoreResult<Ok> check_target(std::string_view type, std::string_view id);

// Parses a request body and checks it (check_resource). `expected_type`: the type in the URL.
StoreResult<Json> parse_resource(std::string_view text, std::string_view expected_type,
                                 std::string_view where, const StoreLimits& limits);
// 400 when not an object, resourceType missing/unknown, id not a valid id, meta not an object;
// 422 when resourceType differs from `expected_type`.
StoreResult<Ok> check_resource(const Json& resource, std::string_view expected_type, std::string_view where);

// Writes `resource` as the next version of type/id (version 1 when absent; after a deletion the
// resource is created again). The body's id and meta.versionId/lastUpdated are replaced.
StoreResult<WriteResult> put_version(StoreBackend& backend, std::string_view type, std::string_view id,
                                     Json resource, Millis now, const StoreLimits& limits);
// A server id not in use for `type`.
StoreResult<std::string> fresh_id(StoreBackend& backend, std::string_view type);
// Up to two matching ids: enough to tell none, one and several apart.
StoreResult<std::vector<std::string>> match_ids(StoreBackend& backend, std::string_view type,
                                                const SearchQuery& criteria);

StoreResult<WriteResult> create_resource(StoreBackend& backend, std::string_view type, Json resource,
                                         Millis now, const QueryParams& if_none_exist,
                                         const StoreLimits& limits);
// The body must carry `id` (FHIR: 400 otherwise).
StoreResult<WriteResult> update_resource(StoreBackend& backend, std::string_view type, std::string_view id,
                                         Json resource, Millis now, std::string_view where,
                                         const StoreLimits& limits);
StoreResult<WriteResult> conditional_update_resource(StoreBackend& backend, std::string_view type,
                                                     const QueryParams& criteria, Json resource, Millis now,
                                                     std::string_view where, const StoreLimits& limits);
StoreResult<WriteResult> delete_resource(StoreBackend& backend, std::string_view type, std::string_view id,
                                         Millis now);
StoreResult<StoredResource> read_resource(StoreBackend& backend, std::string_view type, std::string_view id);

}  // namespace sarcoma::service::store
