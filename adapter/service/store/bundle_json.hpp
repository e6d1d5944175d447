#pragma once
// The Bundles the store answers with: searchset (total, offset paging links, fullUrl, search.mode)
// and the pieces of transaction/batch responses (entry.response, OperationOutcome).
#include <string>
#include <string_view>

#include "adapter/service/store/fhir_store.hpp"
#include "adapter/service/store/json_value.hpp"

namespace sarcoma::service::store {

// `base_url` ("https://host/fhir", may be empty for relative URLs) prefixes fullUrl and links.
Json searchset_bundle(std::string_view type, const SearchQuery& query, const SearchPage& page,
                      std::string_view base_url);

// "201 Created", "412 Precondition Failed", ...
std::string status_line(int status);
// entry.response for a written or read version: status, location Type/id/_history/v, etag W/"v",
// lastModified.
Json version_response(int status, const StoredResource& resource);
Json outcome_json(const fhir::Issues& issues);

}  // namespace sarcoma::service::store
