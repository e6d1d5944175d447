#pragma once
// FHIR search parameters -> a validated SearchQuery that every store backend can run. Supported:
// _id, identifier (system|value token), status, subject / patient / focus / for (reference
// equality), _count, _offset, _sort=_lastUpdated|-_lastUpdated|priority|-priority, _summary=count. Anything else is
// refused (400) rather than silently ignored: a worklist query with an ignored filter would list
// every case.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "adapter/service/store/url.hpp"
#include "fhir/issue.hpp"
#include "fhir/result.hpp"

namespace sarcoma::service::store {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;

// priority: FHIR request-priority order (routine < urgent < asap < stat), oldest first within a
// priority - `_sort=-priority` is the review worklist, most urgent first.
enum class SortOrder { stored, last_updated, last_updated_desc, priority, priority_desc };

// One alternative of a parameter value. Tokens: system|value. References: system holds the resource
// type ("Patient/1" -> {Patient, 1}); nullopt matches any system / type.
struct TokenMatch {
  std::optional<std::string> system;
  std::string value;  // empty (with a system): any value in that system ("identifier=sys|")
};

struct SearchCondition {
  std::string param;               // "_id", "identifier", "status", "subject", "patient", "focus", "for"
  std::vector<TokenMatch> any_of;  // comma-separated values: OR
};

struct SearchQuery {
  std::vector<SearchCondition> conditions;  // all must hold (repeated parameters: AND)
  int count = kDefaultPageSize;             // page size, 0..kMaxPageSize
  std::int64_t offset = 0;
  SortOrder sort = SortOrder::stored;
  bool summary_count = false;  // _summary=count (or _count=0): the total only
  QueryParams link_params;     // the accepted parameters but _count/_offset, for Bundle.link
};

// A search request (GET [type]?...).
Result<SearchQuery, fhir::Issues> parse_search(const QueryParams& params);
// The criteria of a conditional create/update: search parameters only, at least one.
Result<SearchQuery, fhir::Issues> parse_criteria(const QueryParams& params);

}  // namespace sarcoma::service::store
