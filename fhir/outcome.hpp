#pragma once
// Issues -> OperationOutcome. Each issue becomes OperationOutcome.issue with severity, code,
// diagnostics and expression. Where the position is known it is appended to diagnostics
// (" [at byte N]" or " [at line L, column C]") and, for XML line/column, also carried in the core
// extensions http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-line and -issue-col.
#include "fhir/issue.hpp"
#include "fhir/model.hpp"

namespace sarcoma::fhir {

OperationOutcome make_operation_outcome(const Issues& issues);

}  // namespace sarcoma::fhir
