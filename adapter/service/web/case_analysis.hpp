#pragma once
// A review case re-read for people: the report (as assembled from the store or the upstream
// server) is run through the same pure pipeline the workers ran, so the page can show every
// derived value with its components, the table rows that fired and the source of every input
// fact - the narrative line, or the coded element path. Pure: bytes and rules in, values out.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapter/core/pipeline.hpp"
#include "fhir/parse.hpp"
#include "fhir/resolve.hpp"

namespace sarcoma::service::web {

struct CaseAnalysis {
  fhir::Parsed parsed;                         // owns the resources the pointers below point into
  std::vector<fhir::ResolvedReport> resolved;  // the reports of the assembled bundle
  core::PipelineResult pipeline;
  const fhir::ResolvedReport* report = nullptr;   // the Task's focus
  const core::ReportOutcome* outcome = nullptr;   // its assessment and routing
};

// `focus` is the Task's focus reference ("DiagnosticReport/x"). Errors are one plain sentence
// without patient values.
Result<std::unique_ptr<CaseAnalysis>, std::string> analyse_case(std::string_view assembled_bundle_json,
                                                                std::string_view focus, const core::RuleSet& rules);

// One line per tumour for the worklist row.
struct TumourSummary {
  std::string label;      // "" when the report has one tumour
  std::string histology;  // rule-table label, else the text as written, else "not stated"
  std::string site;       // rule-table label + site group
  std::string grade;      // G1..G3, GX, or "not graded (histology)"
  std::string stage;      // "pT2 N0 M0, stage IIIA" / "pT2 N0 M0, no stage group"
  std::string stated;     // the report's own grade/stage where it differs from the computed; else ""
};

std::vector<TumourSummary> summarize(const core::ReportOutcome& outcome);

// The text of a narrative source's line (1-based), or nullopt.
std::optional<std::string> source_line(const CaseAnalysis& analysis, const core::Source& source);

std::string category_label(const core::StatedCategory& c);
std::string stage_text(const core::StageResult& s);

}  // namespace sarcoma::service::web
