#include "fhir/model.hpp"

namespace sarcoma::fhir {

std::string_view resource_type_name(const Resource& r) {
  return std::visit(
      [](const auto& x) -> std::string_view {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, OtherResource>) {
          return x.resource_type;
        } else {
          return T::kTypeName;
        }
      },
      r.variant());
}

std::string_view resource_id(const Resource& r) {
  return std::visit(
      [](const auto& x) -> std::string_view {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, OtherResource>) {
          return x.id;
        } else {
          return x.id.value ? std::string_view(*x.id.value) : std::string_view();
        }
      },
      r.variant());
}

const std::vector<Resource>& contained_of(const Resource& r) {
  static const std::vector<Resource> kNone;
  return std::visit(
      [](const auto& x) -> const std::vector<Resource>& {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_base_of_v<DomainResource, T>) {
          return x.contained;
        } else {
          return kNone;
        }
      },
      r.variant());
}

}  // namespace sarcoma::fhir
