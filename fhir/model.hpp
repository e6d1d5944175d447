#pragma once
// The typed FHIR R4 model (namespace sarcoma::fhir): the resources the adapter reads and writes,
// and `Resource`, the variant that holds any one of them. Each type's static fields() is the single
// declaration both codecs walk (see fhir/field.hpp). Elements the model does not declare are
// reported as issues on input and are not kept (except inside OtherResource).
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include "fhir/datatypes.hpp"
#include "fhir/element.hpp"
#include "fhir/field.hpp"

namespace sarcoma::fhir {

struct Resource;

// Resource: id, meta, implicitRules, language (Parameters and Bundle derive from this directly).
// The resource types' default constructors are user-provided (declared here, defaulted out of line
// after Resource): value-initialisation (`T()`, std::variant::emplace, vector::emplace_back) of a class whose
// default constructor is not user-provided zero-fills the whole object before constructing its
// members, and these objects are large (an Observation is 8 KB, a Resource 12 KB: every element
// carries its id and extensions). Every member initialises itself (strings, optionals, vectors),
// so the zero-fill bought nothing; it was most of the cost of reading contained resources.
struct ResourceBase {
  Id id;
  std::optional<Meta> meta;
  Uri implicitRules;
  Code language;
  static constexpr auto base_fields() {
    return std::make_tuple(field("id", &ResourceBase::id), field("meta", &ResourceBase::meta),
                           field("implicitRules", &ResourceBase::implicitRules),
                           field("language", &ResourceBase::language));
  }
};

// DomainResource: + text, contained, extension, modifierExtension.
struct DomainResource : ResourceBase {
  std::optional<Narrative> text;
  std::vector<Resource> contained;
  std::vector<Extension> extension;
  std::vector<Extension> modifierExtension;
  static constexpr auto base_fields() {
    return std::tuple_cat(
        ResourceBase::base_fields(),
        std::make_tuple(field("text", &DomainResource::text), field("contained", &DomainResource::contained),
                        field("extension", &DomainResource::extension),
                        field("modifierExtension", &DomainResource::modifierExtension)));
  }
};

// ---------------------------------------------------------------------------------------------
// DiagnosticReport
struct DiagnosticReportMedia : BackboneElement {
  static constexpr std::string_view kTypeName = "DiagnosticReport.media";
  String comment;
  std::optional<Reference> link;
  static constexpr auto fields() {
    return std::make_tuple(field("comment", &DiagnosticReportMedia::comment),
                           field("link", &DiagnosticReportMedia::link, true));
  }
};

struct DiagnosticReport : DomainResource {
  static constexpr std::string_view kTypeName = "DiagnosticReport";
  DiagnosticReport();  // defaulted after Resource, out of line: see ResourceBase
  std::vector<Identifier> identifier;
  std::vector<Reference> basedOn;
  Code status;
  std::vector<CodeableConcept> category;
  std::optional<CodeableConcept> code;
  std::optional<Reference> subject;
  std::optional<Reference> encounter;
  std::variant<std::monostate, DateTime, Period> effective;
  Instant issued;
  std::vector<Reference> performer;
  std::vector<Reference> resultsInterpreter;
  std::vector<Reference> specimen;
  std::vector<Reference> result;
  std::vector<Reference> imagingStudy;
  std::vector<DiagnosticReportMedia> media;
  String conclusion;
  std::vector<CodeableConcept> conclusionCode;
  std::vector<Attachment> presentedForm;
  static constexpr auto fields() {
    using T = DiagnosticReport;
    return std::tuple_cat(
        base_fields(),
        std::make_tuple(
            field("identifier", &T::identifier), field("basedOn", &T::basedOn),
            field("status", &T::status, true), field("category", &T::category), field("code", &T::code, true),
            field("subject", &T::subject), field("encounter", &T::encounter),
            field("effective", &T::effective), field("issued", &T::issued), field("performer", &T::performer),
            field("resultsInterpreter", &T::resultsInterpreter), field("specimen", &T::specimen),
            field("result", &T::result), field("imagingStudy", &T::imagingStudy), field("media", &T::media),
            field("conclusion", &T::conclusion), field("conclusionCode", &T::conclusionCode),
            field("presentedForm", &T::presentedForm)));
  }
};

// ---------------------------------------------------------------------------------------------
// Observation
struct ObservationReferenceRange : BackboneElement {
  static constexpr std::string_view kTypeName = "Observation.referenceRange";
  std::optional<Quantity> low;
  std::optional<Quantity> high;
  std::optional<CodeableConcept> type;
  std::vector<CodeableConcept> appliesTo;
  std::optional<Range> age;
  String text;
  static constexpr auto fields() {
    using T = ObservationReferenceRange;
    return std::make_tuple(field("low", &T::low), field("high", &T::high), field("type", &T::type),
                           field("appliesTo", &T::appliesTo), field("age", &T::age), field("text", &T::text));
  }
};

// Observation.value[x] and Observation.component.value[x] (SampledData is not modelled).
using ObservationValue = std::variant<std::monostate, Quantity, CodeableConcept, String, Boolean, Integer,
                                      Range, Ratio, Time, DateTime, Period>;

struct ObservationComponent : BackboneElement {
  static constexpr std::string_view kTypeName = "Observation.component";
  std::optional<CodeableConcept> code;
  ObservationValue value;
  std::optional<CodeableConcept> dataAbsentReason;
  std::vector<CodeableConcept> interpretation;
  std::vector<ObservationReferenceRange> referenceRange;
  static constexpr auto fields() {
    using T = ObservationComponent;
    return std::make_tuple(field("code", &T::code, true), field("value", &T::value),
                           field("dataAbsentReason", &T::dataAbsentReason),
                           field("interpretation", &T::interpretation),
                           field("referenceRange", &T::referenceRange));
  }
};

struct Observation : DomainResource {
  static constexpr std::string_view kTypeName = "Observation";
  Observation();  // defaulted after Resource, out of line: see ResourceBase
  std::vector<Identifier> identifier;
  std::vector<Reference> basedOn;
  std::vector<Reference> partOf;
  Code status;
  std::vector<CodeableConcept> category;
  std::optional<CodeableConcept> code;
  std::optional<Reference> subject;
  std::vector<Reference> focus;
  std::optional<Reference> encounter;
  std::variant<std::monostate, DateTime, Period, Instant> effective;
  Instant issued;
  std::vector<Reference> performer;
  ObservationValue value;
  std::optional<CodeableConcept> dataAbsentReason;
  std::vector<CodeableConcept> interpretation;
  std::vector<Annotation> note;
  std::optional<CodeableConcept> bodySite;
  std::optional<CodeableConcept> method;
  std::optional<Reference> specimen;
  std::optional<Reference> device;
  std::vector<ObservationReferenceRange> referenceRange;
  std::vector<Reference> hasMember;
  std::vector<Reference> derivedFrom;
  std::vector<ObservationComponent> component;
  static constexpr auto fields() {
    using T = Observation;
    return std::tuple_cat(
        base_fields(),
        std::make_tuple(
            field("identifier", &T::identifier), field("basedOn", &T::basedOn), field("partOf", &T::partOf),
            field("status", &T::status, true), field("category", &T::category), field("code", &T::code, true),
            field("subject", &T::subject), field("focus", &T::focus), field("encounter", &T::encounter),
            field("effective", &T::effective), field("issued", &T::issued), field("performer", &T::performer),
            field("value", &T::value), field("dataAbsentReason", &T::dataAbsentReason),
            field("interpretation", &T::interpretation), field("note", &T::note),
            field("bodySite", &T::bodySite), field("method", &T::method), field("specimen", &T::specimen),
            field("device", &T::device), field("referenceRange", &T::referenceRange),
            field("hasMember", &T::hasMember), field("derivedFrom", &T::derivedFrom),
            field("component", &T::component)));
  }
};

// ---------------------------------------------------------------------------------------------
// Bundle
struct BundleLink : BackboneElement {
  static constexpr std::string_view kTypeName = "Bundle.link";
  String relation;
  Uri url;
  static constexpr auto fields() {
    return std::make_tuple(field("relation", &BundleLink::relation, true),
                           field("url", &BundleLink::url, true));
  }
};

struct BundleEntrySearch : BackboneElement {
  static constexpr std::string_view kTypeName = "Bundle.entry.search";
  Code mode;
  DecimalType score;
  static constexpr auto fields() {
    return std::make_tuple(field("mode", &BundleEntrySearch::mode),
                           field("score", &BundleEntrySearch::score));
  }
};

struct BundleEntryRequest : BackboneElement {
  static constexpr std::string_view kTypeName = "Bundle.entry.request";
  Code method;
  Uri url;
  String ifNoneMatch;
  Instant ifModifiedSince;
  String ifMatch;
  String ifNoneExist;
  static constexpr auto fields() {
    using T = BundleEntryRequest;
    return std::make_tuple(field("method", &T::method, true), field("url", &T::url, true),
                           field("ifNoneMatch", &T::ifNoneMatch),
                           field("ifModifiedSince", &T::ifModifiedSince), field("ifMatch", &T::ifMatch),
                           field("ifNoneExist", &T::ifNoneExist));
  }
};

struct BundleEntryResponse : BackboneElement {
  static constexpr std::string_view kTypeName = "Bundle.entry.response";
  String status;
  Uri location;
  String etag;
  Instant lastModified;
  Box<Resource> outcome;  // an OperationOutcome
  static constexpr auto fields() {
    using T = BundleEntryResponse;
    return std::make_tuple(field("status", &T::status, true), field("location", &T::location),
                           field("etag", &T::etag), field("lastModified", &T::lastModified),
                           field("outcome", &T::outcome));
  }
};

struct BundleEntry : BackboneElement {
  static constexpr std::string_view kTypeName = "Bundle.entry";
  std::vector<BundleLink> link;
  Uri fullUrl;
  Box<Resource> resource;
  std::optional<BundleEntrySearch> search;
  std::optional<BundleEntryRequest> request;
  std::optional<BundleEntryResponse> response;
  static constexpr auto fields() {
    using T = BundleEntry;
    return std::make_tuple(field("link", &T::link), field("fullUrl", &T::fullUrl),
                           field("resource", &T::resource), field("search", &T::search),
                           field("request", &T::request), field("response", &T::response));
  }
};

struct Bundle : ResourceBase {
  static constexpr std::string_view kTypeName = "Bundle";
  Bundle();  // defaulted after Resource, out of line: see ResourceBase
  std::optional<Identifier> identifier;
  Code type;
  Instant timestamp;
  UnsignedInt total;
  std::vector<BundleLink> link;
  std::vector<BundleEntry> entry;
  static constexpr auto fields() {
    using T = Bundle;
    return std::tuple_cat(base_fields(),
                          std::make_tuple(field("identifier", &T::identifier), field("type", &T::type, true),
                                          field("timestamp", &T::timestamp), field("total", &T::total),
                                          field("link", &T::link), field("entry", &T::entry)));
  }
};

// ---------------------------------------------------------------------------------------------
// Task
struct TaskRestriction : BackboneElement {
  static constexpr std::string_view kTypeName = "Task.restriction";
  PositiveInt repetitions;
  std::optional<Period> period;
  std::vector<Reference> recipient;
  static constexpr auto fields() {
    using T = TaskRestriction;
    return std::make_tuple(field("repetitions", &T::repetitions), field("period", &T::period),
                           field("recipient", &T::recipient));
  }
};

// Task.input and Task.output share a shape: type + value[x].
struct TaskParameter : BackboneElement {
  static constexpr std::string_view kTypeName = "Task.input";
  std::optional<CodeableConcept> type;
  OpenValue value;
  static constexpr auto fields() {
    return std::make_tuple(field("type", &TaskParameter::type, true),
                           field("value", &TaskParameter::value, true));
  }
};

struct Task : DomainResource {
  static constexpr std::string_view kTypeName = "Task";
  Task();  // defaulted after Resource, out of line: see ResourceBase
  std::vector<Identifier> identifier;
  Canonical instantiatesCanonical;
  Uri instantiatesUri;
  std::vector<Reference> basedOn;
  std::optional<Identifier> groupIdentifier;
  std::vector<Reference> partOf;
  Code status;
  std::optional<CodeableConcept> statusReason;
  std::optional<CodeableConcept> businessStatus;
  Code intent;
  Code priority;
  std::optional<CodeableConcept> code;
  String description;
  std::optional<Reference> focus;
  std::optional<Reference> for_;  // `for` in FHIR
  std::optional<Reference> encounter;
  std::optional<Period> executionPeriod;
  DateTime authoredOn;
  DateTime lastModified;
  std::optional<Reference> requester;
  std::vector<CodeableConcept> performerType;
  std::optional<Reference> owner;
  std::optional<Reference> location;
  std::optional<CodeableConcept> reasonCode;
  std::optional<Reference> reasonReference;
  std::vector<Reference> insurance;
  std::vector<Annotation> note;
  std::vector<Reference> relevantHistory;
  std::optional<TaskRestriction> restriction;
  std::vector<TaskParameter> input;
  std::vector<TaskParameter> output;
  static constexpr auto fields() {
    using T = Task;
    return std::tuple_cat(
        base_fields(),
        std::make_tuple(
            field("identifier", &T::identifier), field("instantiatesCanonical", &T::instantiatesCanonical),
            field("instantiatesUri", &T::instantiatesUri), field("basedOn", &T::basedOn),
            field("groupIdentifier", &T::groupIdentifier), field("partOf", &T::partOf),
            field("status", &T::status, true), field("statusReason", &T::statusReason),
            field("businessStatus", &T::businessStatus), field("intent", &T::intent, true),
            field("priority", &T::priority), field("code", &T::code), field("description", &T::description),
            field("focus", &T::focus), field("for", &T::for_), field("encounter", &T::encounter),
            field("executionPeriod", &T::executionPeriod), field("authoredOn", &T::authoredOn),
            field("lastModified", &T::lastModified), field("requester", &T::requester),
            field("performerType", &T::performerType), field("owner", &T::owner),
            field("location", &T::location), field("reasonCode", &T::reasonCode),
            field("reasonReference", &T::reasonReference), field("insurance", &T::insurance),
            field("note", &T::note), field("relevantHistory", &T::relevantHistory),
            field("restriction", &T::restriction), field("input", &T::input), field("output", &T::output)));
  }
};

// ---------------------------------------------------------------------------------------------
// Provenance
struct ProvenanceAgent : BackboneElement {
  static constexpr std::string_view kTypeName = "Provenance.agent";
  std::optional<CodeableConcept> type;
  std::vector<CodeableConcept> role;
  std::optional<Reference> who;
  std::optional<Reference> onBehalfOf;
  static constexpr auto fields() {
    using T = ProvenanceAgent;
    return std::make_tuple(field("type", &T::type), field("role", &T::role), field("who", &T::who, true),
                           field("onBehalfOf", &T::onBehalfOf));
  }
};

struct ProvenanceEntity : BackboneElement {
  static constexpr std::string_view kTypeName = "Provenance.entity";
  Code role;
  std::optional<Reference> what;
  static constexpr auto fields() {
    return std::make_tuple(field("role", &ProvenanceEntity::role, true),
                           field("what", &ProvenanceEntity::what, true));
  }
};

struct Provenance : DomainResource {
  static constexpr std::string_view kTypeName = "Provenance";
  Provenance();  // defaulted after Resource, out of line: see ResourceBase
  std::vector<Reference> target;
  std::variant<std::monostate, Period, DateTime> occurred;
  Instant recorded;
  std::vector<Uri> policy;
  std::optional<Reference> location;
  std::vector<CodeableConcept> reason;
  std::optional<CodeableConcept> activity;
  std::vector<ProvenanceAgent> agent;
  std::vector<ProvenanceEntity> entity;
  static constexpr auto fields() {
    using T = Provenance;
    return std::tuple_cat(base_fields(),
                          std::make_tuple(field("target", &T::target, true), field("occurred", &T::occurred),
                                          field("recorded", &T::recorded, true), field("policy", &T::policy),
                                          field("location", &T::location), field("reason", &T::reason),
                                          field("activity", &T::activity), field("agent", &T::agent, true),
                                          field("entity", &T::entity)));
  }
};

// ---------------------------------------------------------------------------------------------
// OperationOutcome
struct OperationOutcomeIssue : BackboneElement {
  static constexpr std::string_view kTypeName = "OperationOutcome.issue";
  Code severity;
  Code code;
  std::optional<CodeableConcept> details;
  String diagnostics;
  std::vector<String> location;
  std::vector<String> expression;
  static constexpr auto fields() {
    using T = OperationOutcomeIssue;
    return std::make_tuple(field("severity", &T::severity, true), field("code", &T::code, true),
                           field("details", &T::details), field("diagnostics", &T::diagnostics),
                           field("location", &T::location), field("expression", &T::expression));
  }
};

struct OperationOutcome : DomainResource {
  static constexpr std::string_view kTypeName = "OperationOutcome";
  OperationOutcome();  // defaulted after Resource, out of line: see ResourceBase
  std::vector<OperationOutcomeIssue> issue;
  static constexpr auto fields() {
    return std::tuple_cat(base_fields(), std::make_tuple(field("issue", &OperationOutcome::issue, true)));
  }
};

// ---------------------------------------------------------------------------------------------
// Parameters
struct ParametersParameter : BackboneElement {
  static constexpr std::string_view kTypeName = "Parameters.parameter";
  String name;
  OpenValue value;
  Box<Resource> resource;
  std::vector<ParametersParameter> part;
  static constexpr auto fields() {
    using T = ParametersParameter;
    return std::make_tuple(field("name", &T::name, true), field("value", &T::value),
                           field("resource", &T::resource), field("part", &T::part));
  }
};

struct Parameters : ResourceBase {
  static constexpr std::string_view kTypeName = "Parameters";
  Parameters();  // defaulted after Resource, out of line: see ResourceBase
  std::vector<ParametersParameter> parameter;
  static constexpr auto fields() {
    return std::tuple_cat(base_fields(), std::make_tuple(field("parameter", &Parameters::parameter)));
  }
};

// ---------------------------------------------------------------------------------------------
// Patient and Specimen: enough to carry identity and references.
struct Patient : DomainResource {
  static constexpr std::string_view kTypeName = "Patient";
  Patient();  // defaulted after Resource, out of line: see ResourceBase
  std::vector<Identifier> identifier;
  Boolean active;
  std::vector<HumanName> name;
  Code gender;
  Date birthDate;
  std::optional<Reference> managingOrganization;
  static constexpr auto fields() {
    using T = Patient;
    return std::tuple_cat(base_fields(),
                          std::make_tuple(field("identifier", &T::identifier), field("active", &T::active),
                                          field("name", &T::name), field("gender", &T::gender),
                                          field("birthDate", &T::birthDate),
                                          field("managingOrganization", &T::managingOrganization)));
  }
};

struct Specimen : DomainResource {
  static constexpr std::string_view kTypeName = "Specimen";
  Specimen();  // defaulted after Resource, out of line: see ResourceBase
  std::vector<Identifier> identifier;
  std::optional<Identifier> accessionIdentifier;
  Code status;
  std::optional<CodeableConcept> type;
  std::optional<Reference> subject;
  DateTime receivedTime;
  std::vector<Reference> parent;
  std::vector<Reference> request;
  std::vector<Annotation> note;
  static constexpr auto fields() {
    using T = Specimen;
    return std::tuple_cat(
        base_fields(),
        std::make_tuple(field("identifier", &T::identifier),
                        field("accessionIdentifier", &T::accessionIdentifier), field("status", &T::status),
                        field("type", &T::type), field("subject", &T::subject),
                        field("receivedTime", &T::receivedTime), field("parent", &T::parent),
                        field("request", &T::request), field("note", &T::note)));
  }
};

// A resource of a type the model does not know, met inside a Bundle or `contained` (a warning);
// kept so that it can be cited and re-serialised in the format it came in.
struct OtherResource {
  std::string resource_type;
  std::string id;
  std::string raw_json;  // the original JSON object text, when read from JSON
  std::string raw_xml;   // the original XML element, when read from XML
};

// ---------------------------------------------------------------------------------------------
// Any resource. Derives from std::variant so std::get_if / std::visit / std::holds_alternative work.
using ResourceVariant = std::variant<DiagnosticReport, Observation, Bundle, Task, Provenance,
                                     OperationOutcome, Parameters, Patient, Specimen, OtherResource>;
struct Resource : ResourceVariant {
  using ResourceVariant::ResourceVariant;
  using ResourceVariant::operator=;
  Resource();  // defaulted below, out of line: see ResourceBase
  const ResourceVariant& variant() const { return *this; }
  ResourceVariant& variant() { return *this; }
};

// Defaulted out of line, and so user-provided: value-initialisation does not zero-fill them (see
// ResourceBase). Here, where Resource is complete, as their members (contained) need it.
inline Resource::Resource() = default;
inline DiagnosticReport::DiagnosticReport() = default;
inline Observation::Observation() = default;
inline Bundle::Bundle() = default;
inline Task::Task() = default;
inline Provenance::Provenance() = default;
inline OperationOutcome::OperationOutcome() = default;
inline Parameters::Parameters() = default;
inline Patient::Patient() = default;
inline Specimen::Specimen() = default;

// "Observation", "Bundle", ... (for OtherResource: the resourceType it carried).
std::string_view resource_type_name(const Resource& r);
// The logical id ("" when absent).
std::string_view resource_id(const Resource& r);
// The contained resources (empty for Bundle, Parameters and OtherResource).
const std::vector<Resource>& contained_of(const Resource& r);

template <class T>
const T* get_if(const Resource& r) {
  return std::get_if<T>(&r.variant());
}
template <class T>
T* get_if(Resource& r) {
  return std::get_if<T>(&r.variant());
}

}  // namespace sarcoma::fhir
