#pragma once
// The review pages as functions of their data: values in, HTML out (no I/O), so each page is
// unit-tested and benchmarked without a server.
#include <string>
#include <vector>

#include "adapter/core/rule_set.hpp"
#include "adapter/service/web/case_analysis.hpp"
#include "adapter/service/web/review.hpp"
#include "adapter/service/web/work_item.hpp"

namespace sarcoma::service::web {

struct Viewer {
  std::string display;  // the signed-in reviewer (or the bearer client)
  std::string csrf;     // the session's CSRF token ("" for bearer clients)
};

struct WorklistRow {
  WorkItem item;
  std::vector<TumourSummary> tumours;  // empty with `problem` set when the report could not be read
  std::string problem;
};

struct WorklistView {
  std::vector<WorklistRow> rows;
  WorklistFilter filter;
  std::size_t matched = 0;
  int page = 1, pages = 1;
  std::string error;  // a filter error or an unreachable server, shown above the table
};

std::string worklist_page(const WorklistView& view, const Viewer& viewer, const core::RuleSet& rules);

struct CaseView {
  WorkItem item;
  const CaseAnalysis* analysis = nullptr;  // null with `problem` set
  std::string problem;
  std::vector<FieldError> errors;           // of a refused review submission
  store::QueryParams submitted;             // the refused form, to fill it again
  std::string notice;                       // e.g. "Review saved."
};

std::string case_page(const CaseView& view, const Viewer& viewer, const core::RuleSet& rules);

std::string login_page(const std::string& error, const std::string& username);

// A short page with one message and a link back to the worklist.
std::string message_page(const std::string& title, const std::string& message, const Viewer& viewer);

// The computed values the review form compares amendments with.
std::vector<ComputedTumour> computed_tumours(const core::ReportOutcome& outcome);

}  // namespace sarcoma::service::web
