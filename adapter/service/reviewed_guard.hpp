#pragma once
// Re-assessing a report (a poll, a resubmission, a restart's reconciliation) must not undo a
// pathologist's review: a completed review Task would go back to `requested` and amended
// Observations back to `preliminary`. Before a derived transaction is written, each review Task in
// it is looked up on the server:
//   - not there, or still open: written as derived;
//   - reviewed (any status past the open ones) and the new assessment says the same (same summary,
//     same reasons): that report's Task, Observations and Provenance are dropped from the write;
//   - reviewed but the assessment changed (the report was amended): written, so the case goes
//     back to the worklist; the earlier review stays in the resource history and its Provenance.
#include <string>

#include "adapter/service/queue/worker.hpp"
#include "adapter/service/report_processor.hpp"

namespace sarcoma::service {

struct GuardedTransaction {
  std::string json;       // the transaction to write (entries of kept reviews removed)
  int entries = 0;        // entries left
  int kept_reviews = 0;   // reports left as reviewed
  int reopened = 0;       // reviewed reports whose assessment changed
};

Result<GuardedTransaction, ProcessOutcome> guard_reviewed_cases(const std::string& transaction_json,
                                                               const ResourceSearcher& search);

}  // namespace sarcoma::service
