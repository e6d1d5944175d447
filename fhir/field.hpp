#pragma once
// The one declaration of a type's elements that drives both codecs (JSON and XML).
//
// Each model type T has `static constexpr auto fields()` returning a std::tuple of Field
// descriptors in R4 spec element order (output order). A descriptor carries the element name,
// a pointer to the member and the minimum cardinality; the kind and maximum cardinality follow
// from the member's C++ type:
//   Prim<K>                          primitive, 0..1 (JSON value + `_name`; XML value attribute)
//   std::vector<X>                   0..* of X
//   std::optional<X>, Box<X>         complex datatype or backbone element, 0..1
//   std::variant<std::monostate,...> choice element name[x] (e.g. valueQuantity)
//   Resource / Box<Resource>         a nested resource (contained, entry.resource, ...)
//   std::string                      XML attribute / plain JSON string (Extension.url)
// Element.id, Element.extension and BackboneElement.modifierExtension are not listed: the
// codecs emit them first for every type derived from Element/BackboneElement.
#include <string_view>
#include <tuple>

namespace sarcoma::fhir {

template <class C, class M>
struct Field {
  using member_type = M;
  std::string_view name;
  M C::*member;
  bool required;  // min cardinality 1; a missing required element is a warning issue
};

template <class C, class M>
constexpr Field<C, M> field(std::string_view name, M C::*member, bool required = false) {
  return Field<C, M>{name, member, required};
}

// Calls fn(descriptor) for each field of T, in declaration order.
template <class T, class Fn>
constexpr void for_each_field(Fn&& fn) {
  std::apply([&](const auto&... d) { (fn(d), ...); }, T::fields());
}

}  // namespace sarcoma::fhir
