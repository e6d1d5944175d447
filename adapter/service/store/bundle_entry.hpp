#pragma once
// One entry of a transaction/batch Bundle as bundle_ops works on it: the request read and checked
// (method, url, ifNoneExist, fullUrl, resource), then the resource it resolves to and its response.
#include <cstddef>
#include <string>
#include <string_view>

#include "adapter/service/store/fhir_store.hpp"
#include "adapter/service/store/json_value.hpp"
#include "adapter/service/store/url.hpp"

namespace sarcoma::service::store {

enum class EntryMethod { get, post, put, del };

struct BundleEntry {
  std::size_t index = 0;
  std::string path;  // "Bundle.entry[3]"
  EntryMethod method = EntryMethod::get;
  std::string type;
  std::string id;             // from the URL (Type/id)
  bool has_query = false;     // Type?criteria
  QueryParams query;          // search parameters or conditional-update criteria
  QueryParams if_none_exist;  // POST
  std::string full_url;
  Json* resource = nullptr;  // inside the parsed Bundle

  // Resolution (before any write)
  std::string target_id;
  bool matched_existing = false;  // POST + ifNoneExist matched: nothing to write
  bool creates = false;           // resolved to a resource that does not exist yet

  Json response;  // Bundle.entry[i] of the response
  int status = 200;
};

// Reads entry.request and entry.resource into `e` (index and path already set). Errors name the
// element: Bundle.entry[i].request.url, Bundle.entry[i].resource.id, ...
StoreResult<Ok> parse_entry(BundleEntry& e, Json& entry);

// Sets an issue expression where the error has none (errors from resource_ops name no entry).
StoreError at(StoreError e, const std::string& path);
StoreError entry_error(int status, std::string code, std::string diagnostics, const std::string& path);

}  // namespace sarcoma::service::store
