#include "mappings/table_file.hpp"

#include <fstream>
#include <sstream>

namespace sarcoma::mappings {

Result<std::string, fhir::Issues> read_table_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(fhir::Issues{fhir::Issue{
        fhir::Severity::error, "not-found", "cannot read mapping file " + path, path, {}, {}, {}}});
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace sarcoma::mappings
