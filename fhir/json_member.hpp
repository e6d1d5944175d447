#pragma once
// Model elements written into JSON that is being built elsewhere. `derive` writes the derived
// resources straight to JSON (no typed Bundle to build, serialise and free per report) and copies
// a few elements of the input report into them (subject, specimen, effective[x]); those go through
// here so they come out exactly as `to_json` writes them (R4 order, primitive `_name` extensions).
#include <optional>
#include <string_view>
#include <variant>

#include "fhir/model.hpp"
#include "fhir/rapidjson.hpp"

namespace sarcoma::fhir {

using JsonStringWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// Each writes the member `name` (nothing for an absent optional or an empty choice); the writer
// must be inside an object.
void write_json_member(JsonStringWriter& writer, std::string_view name, const Reference& value);
void write_json_member(JsonStringWriter& writer, std::string_view name,
                       const std::optional<Reference>& value);
void write_json_member(JsonStringWriter& writer, std::string_view name,
                       const std::variant<std::monostate, DateTime, Period>& value);

}  // namespace sarcoma::fhir
