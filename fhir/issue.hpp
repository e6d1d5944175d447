#pragma once
// An OperationOutcome.issue in value form: what every layer reports about bad or odd input.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace sarcoma::fhir {

enum class Severity { fatal, error, warning, information };

const char* to_string(Severity s);

struct Issue {
  Severity severity = Severity::error;
  std::string code;         // FHIR issue-type code: structure, invalid, value, required, too-long, ...
  std::string diagnostics;  // human readable; never patient data
  std::string expression;   // FHIR path of the element, e.g. "Bundle.entry[2].resource.result[0]"
  std::optional<std::size_t> offset;  // JSON: byte offset into the input
  std::optional<int> line;            // XML: 1-based line
  std::optional<int> column;          // XML: 1-based column
};

using Issues = std::vector<Issue>;

inline bool has_error(const Issues& issues) {
  for (const auto& i : issues) {
    if (i.severity == Severity::error || i.severity == Severity::fatal) return true;
  }
  return false;
}

}  // namespace sarcoma::fhir
