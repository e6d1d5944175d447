#pragma once
// Building blocks of the typed model: FHIR primitives (value + element id + extensions),
// Element/BackboneElement bases and Box, a deep-copying pointer for recursive members.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "fhir/decimal.hpp"

namespace sarcoma::fhir {

struct Extension;

// The R4 primitive types the model uses. The enumerator spelling is the FHIR type name.
enum class PT : std::uint8_t {
  boolean,
  integer,
  unsignedInt,
  positiveInt,
  decimal,
  base64Binary,
  canonical,
  code,
  date,
  dateTime,
  id,
  instant,
  markdown,
  oid,
  string,
  time,
  uri,
  url,
  uuid,
  xhtml,  // Narrative.div only: the XHTML kept verbatim as text
};

template <PT K>
struct PrimTraits {
  using type = std::string;
};
template <>
struct PrimTraits<PT::boolean> {
  using type = bool;
};
template <>
struct PrimTraits<PT::integer> {
  using type = std::int32_t;
};
template <>
struct PrimTraits<PT::unsignedInt> {
  using type = std::int32_t;  // 0..2^31-1 per R4
};
template <>
struct PrimTraits<PT::positiveInt> {
  using type = std::int32_t;  // 1..2^31-1 per R4
};
template <>
struct PrimTraits<PT::decimal> {
  using type = Decimal;
};

// A FHIR primitive: an optional value plus the element id and extensions it may carry
// (JSON `_name`, XML attributes/children). All three may be absent independently.
template <PT K>
struct Prim {
  using value_type = typename PrimTraits<K>::type;
  static constexpr PT kind = K;

  std::optional<value_type> value;
  std::string id;
  std::vector<Extension> extension;

  Prim() = default;
  template <class U>
  requires(std::is_constructible_v<value_type, U&&> && !std::is_same_v<std::decay_t<U>, Prim>) Prim(U&& v)
      : value(std::in_place, std::forward<U>(v)) {}  // NOLINT: implicit by design

  bool has_value() const { return value.has_value(); }
  const value_type& operator*() const { return *value; }
  value_type& operator*() { return *value; }
  const value_type* operator->() const { return &*value; }
  value_type value_or(value_type fallback) const { return value ? *value : std::move(fallback); }
  bool empty() const { return !value && id.empty() && extension.empty(); }
};

using Boolean = Prim<PT::boolean>;
using Integer = Prim<PT::integer>;
using UnsignedInt = Prim<PT::unsignedInt>;
using PositiveInt = Prim<PT::positiveInt>;
using DecimalType = Prim<PT::decimal>;
using Base64Binary = Prim<PT::base64Binary>;
using Canonical = Prim<PT::canonical>;
using Code = Prim<PT::code>;
using Date = Prim<PT::date>;
using DateTime = Prim<PT::dateTime>;
using Id = Prim<PT::id>;
using Instant = Prim<PT::instant>;
using Markdown = Prim<PT::markdown>;
using Oid = Prim<PT::oid>;
using String = Prim<PT::string>;
using Time = Prim<PT::time>;
using Uri = Prim<PT::uri>;
using Url = Prim<PT::url>;
using Uuid = Prim<PT::uuid>;
using Xhtml = Prim<PT::xhtml>;

// FHIR type name as used in choice element names ("valueDateTime") and in diagnostics.
constexpr std::string_view prim_type_name(PT k) {
  switch (k) {
    case PT::boolean: return "boolean";
    case PT::integer: return "integer";
    case PT::unsignedInt: return "unsignedInt";
    case PT::positiveInt: return "positiveInt";
    case PT::decimal: return "decimal";
    case PT::base64Binary: return "base64Binary";
    case PT::canonical: return "canonical";
    case PT::code: return "code";
    case PT::date: return "date";
    case PT::dateTime: return "dateTime";
    case PT::id: return "id";
    case PT::instant: return "instant";
    case PT::markdown: return "markdown";
    case PT::oid: return "oid";
    case PT::string: return "string";
    case PT::time: return "time";
    case PT::uri: return "uri";
    case PT::url: return "url";
    case PT::uuid: return "uuid";
    case PT::xhtml: return "xhtml";
  }
  return "string";
}

// Base of every complex datatype: Element.id and Element.extension. The codecs handle these two
// (and BackboneElement.modifierExtension) for every type, so field lists never repeat them.
struct Element {
  std::string id;
  std::vector<Extension> extension;
};
struct BackboneElement : Element {
  std::vector<Extension> modifierExtension;
};

// Nullable owning pointer with value semantics (deep copy). Breaks type cycles such as
// Identifier.assigner -> Reference -> Reference.identifier -> Identifier, and holds nested resources.
template <class T>
class Box {
 public:
  Box() = default;
  Box(T v) : p_(std::make_unique<T>(std::move(v))) {}  // NOLINT: implicit by design
  Box(const Box& o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr) {}
  Box(Box&&) noexcept = default;
  Box& operator=(const Box& o) {
    if (this != &o) p_ = o.p_ ? std::make_unique<T>(*o.p_) : nullptr;
    return *this;
  }
  Box& operator=(Box&&) noexcept = default;
  ~Box() = default;

  bool has_value() const { return p_ != nullptr; }
  explicit operator bool() const { return p_ != nullptr; }
  T& operator*() { return *p_; }
  const T& operator*() const { return *p_; }
  T* operator->() { return p_.get(); }
  const T* operator->() const { return p_.get(); }
  T* get() { return p_.get(); }
  const T* get() const { return p_.get(); }
  template <class... A>
  T& emplace(A&&... a) {
    p_ = std::make_unique<T>(std::forward<A>(a)...);
    return *p_;
  }
  void reset() { p_.reset(); }

 private:
  std::unique_ptr<T> p_;
};

}  // namespace sarcoma::fhir
