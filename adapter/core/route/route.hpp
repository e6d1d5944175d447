#pragma once
// Review routing (issue 6): an Assessment -> the reasons an expert sarcoma pathologist should look
// at the case, its priority, and the reported-vs-computed notes. Pure. Which reasons exist, their
// precedence and their priorities are data (mappings/review_reasons.json); the triggers are the
// small rule table in route.cpp, one function per reason.
#include <string>
#include <vector>

#include "adapter/core/assessment.hpp"
#include "mappings/review_reasons.hpp"
#include "mappings/staging_tables.hpp"

namespace sarcoma::core {

struct ReviewReason {
  std::string code;
  std::string display;
};

struct Routing {
  bool review = false;                // a review Task is written (every sarcoma report)
  std::vector<ReviewReason> reasons;  // in table precedence order; the first is the main reason
  std::string priority;               // routine | urgent | asap | stat (empty when no review)
  std::vector<std::string> notes;     // reported-vs-computed disagreements, one plain line each
  std::string description;            // one line a pathologist understands
};

Routing route(const Assessment& assessment, const mappings::ReviewReasonTable& reasons,
              const mappings::StagingTables& tables);

// Every reason code whose trigger holds, in no particular order (exposed for tests).
std::vector<std::string> triggered_reasons(const Assessment& assessment, const mappings::StagingTables& tables);

}  // namespace sarcoma::core
