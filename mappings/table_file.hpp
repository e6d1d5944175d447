#pragma once
// Reading a mapping data file whole; the error names the file.
#include <string>

#include "fhir/issue.hpp"
#include "fhir/result.hpp"

namespace sarcoma::mappings {

Result<std::string, fhir::Issues> read_table_file(const std::string& path);

}  // namespace sarcoma::mappings
