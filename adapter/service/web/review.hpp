#pragma once
// A pathologist's review of one case -> the transaction that records it. Pure: the current Task
// and derived Observations (as the server holds them), the decision, the reviewer and the time in;
// one transaction Bundle out, written through the same conditional-update path as the derived
// results (deterministic identifiers), so a double submission writes nothing twice:
//   - the Task becomes `completed`, with the reviewer as owner, the decision and any amended values
//     as Task.output and the comment as a note;
//   - each derived Observation becomes `final`, or `amended` with the reviewer's value where the
//     reviewer changed the grade or the stage group (the computed value kept in a note);
//   - a Provenance (id derived from the Task and the version reviewed) names the reviewer.
#include <string>
#include <string_view>
#include <vector>

#include "adapter/core/rule_set.hpp"
#include "adapter/service/store/url.hpp"
#include "fhir/result.hpp"

namespace sarcoma::service::web {

// What the reviewer changes for one tumour; empty fields are left as computed.
struct TumourAmendment {
  std::string histology;  // a histology entry id of mappings/histology.json
  std::string grade;      // G1, G2, G3, GX
  std::string stage;      // IA, IB, II, IIIA, IIIB, IV
};

struct ReviewDecision {
  bool amend = false;  // false: confirm as computed
  std::vector<TumourAmendment> tumours;  // one per tumour of the case, in assessment order
  std::string comment;
};

struct FieldError {
  std::string field;    // the form field ("decision", "grade-0", "comment")
  std::string message;  // shown beside the field; never echoes the value
};

// What the form may say about a case with these tumours (their computed grade and stage group,
// to tell a real amendment from a repeat of the computed value).
struct ComputedTumour {
  std::string label;  // TumourAssessment::label
  std::string grade;  // "" when not graded
  std::string stage;  // "" when no group
  std::string prefix;  // "y" or "r" when the stage carries one (written before the amended group too)
};

// Form fields: decision=confirm|amend, comment, and per tumour i: histology-i, grade-i, stage-i.
Result<ReviewDecision, std::vector<FieldError>> parse_review_form(const store::QueryParams& form,
                                                                  const std::vector<ComputedTumour>& tumours,
                                                                  const core::RuleSet& rules);

struct Reviewer;

struct ReviewContext {
  std::string task_json;                      // the Task as read (must be open)
  std::vector<std::string> observation_json;  // the derived Observations it lists, as read
  std::string report_identity;                // core::report_identity of its report
  std::string report_reference;               // "DiagnosticReport/x"
  std::vector<ComputedTumour> tumours;
  std::string reviewer_username;
  std::string reviewer_display;
  std::string now;  // FHIR instant
  std::string adapter_version;
};

// The transaction Bundle (JSON). Errors: the Task is not a reviewable Task.
Result<std::string, std::string> review_transaction(const ReviewContext& context, const ReviewDecision& decision,
                                                   const core::RuleSet& rules);

// The stage groups a reviewer may choose (AJCC 8 soft tissue).
const std::vector<std::string>& stage_group_choices();
const std::vector<std::string>& grade_choices();

}  // namespace sarcoma::service::web
