#pragma once
// R4 complex datatypes used by the model. Field lists follow the R4 spec element order.
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include "fhir/element.hpp"
#include "fhir/field.hpp"

namespace sarcoma::fhir {

struct Reference;

struct Coding : Element {
  static constexpr std::string_view kTypeName = "Coding";
  Uri system;
  String version;
  Code code;
  String display;
  Boolean userSelected;
  static constexpr auto fields() {
    return std::make_tuple(field("system", &Coding::system), field("version", &Coding::version),
                           field("code", &Coding::code), field("display", &Coding::display),
                           field("userSelected", &Coding::userSelected));
  }
};

struct CodeableConcept : Element {
  static constexpr std::string_view kTypeName = "CodeableConcept";
  std::vector<Coding> coding;
  String text;
  static constexpr auto fields() {
    return std::make_tuple(field("coding", &CodeableConcept::coding), field("text", &CodeableConcept::text));
  }
};

struct Period : Element {
  static constexpr std::string_view kTypeName = "Period";
  DateTime start;
  DateTime end;
  static constexpr auto fields() {
    return std::make_tuple(field("start", &Period::start), field("end", &Period::end));
  }
};

struct Identifier : Element {
  static constexpr std::string_view kTypeName = "Identifier";
  Code use;
  std::optional<CodeableConcept> type;
  Uri system;
  String value;
  std::optional<Period> period;
  Box<Reference> assigner;  // boxed: Reference.identifier is an Identifier
  static constexpr auto fields() {
    return std::make_tuple(field("use", &Identifier::use), field("type", &Identifier::type),
                           field("system", &Identifier::system), field("value", &Identifier::value),
                           field("period", &Identifier::period), field("assigner", &Identifier::assigner));
  }
};

struct Reference : Element {
  static constexpr std::string_view kTypeName = "Reference";
  String reference;
  Uri type;
  std::optional<Identifier> identifier;
  String display;
  static constexpr auto fields() {
    return std::make_tuple(field("reference", &Reference::reference), field("type", &Reference::type),
                           field("identifier", &Reference::identifier),
                           field("display", &Reference::display));
  }
};

struct Quantity : Element {
  static constexpr std::string_view kTypeName = "Quantity";
  DecimalType value;  // Decimal: keeps the original text, compares exactly
  Code comparator;
  String unit;
  Uri system;
  Code code;
  static constexpr auto fields() {
    return std::make_tuple(field("value", &Quantity::value), field("comparator", &Quantity::comparator),
                           field("unit", &Quantity::unit), field("system", &Quantity::system),
                           field("code", &Quantity::code));
  }
};

struct Range : Element {
  static constexpr std::string_view kTypeName = "Range";
  std::optional<Quantity> low;
  std::optional<Quantity> high;
  static constexpr auto fields() {
    return std::make_tuple(field("low", &Range::low), field("high", &Range::high));
  }
};

struct Ratio : Element {
  static constexpr std::string_view kTypeName = "Ratio";
  std::optional<Quantity> numerator;
  std::optional<Quantity> denominator;
  static constexpr auto fields() {
    return std::make_tuple(field("numerator", &Ratio::numerator), field("denominator", &Ratio::denominator));
  }
};

struct Attachment : Element {
  static constexpr std::string_view kTypeName = "Attachment";
  Code contentType;
  Code language;
  Base64Binary data;  // validated on input; decode with base64_decode()
  Url url;
  UnsignedInt size;
  Base64Binary hash;
  String title;
  DateTime creation;
  static constexpr auto fields() {
    return std::make_tuple(field("contentType", &Attachment::contentType),
                           field("language", &Attachment::language), field("data", &Attachment::data),
                           field("url", &Attachment::url), field("size", &Attachment::size),
                           field("hash", &Attachment::hash), field("title", &Attachment::title),
                           field("creation", &Attachment::creation));
  }
};

struct Annotation : Element {
  static constexpr std::string_view kTypeName = "Annotation";
  std::variant<std::monostate, Reference, String> author;  // author[x]
  DateTime time;
  Markdown text;
  static constexpr auto fields() {
    return std::make_tuple(field("author", &Annotation::author), field("time", &Annotation::time),
                           field("text", &Annotation::text, true));
  }
};

struct Meta : Element {
  static constexpr std::string_view kTypeName = "Meta";
  Id versionId;
  Instant lastUpdated;
  Uri source;
  std::vector<Canonical> profile;
  std::vector<Coding> security;
  std::vector<Coding> tag;
  static constexpr auto fields() {
    return std::make_tuple(field("versionId", &Meta::versionId), field("lastUpdated", &Meta::lastUpdated),
                           field("source", &Meta::source), field("profile", &Meta::profile),
                           field("security", &Meta::security), field("tag", &Meta::tag));
  }
};

struct Narrative : Element {
  static constexpr std::string_view kTypeName = "Narrative";
  Code status;
  Xhtml div;  // the whole <div xmlns="http://www.w3.org/1999/xhtml">...</div>, verbatim
  static constexpr auto fields() {
    return std::make_tuple(field("status", &Narrative::status, true), field("div", &Narrative::div, true));
  }
};

struct HumanName : Element {
  static constexpr std::string_view kTypeName = "HumanName";
  Code use;
  String text;
  String family;
  std::vector<String> given;
  std::vector<String> prefix;
  std::vector<String> suffix;
  std::optional<Period> period;
  static constexpr auto fields() {
    return std::make_tuple(field("use", &HumanName::use), field("text", &HumanName::text),
                           field("family", &HumanName::family), field("given", &HumanName::given),
                           field("prefix", &HumanName::prefix), field("suffix", &HumanName::suffix),
                           field("period", &HumanName::period));
  }
};

// value[x] of Extension, Task.input/output and Parameters.parameter: the common open types.
using OpenValue = std::variant<std::monostate, Base64Binary, Boolean, Canonical, Code, Date, DateTime,
                               DecimalType, Id, Instant, Integer, Markdown, Oid, PositiveInt, String, Time,
                               UnsignedInt, Uri, Url, Uuid, Annotation, Attachment, CodeableConcept, Coding,
                               HumanName, Identifier, Period, Quantity, Range, Ratio, Reference, Meta>;

struct Extension : Element {
  static constexpr std::string_view kTypeName = "Extension";
  std::string url;  // an XML attribute / plain JSON string, never a primitive element
  OpenValue value;
  static constexpr auto fields() {
    return std::make_tuple(field("url", &Extension::url, true), field("value", &Extension::value));
  }
};

}  // namespace sarcoma::fhir
