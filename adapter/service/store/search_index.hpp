#pragma once
// What a stored resource is found by: token rows for identifier (system|value) and status, and
// reference rows (system = target type, value = target id) for subject, focus, for and patient.
// Extracted by element name, whatever the resource type, so the store needs no per-type tables.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapter/service/store/json_value.hpp"

namespace sarcoma::service::store {

struct IndexEntry {
  std::string param;
  std::string system;
  std::string value;
  bool operator==(const IndexEntry&) const = default;
};

std::vector<IndexEntry> index_entries(const Json& resource);

struct ReferenceKey {
  std::string type;  // empty: a bare id (search values only)
  std::string id;
};

// "Patient/1", "Patient/1/_history/2", "https://host/fhir/Patient/1" -> {Patient, 1}; a bare id
// "1" -> {"", 1} when `allow_bare`. Contained ("#x"), urn: and malformed references -> nullopt.
std::optional<ReferenceKey> reference_key(std::string_view reference, bool allow_bare);

}  // namespace sarcoma::service::store
