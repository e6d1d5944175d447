#include "fhir/issue.hpp"

namespace sarcoma::fhir {

const char* to_string(Severity s) {
  switch (s) {
    case Severity::fatal: return "fatal";
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::information: return "information";
  }
  return "error";
}

}  // namespace sarcoma::fhir
