#include "fhir/outcome.hpp"

#include <string>

namespace sarcoma::fhir {
namespace {

constexpr const char* kLineExt = "http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-line";
constexpr const char* kColExt = "http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-col";

Extension int_extension(const char* url, int v) {
  Extension e;
  e.url = url;
  e.value = Integer(v);
  return e;
}

}  // namespace

OperationOutcome make_operation_outcome(const Issues& issues) {
  OperationOutcome oo;
  for (const Issue& i : issues) {
    OperationOutcomeIssue& out = oo.issue.emplace_back();
    out.severity = std::string(to_string(i.severity));
    out.code = i.code.empty() ? std::string("processing") : i.code;
    std::string diag = i.diagnostics;
    if (i.offset) diag += " [at byte " + std::to_string(*i.offset) + "]";
    if (i.line) {
      diag += " [at line " + std::to_string(*i.line);
      if (i.column) diag += ", column " + std::to_string(*i.column);
      diag += "]";
      out.extension.push_back(int_extension(kLineExt, *i.line));
      if (i.column) out.extension.push_back(int_extension(kColExt, *i.column));
    }
    if (!diag.empty()) out.diagnostics = std::move(diag);
    if (!i.expression.empty()) out.expression.emplace_back(i.expression);
  }
  if (oo.issue.empty()) {
    // OperationOutcome.issue is 1..*: say explicitly that there was nothing to report.
    OperationOutcomeIssue& out = oo.issue.emplace_back();
    out.severity = std::string("information");
    out.code = std::string("informational");
    out.diagnostics = std::string("no issues");
  }
  return oo;
}

}  // namespace sarcoma::fhir
