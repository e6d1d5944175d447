#pragma once
// Extraction (issue 5): a parsed FHIR pathology report -> ReportFacts (adapter/core/facts.hpp).
// Pure: no I/O, no clock, no globals; never throws on any input.
//
// Coded input: the Observations the report reaches (value[x], components, bodySite, note) and
// DiagnosticReport.conclusionCode, read through mappings/elements.json (element codes -> fact kind)
// and the Rules (histology / site codes). Narrative input: presentedForm (text/plain, text/html;
// base64), conclusion, Observation.valueString and note, read by the narrative scanner
// (adapter/core/extract/narrative.hpp). Every fact cites its source; coded/narrative disagreements
// become Conflicts; non-sarcoma and bone-sarcoma reports get their scope and no staging facts.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapter/core/extract/narrative.hpp"
#include "adapter/core/facts.hpp"
#include "fhir/issue.hpp"
#include "fhir/model.hpp"
#include "fhir/resolve.hpp"
#include "fhir/result.hpp"
#include "mappings/element_codes.hpp"
#include "mappings/rules.hpp"

namespace sarcoma::core {

struct ExtractOptions {
  // The element-code table (mappings/elements.json, loaded once at start). Without it no
  // Observation code is understood: each is reported as an informational issue.
  const mappings::ElementCodes* elements = nullptr;
  bool coded = true;      // read Observations and conclusionCode
  bool narrative = true;  // read presentedForm and conclusion
};

// A presentedForm as the narrative scanner reads it: base64 decoded, HTML flattened to lines.
struct DecodedForm {
  enum class Status { text, empty, by_url, unsupported_type, bad_base64 };
  Status status = Status::empty;
  std::string content_type;  // media type, lower case, parameters dropped
  std::string text;          // Status::text only
};
DecodedForm decode_presented_form(const fhir::Attachment& attachment);

// The exact text a narrative fact's Source.line/begin/end point into, for the report-level
// narrative paths ("DiagnosticReport.conclusion", "DiagnosticReport.presentedForm[i].data");
// nullopt for any other path. Lets a reviewer see the sentence a value was read from.
std::optional<std::string> narrative_text(const fhir::ResolvedReport& report, std::string_view path);

ReportFacts extract(const fhir::ResolvedReport& report, const mappings::Rules& rules,
                    const ExtractOptions& options = {});

// Resolves every DiagnosticReport in `root` (a Bundle or a DiagnosticReport) and extracts each.
// Fails only when there is no DiagnosticReport (the resolver's issue).
Result<std::vector<ReportFacts>, fhir::Issues> extract_all(const fhir::Resource& root,
                                                           const mappings::Rules& rules,
                                                           const ExtractOptions& options = {});

// A prepared extractor for the hot path: holds the tables so callers pass only the report.
class Extractor {
 public:
  Extractor(const mappings::Rules& rules, const mappings::ElementCodes& elements) : rules_(rules) {
    options_.elements = &elements;
  }
  ReportFacts operator()(const fhir::ResolvedReport& report) const {
    return extract(report, rules_, options_);
  }
  NarrativeFacts narrative(std::string_view text) const { return scan_narrative(text, rules_); }

 private:
  const mappings::Rules& rules_;
  ExtractOptions options_;
};

}  // namespace sarcoma::core
