#pragma once
// Standard codings of what the adapter derives (mappings/value_codes.json): the Observation codes
// (LOINC, NCIt), the method codes (FNCLCC, AJCC 8th edition) and, per derived kind, the codings of
// each value label (G2, T2, N0, M0, IIIA ...). A label without codings is written as text only:
// an unconfirmed code is never invented.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "fhir/issue.hpp"
#include "fhir/result.hpp"

namespace sarcoma::mappings {

struct StandardCoding {
  std::string system;
  std::string code;
  std::string display;
  // The Coding as FHIR JSON text, rendered once when the table is loaded (coding_json below):
  // derive appends it as it is instead of writing the same three strings for every report. Empty
  // for a coding built elsewhere; derive then writes the members.
  std::string json{};
};

// {"system":...,"code":...[,"display":...]}: a Coding as fhir::to_json writes it (display only when
// there is one), escaped as RapidJSON escapes.
std::string coding_json(std::string_view system, std::string_view code, std::string_view display);

struct ValueCodes {
  std::string version;
  std::map<std::string, std::vector<StandardCoding>, std::less<>> observation_codes;  // kind -> codes
  std::map<std::string, std::vector<StandardCoding>, std::less<>> methods;            // fnclcc | ajcc8
  // kind (grade | t | n | m | stage_group) -> label -> codings
  std::map<std::string, std::map<std::string, std::vector<StandardCoding>, std::less<>>, std::less<>> values;

  const std::vector<StandardCoding>& observation_code(std::string_view kind) const;
  const std::vector<StandardCoding>& method(std::string_view name) const;
  const std::vector<StandardCoding>& value(std::string_view kind, std::string_view label) const;
};

Result<ValueCodes, fhir::Issues> parse_value_codes(std::string_view json, const std::string& file_name);
Result<ValueCodes, fhir::Issues> load_value_codes(const std::string& path);

}  // namespace sarcoma::mappings
