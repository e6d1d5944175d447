#pragma once
// Reading the few fields the service needs from server JSON (RapidJSON DOM) without asserting on
// unexpected shapes: a member that is missing or not a string reads as "".
#include <string>

#include "adapter/core/derive/derive.hpp"
#include "fhir/rapidjson.hpp"

namespace sarcoma::service {

inline std::string string_field(const rapidjson::Value& v, const char* key) {
  if (!v.IsObject()) return {};
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsString() ? std::string(it->value.GetString(), it->value.GetStringLength())
                                                      : std::string();
}

// The value of a resource's identifier in the adapter's derived-id system ("" when it has none).
inline std::string derived_identifier(const rapidjson::Value& resource) {
  if (!resource.IsObject()) return {};
  auto ids = resource.FindMember("identifier");
  if (ids == resource.MemberEnd() || !ids->value.IsArray()) return {};
  for (const auto& id : ids->value.GetArray()) {
    if (string_field(id, "system") == core::kDerivedIdentifierSystem) return string_field(id, "value");
  }
  return {};
}

}  // namespace sarcoma::service
