#pragma once
// Gathers facts from every source of one report into per-specimen buckets, then settles them into
// ReportFacts: specimens without a tumour of their own (a lymph-node part) lend their spread facts
// to the tumours, the scope is decided from the histologies, and coded/narrative disagreements are
// recorded as conflicts. Internal to extraction.
#include <deque>
#include <string>
#include <vector>

#include "adapter/core/extract/narrative.hpp"
#include "adapter/core/facts.hpp"
#include "mappings/rules.hpp"

namespace sarcoma::core::extraction {

class Collector {
 public:
  TumourFacts& tumour(const std::string& label);
  Circumstances& circumstances() { return circumstances_; }
  fhir::Issues& issues() { return issues_; }

  // Adds narrative facts found in one text, citing `resource` and `path`; facts before any heading
  // go to `default_label`.
  void add(NarrativeFacts&& facts, const std::string& resource, const std::string& path,
           const std::string& default_label = "");

  ReportFacts finish(std::string report_reference, const mappings::Rules& rules) &&;

 private:
  std::deque<TumourFacts> buckets_;  // a deque: references stay valid as buckets are added
  Circumstances circumstances_;
  fhir::Issues issues_;
};

// Appends every fact of `from` to `to` (same tumour).
void append(TumourFacts& to, TumourFacts&& from);
// Copies the facts that describe spread and stated categories (nodes, metastasis, T/N/M, stage).
void append_spread(TumourFacts& to, const TumourFacts& from);
// The conflicts between coded and narrative values, per element.
void find_conflicts(const ReportFacts& facts, std::vector<Conflict>& out);

}  // namespace sarcoma::core::extraction
