#pragma once
// The review-reason table (mappings/review_reasons.json): each code routing can raise, its display,
// its priority, and - by row order - its precedence as the Task's main reason.
#include <string>
#include <string_view>
#include <vector>

#include "fhir/issue.hpp"
#include "fhir/result.hpp"

namespace sarcoma::mappings {

struct ReviewReasonRow {
  std::string code;
  std::string display;
  std::string priority;  // FHIR request-priority: routine | urgent | asap | stat
  int rank = 0;          // row index: lower = takes precedence as the main reason
};

struct ReviewReasonTable {
  std::string version;
  std::string system;  // the CodeSystem URI of the codes
  std::string source;
  std::vector<ReviewReasonRow> rows;
  const ReviewReasonRow* by_code(std::string_view code) const;
};

// 0 routine, 1 urgent, 2 asap, 3 stat; -1 for anything else.
int priority_rank(std::string_view priority);

Result<ReviewReasonTable, fhir::Issues> parse_review_reasons(std::string_view json, const std::string& file_name);
Result<ReviewReasonTable, fhir::Issues> load_review_reasons(const std::string& path);

}  // namespace sarcoma::mappings
