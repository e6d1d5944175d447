#pragma once
// Compile-time classification of model members, shared by the JSON and XML codecs: what kind of
// element a member is, how a choice element's name maps to its alternative, and name lookup.
// Internal to the fhir library.
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "fhir/field.hpp"
#include "fhir/model.hpp"

namespace sarcoma::fhir::detail {

template <class T>
struct is_prim : std::false_type {};
template <PT K>
struct is_prim<Prim<K>> : std::true_type {};
template <class T>
inline constexpr bool is_prim_v = is_prim<T>::value;

template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};
template <class T>
inline constexpr bool is_vector_v = is_vector<T>::value;

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_optional<Box<T>> : std::true_type {};
template <class T>
inline constexpr bool is_optional_v = is_optional<T>::value;

template <class T>
struct is_choice : std::false_type {};
template <class... A>
struct is_choice<std::variant<std::monostate, A...>> : std::true_type {};
template <class T>
inline constexpr bool is_choice_v = is_choice<T>::value;

template <class T>
inline constexpr bool is_element_v = std::is_base_of_v<Element, T>;
template <class T>
inline constexpr bool is_backbone_v = std::is_base_of_v<BackboneElement, T>;
template <class T>
inline constexpr bool is_resource_type_v = std::is_base_of_v<ResourceBase, T>;

// FHIR type name of a choice alternative or complex type ("dateTime", "Quantity").
template <class T>
constexpr std::string_view type_name() {
  if constexpr (is_prim_v<T>) {
    return prim_type_name(T::kind);
  } else {
    return T::kTypeName;
  }
}

// "value" + "dateTime" -> "valueDateTime".
inline std::string choice_name(std::string_view base, std::string_view type) {
  std::string s;
  s.reserve(base.size() + type.size());
  s.append(base);
  s.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(type[0]))));
  s.append(type.substr(1));
  return s;
}

inline bool suffix_is_type(std::string_view suffix, std::string_view type) {
  return suffix.size() == type.size() && !suffix.empty() &&
         suffix[0] == static_cast<char>(std::toupper(static_cast<unsigned char>(type[0]))) &&
         suffix.substr(1) == type.substr(1);
}

template <class T>
struct Tag {
  using type = T;
};

// For a choice member type V, calls fn(Tag<Alt>) for the alternative whose type name is `suffix`.
template <class V, class Fn>
bool match_alternative(std::string_view suffix, Fn&& fn) {
  return [&]<class... A>(Tag<std::variant<std::monostate, A...>>) {
    return ((suffix_is_type(suffix, type_name<A>()) ? (fn(Tag<A>{}), true) : false) || ...);
  }(Tag<V>{});
}

// Finds the field of T named `name` (choice elements by base name + type). Calls fn(descriptor)
// for ordinary fields, fn(descriptor, Tag<Alt>) for a choice alternative. False when none matches.
template <class T, class Fn>
bool find_field(std::string_view name, Fn&& fn) {
  auto one = [&](const auto& d) -> bool {
    using M = typename std::decay_t<decltype(d)>::member_type;
    if constexpr (is_choice_v<M>) {
      if (name.size() <= d.name.size() || name.substr(0, d.name.size()) != d.name) return false;
      return match_alternative<M>(name.substr(d.name.size()), [&](auto tag) { fn(d, tag); });
    } else {
      if (name != d.name) return false;
      fn(d);
      return true;
    }
  };
  return std::apply([&](const auto&... d) { return (one(d) || ...); }, T::fields());
}

template <class T>
bool shallow_empty(const T& v);

// Whether a member holds anything (for required-element checks and output).
template <class M>
bool present(const M& m) {
  if constexpr (is_prim_v<M>) {
    return !m.empty();
  } else if constexpr (is_vector_v<M> || std::is_same_v<M, std::string>) {
    return !m.empty();
  } else if constexpr (is_optional_v<M>) {
    return m.has_value();
  } else if constexpr (is_choice_v<M>) {
    return m.index() != 0;
  } else if constexpr (std::is_same_v<M, Resource>) {
    return true;
  } else {
    return !shallow_empty(m);  // a complex value held directly (a choice alternative)
  }
}

// A complex value none of whose elements is present (nested empties are dropped as they are read,
// so one level suffices). Readers drop such values: FHIR forbids empty objects and writing one
// back would not survive a second round trip.
template <class T>
bool shallow_empty(const T& v) {
  if constexpr (is_element_v<T>) {
    if (!v.id.empty() || !v.extension.empty()) return false;
  }
  if constexpr (is_backbone_v<T>) {
    if (!v.modifierExtension.empty()) return false;
  }
  return std::apply([&](const auto&... d) { return (!present(v.*(d.member)) && ...); }, T::fields());
}

// Removes primitive array items that hold nothing (a JSON null without a matching `_name` entry,
// an XML element with neither value nor extension, or one whose content was all unknown), so that
// what is read is what gets written.
template <class T>
void drop_empty_primitive_items(T& v) {
  std::apply(
      [&](const auto&... d) {
        auto one = [&](const auto& desc) {
          auto& m = v.*(desc.member);
          using M = std::decay_t<decltype(m)>;
          if constexpr (is_vector_v<M>) {
            if constexpr (is_prim_v<typename M::value_type>) {
              std::erase_if(m, [](const auto& p) { return p.empty(); });
            }
          }
        };
        (one(d), ...);
      },
      T::fields());
}

// Element.extension and BackboneElement.modifierExtension: fn(name, member) for each that T has.
// Every complex type carries them ahead of its own fields (Element.id is an attribute-like string
// each codec handles itself).
template <class T, class Fn>
void for_each_base_extension(T& v, Fn&& fn) {
  if constexpr (is_element_v<std::remove_const_t<T>>) fn(std::string_view("extension"), v.extension);
  if constexpr (is_backbone_v<std::remove_const_t<T>>)
    fn(std::string_view("modifierExtension"), v.modifierExtension);
}

// The base extension member of v called `name`: calls fn(member) and returns true, else false.
template <class T, class Fn>
bool with_base_extension(std::string_view name, T& v, Fn&& fn) {
  bool found = false;
  for_each_base_extension(v, [&](std::string_view n, auto& member) {
    if (!found && n == name) {
      found = true;
      fn(member);
    }
  });
  return found;
}

// Calls fn(element name) for each required (min 1) element of v that is absent.
template <class T, class Fn>
void for_each_missing_required(const T& v, Fn&& fn) {
  for_each_field<T>([&](const auto& d) {
    if (d.required && !present(v.*(d.member))) fn(d.name);
  });
}

// For a choice member holding a value: fn("valueQuantity", the Quantity). Nothing when empty.
template <class V, class Fn>
void visit_choice(std::string_view base, const V& m, Fn&& fn) {
  std::visit(
      [&](const auto& alt) {
        using A = std::decay_t<decltype(alt)>;
        if constexpr (!std::is_same_v<A, std::monostate>) fn(choice_name(base, type_name<A>()), alt);
      },
      m);
}

// Index in ResourceVariant of the modelled resource named `type`; -1 when unknown.
inline int resource_index(std::string_view type) {
  int found = -1;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    ((std::variant_alternative_t<I, ResourceVariant>::kTypeName == type ? (found = static_cast<int>(I)) : 0),
     ...);
  }
  (std::make_index_sequence<std::variant_size_v<ResourceVariant> - 1>{});  // all but OtherResource
  return found;
}

// Emplaces alternative `index` (from resource_index) into r and calls fn(the new resource).
template <class Fn>
void emplace_resource(Resource& r, int index, Fn&& fn) {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    ((static_cast<int>(I) == index ? (fn(r.variant().template emplace<I>()), 0) : 0), ...);
  }
  (std::make_index_sequence<std::variant_size_v<ResourceVariant> - 1>{});
}

}  // namespace sarcoma::fhir::detail
