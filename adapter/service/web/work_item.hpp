#pragma once
// One review Task as the worklist shows it, read from the Task JSON the store or upstream server
// returns; and the worklist's filter, order (priority, then age) and paging - pure functions.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapter/service/store/url.hpp"
#include "fhir/result.hpp"

namespace sarcoma::service::web {

struct ReasonBadge {
  std::string code;     // review_reasons.json code, e.g. "m-category-assumed"
  std::string display;  // its text
};

struct WorkItem {
  std::string task_id;          // Task.id on the server
  std::string version;          // Task.meta.versionId
  std::string identifier;       // the derived-id value (deterministic)
  std::string status;           // requested, completed, ...
  std::string priority;         // routine, urgent, asap, stat
  int priority_rank = 0;
  std::string authored;         // Task.authoredOn
  std::string last_modified;    // Task.lastModified (set by a review)
  std::string focus;            // "DiagnosticReport/x"
  std::string patient;          // Task.for reference
  std::string description;      // the computed summary line
  std::string owner;            // reviewer display, once reviewed
  std::vector<ReasonBadge> reasons;
  std::vector<std::string> derived;  // references of the derived Observations
  std::vector<std::string> outputs;  // review outcome lines (Task.output valueString)
};

// nullopt when the JSON is not a Task with an id.
std::optional<WorkItem> parse_work_item(std::string_view task_json);

// Which tasks a worklist view shows. Dates are YYYY-MM-DD and compare with authoredOn's date.
struct WorklistFilter {
  std::string status = "open";  // open (requested, received, accepted, in-progress), completed, all
  std::string reason;           // a review reason code; empty: any
  std::string priority;         // routine, urgent, asap, stat; empty: any
  std::string from, to;         // inclusive; empty: unbounded
  int page = 1;
  int page_size = 50;
};

inline constexpr int kMaxPageSize = 200;

// The query string of the worklist page -> a filter; errors name the parameter (never echo it).
Result<WorklistFilter, std::string> parse_worklist_filter(const store::QueryParams& params);
// The filter back as a query string (for paging and export links); defaults are left out.
std::string worklist_query(const WorklistFilter& filter, int page);

// The FHIR status values a filter's status stands for (empty: all).
std::vector<std::string> task_statuses(const std::string& status_filter);

// True for the statuses of a Task still waiting for review.
bool is_open_status(const std::string& status);

struct WorklistPage {
  std::vector<WorkItem> rows;  // the requested page
  std::size_t matched = 0;     // after filtering, before paging
  int page = 1;
  int pages = 1;
};

// Filters, orders (most urgent first, then oldest authoredOn, then id for a stable order) and pages.
WorklistPage select_work_items(std::vector<WorkItem> items, const WorklistFilter& filter);

}  // namespace sarcoma::service::web
