#pragma once
// Narrative extraction without FHIR: plain text in, facts with line/span provenance out. Used for
// presentedForm, conclusion, Observation.valueString and note, and directly by tests and fuzzing.
// One pass over the text with a hand-written scanner (no regular expressions); linear in the text
// length whatever the input, never throws.
#include <string_view>
#include <vector>

#include "adapter/core/facts.hpp"
#include "mappings/rules.hpp"

namespace sarcoma::core {

struct NarrativeFacts {
  // One entry per specimen/tumour heading met ("Specimen A:", "A.", "Part 2:", "Tumor 1:"), in order
  // of first mention; label "" holds what precedes any heading (or follows a section header such
  // as "SYNOPTIC REPORT"). Sources carry line/begin/end/text; resource and path are left empty.
  std::vector<TumourFacts> tumours;
  Circumstances circumstances;
};

// Which fact a text is known to hold (a coded Observation whose value is a string). `any` scans
// for everything.
enum class NarrativeHint {
  any,
  histology,
  site,
  size,
  mitoses,
  necrosis,
  grade,
  differentiation_score,
  mitotic_score,
  necrosis_score,
  nodes,
  nodes_involved,
  distant,
  tnm,
  stage,
  treatment_history,
  multifocal,
};

NarrativeFacts scan_narrative(std::string_view text, const mappings::Rules& rules,
                              NarrativeHint hint = NarrativeHint::any);

}  // namespace sarcoma::core
