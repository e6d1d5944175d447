#pragma once
// What may name a stored resource: the FHIR R4 (4.0.1) resource type names and the id syntax.
// Checked before anything reaches SQL, a path, a log or a Location header.
#include <span>
#include <string_view>

namespace sarcoma::service::store {

// One of the 146 concrete R4 resource types (not Resource/DomainResource).
bool is_resource_type(std::string_view name);
std::span<const std::string_view> resource_types();  // sorted

// FHIR id: [A-Za-z0-9\-\.]{1,64}
bool is_valid_id(std::string_view id);

}  // namespace sarcoma::service::store
