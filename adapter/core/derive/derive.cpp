#include "adapter/core/derive/derive.hpp"

#include <set>

#include "adapter/core/derive/uuid5.hpp"

namespace sarcoma::core {
namespace {

using fhir::CodeableConcept;
using fhir::Coding;
using fhir::Reference;

constexpr std::string_view kTaskCodeSystem = "http://hl7.org/fhir/CodeSystem/task-code";
constexpr std::string_view kObservationCategorySystem =
    "http://terminology.hl7.org/CodeSystem/observation-category";
constexpr std::string_view kDataAbsentSystem = "http://terminology.hl7.org/CodeSystem/data-absent-reason";
constexpr std::string_view kParticipantTypeSystem =
    "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
constexpr std::string_view kDeviceIdentifierSystem = "https://sarcoma-adapter.dev/fhir/NamingSystem/device";

Coding coding(std::string_view system, std::string_view code, std::string_view display = {}) {
  Coding c;
  c.system = std::string(system);
  c.code = std::string(code);
  if (!display.empty()) c.display = std::string(display);
  return c;
}

CodeableConcept concept_of(const std::vector<mappings::StandardCoding>& codings, std::string_view text = {}) {
  CodeableConcept cc;
  for (const auto& c : codings) cc.coding.push_back(coding(c.system, c.code, c.display));
  if (!text.empty()) cc.text = std::string(text);
  return cc;
}

Reference reference(std::string_view target) {
  Reference r;
  r.reference = std::string(target);
  return r;
}

fhir::Annotation annotation(std::string text) {
  fhir::Annotation a;
  a.text = std::move(text);
  return a;
}

// One derived resource: its identifier value (a UUID v5) and the Bundle entry that writes it.
struct Derived {
  std::string uuid;
  std::string type;
};

struct Builder {
  const fhir::ResolvedReport& report;
  const DeriveContext& ctx;
  fhir::Bundle& bundle;
  std::string identity;
  std::vector<Derived> written;
  std::set<std::string> used_sources;  // Observations cited by the derived ones (Provenance entities)

  std::string uuid_for(const std::string& kind) const { return derived_uuid(identity, kind); }

  fhir::Identifier identifier(const std::string& uuid) const {
    fhir::Identifier id;
    id.system = std::string(kDerivedIdentifierSystem);
    // The bare UUID, not "urn:uuid:...": servers rewrite every occurrence of an entry's urn:uuid
    // fullUrl inside a transaction (Medplum does so in conditional URLs too), which would turn the
    // identifier search into one that never matches and create a copy on every post.
    id.value = uuid;
    return id;
  }

  // A conditional update keyed on the derived identifier; for a type without a business identifier
  // (Provenance) an update of the client-assigned id, which is the same UUID.
  void add(const std::string& uuid, fhir::Resource resource, bool by_id = false) {
    std::string type(fhir::resource_type_name(resource));
    fhir::BundleEntry e;
    e.fullUrl = "urn:uuid:" + uuid;
    e.resource = std::move(resource);
    fhir::BundleEntryRequest req;
    req.method = std::string("PUT");
    req.url = by_id ? type + "/" + uuid
                    : type + "?identifier=" + std::string(kDerivedIdentifierSystem) + "%7C" + uuid;
    e.request = std::move(req);
    bundle.entry.push_back(std::move(e));
    written.push_back({uuid, type});
  }

  // derivedFrom: the source Observations among the facts' sources (R4 allows no DiagnosticReport
  // there; contained Observations cannot be referenced from outside the report).
  std::vector<Reference> derived_from(const std::vector<Source>& sources) {
    std::vector<Reference> out;
    std::set<std::string> seen;
    for (const auto& s : sources) {
      if (s.resource.empty() || s.resource == report.reference || s.resource.front() == '#') continue;
      if (s.path.rfind("Observation", 0) != 0) continue;
      if (!seen.insert(s.resource).second) continue;
      used_sources.insert(s.resource);
      out.push_back(reference(s.resource));
    }
    return out;
  }

  fhir::Observation observation(std::string_view kind, const std::string& uuid, std::string_view method,
                                const std::vector<mappings::StandardCoding>& value_codings,
                                const std::string& label) {
    const fhir::DiagnosticReport& dr = *report.report;
    fhir::Observation o;
    o.identifier.push_back(identifier(uuid));
    o.status = std::string("preliminary");
    CodeableConcept category;
    category.coding.push_back(coding(kObservationCategorySystem, "laboratory", "Laboratory"));
    o.category.push_back(std::move(category));
    o.code =
        concept_of(ctx.codes ? ctx.codes->observation_code(kind) : std::vector<mappings::StandardCoding>{});
    o.subject = dr.subject;
    if (!dr.specimen.empty()) o.specimen = dr.specimen.front();
    o.effective = [&]() -> decltype(o.effective) {
      if (const auto* dt = std::get_if<fhir::DateTime>(&dr.effective)) return *dt;
      if (const auto* p = std::get_if<fhir::Period>(&dr.effective)) return *p;
      return std::monostate{};
    }();
    o.value = concept_of(value_codings, label);
    if (ctx.codes) o.method = concept_of(ctx.codes->method(method));
    return o;
  }
};

std::string label_suffix(const TumourAssessment& t) {
  return t.label.empty() ? std::string() : "|" + t.label;
}

void add_notes(fhir::Observation& o, const std::vector<Assumption>& assumptions) {
  for (const auto& a : assumptions) o.note.push_back(annotation(a.text));
}

fhir::ObservationComponent score_component(std::string_view code, std::string_view display,
                                           const std::optional<int>& score) {
  fhir::ObservationComponent c;
  CodeableConcept cc;
  cc.coding.push_back(coding(kFnclccComponentSystem, code, display));
  c.code = std::move(cc);
  if (score) {
    c.value = fhir::Integer(*score);
  } else {
    CodeableConcept absent;
    absent.coding.push_back(coding(kDataAbsentSystem, "unknown", "Unknown"));
    c.dataAbsentReason = std::move(absent);
  }
  return c;
}

const std::vector<mappings::StandardCoding>& value_codings(const DeriveContext& ctx, std::string_view kind,
                                                           std::string_view label) {
  static const std::vector<mappings::StandardCoding> none;
  return ctx.codes ? ctx.codes->value(kind, label) : none;
}

void derive_grade(Builder& b, const TumourAssessment& t, std::vector<std::string>& observation_uuids) {
  const GradeResult& g = t.grade;
  if (!g.applicable) return;
  std::string uuid = b.uuid_for("fnclcc-grade" + label_suffix(t));
  fhir::Observation o =
      b.observation("grade", uuid, "fnclcc", value_codings(b.ctx, "grade", g.grade), g.grade);
  o.component.push_back(
      score_component("differentiation-score", "Tumour differentiation score", g.differentiation.score));
  o.component.push_back(score_component("mitotic-score", "Mitotic count score", g.mitotic.score));
  o.component.push_back(score_component("necrosis-score", "Tumour necrosis score", g.necrosis.score));
  o.component.push_back(score_component("total-score", "FNCLCC total score", g.total));
  std::vector<Source> sources;
  for (const auto* c : {&g.differentiation, &g.mitotic, &g.necrosis}) {
    sources.insert(sources.end(), c->sources.begin(), c->sources.end());
  }
  o.derivedFrom = b.derived_from(sources);
  if (!g.missing.empty()) {
    std::string missing;
    for (const auto& m : g.missing) missing += (missing.empty() ? "" : ", ") + m;
    o.note.push_back(annotation("GX: no " + missing + " score could be established; none was guessed."));
  }
  add_notes(o, g.assumptions);
  b.add(uuid, std::move(o));
  observation_uuids.push_back(uuid);
}

void derive_category(Builder& b, const TumourAssessment& t, std::string_view kind, const CategoryResult& c,
                     const std::vector<Assumption>& assumptions,
                     std::vector<std::string>& observation_uuids) {
  std::string uuid = b.uuid_for("ajcc8-" + std::string(kind) + label_suffix(t));
  // The standard codes are the pathological (p) values: a y/r category has none and is written as
  // text only; an N0 assumed because no node was examined is clinical (cN0), not pN0.
  static const std::vector<mappings::StandardCoding> none;
  std::string code_label = c.assumed && kind == "n" ? "c" + c.value : c.value;
  const auto& codings = c.prefix.empty() ? value_codings(b.ctx, kind, code_label) : none;
  fhir::Observation o = b.observation(kind, uuid, "ajcc8", codings, c.label());
  o.derivedFrom = b.derived_from(c.sources);
  std::vector<Assumption> mine;
  for (const auto& a : assumptions) {
    bool n = a.code == "n0-assumed", m = a.code == "m0-assumed";
    if ((kind == "n" && n) || (kind == "m" && m)) mine.push_back(a);
  }
  add_notes(o, mine);
  b.add(uuid, std::move(o));
  observation_uuids.push_back(uuid);
}

void derive_stage(Builder& b, const TumourAssessment& t, std::vector<std::string>& observation_uuids) {
  const StageResult& s = t.stage;
  if (!s.applicable) return;
  derive_category(b, t, "t", s.t, s.assumptions, observation_uuids);
  derive_category(b, t, "n", s.n, s.assumptions, observation_uuids);
  derive_category(b, t, "m", s.m, s.assumptions, observation_uuids);
  if (s.group_status != StageResult::GroupStatus::assigned || !s.group) return;
  std::string uuid = b.uuid_for("ajcc8-stage-group" + label_suffix(t));
  std::string label = s.t.prefix + *s.group;
  static const std::vector<mappings::StandardCoding> none;
  const auto& codings = s.t.prefix.empty() ? value_codings(b.ctx, "stage_group", *s.group) : none;
  fhir::Observation o = b.observation("stage_group", uuid, "ajcc8", codings, label);
  std::vector<Source> sources = s.t.sources;
  sources.insert(sources.end(), s.n.sources.begin(), s.n.sources.end());
  sources.insert(sources.end(), s.m.sources.begin(), s.m.sources.end());
  o.derivedFrom = b.derived_from(sources);
  add_notes(o, s.assumptions);
  b.add(uuid, std::move(o));
  observation_uuids.push_back(uuid);
}

void derive_task(Builder& b, const Routing& r, const std::vector<std::string>& observation_uuids) {
  const fhir::DiagnosticReport& dr = *b.report.report;
  std::string uuid = b.uuid_for("review-task");
  fhir::Task task;
  task.identifier.push_back(b.identifier(uuid));
  task.status = std::string("requested");
  task.intent = std::string("order");
  task.priority = r.priority;
  CodeableConcept code;
  code.coding.push_back(coding(kTaskCodeSystem, "approve", "Activate/approve the focal resource"));
  task.code = std::move(code);
  task.description = r.description;
  if (!b.report.reference.empty()) task.focus = reference(b.report.reference);
  task.for_ = dr.subject;
  if (!b.ctx.recorded.empty()) task.authoredOn = b.ctx.recorded;
  auto reason_concept = [&](const ReviewReason& reason) {
    CodeableConcept cc;
    cc.coding.push_back(coding(b.ctx.review_reason_system, reason.code, reason.display));
    cc.text = reason.display;
    return cc;
  };
  if (!r.reasons.empty()) task.reasonCode = reason_concept(r.reasons.front());
  for (const auto& reason : r.reasons) {
    fhir::TaskParameter in;
    CodeableConcept type;
    type.coding.push_back(coding(kTaskInputTypeSystem, "review-reason", "Review reason"));
    in.type = std::move(type);
    in.value = reason_concept(reason);
    task.input.push_back(std::move(in));
  }
  for (const auto& obs : observation_uuids) {
    fhir::TaskParameter in;
    CodeableConcept type;
    type.coding.push_back(coding(kTaskInputTypeSystem, "derived-observation", "Derived observation"));
    in.type = std::move(type);
    in.value = reference("urn:uuid:" + obs);
    task.input.push_back(std::move(in));
  }
  for (const auto& note : r.notes) task.note.push_back(annotation(note));
  b.add(uuid, std::move(task));
}

void derive_provenance(Builder& b, const Assessment& a) {
  std::string uuid = b.uuid_for("provenance");
  fhir::Provenance p;
  for (const auto& d : b.written) p.target.push_back(reference("urn:uuid:" + d.uuid));
  p.recorded = b.ctx.recorded;
  p.policy.push_back(fhir::Uri(std::string(kRuleSetSystem) + "/" + a.rules_version));
  fhir::ProvenanceAgent agent;
  CodeableConcept type;
  type.coding.push_back(coding(kParticipantTypeSystem, "assembler", "Assembler"));
  agent.type = std::move(type);
  Reference who;
  fhir::Identifier device;
  device.system = std::string(kDeviceIdentifierSystem);
  device.value = std::string("sarcoma-adapter");
  who.identifier = std::move(device);
  who.display = "sarcoma-adapter " + b.ctx.adapter_version;
  agent.who = std::move(who);
  p.agent.push_back(std::move(agent));
  auto entity = [](const std::string& what) {
    fhir::ProvenanceEntity e;
    e.role = std::string("source");
    e.what = reference(what);
    return e;
  };
  if (!b.report.reference.empty()) p.entity.push_back(entity(b.report.reference));
  for (const auto& s : b.used_sources) p.entity.push_back(entity(s));
  // R4 Provenance has no business identifier: its id is the UUID itself (update as create).
  p.id = uuid;
  b.add(uuid, std::move(p), /*by_id=*/true);
}

}  // namespace

std::string derived_uuid(std::string_view identity, std::string_view kind) {
  std::string name(identity);
  name += '#';
  name += kind;
  return uuid_v5(kDerivedNamespace, name);
}

std::string report_identity(const fhir::ResolvedReport& report) {
  const fhir::DiagnosticReport& dr = *report.report;
  for (const auto& id : dr.identifier) {
    if (id.system.has_value() && id.value.has_value()) return "identifier|" + *id.system + "|" + *id.value;
  }
  if (!report.reference.empty()) return "reference|" + report.reference;
  return "reference|DiagnosticReport/" + std::string(dr.id.value_or(""));
}

void derive(const fhir::ResolvedReport& report, const Assessment& assessment, const Routing& routing,
            const DeriveContext& context, fhir::Bundle& bundle) {
  if (!routing.review || report.report == nullptr) return;
  // Up to six Observations per tumour, the Task and the Provenance: reserved so that growing the
  // entry list never moves the entries already built.
  bundle.entry.reserve(bundle.entry.size() + 6 * assessment.tumours.size() + 2);
  Builder b{report, context, bundle, report_identity(report), {}, {}};
  std::vector<std::string> observation_uuids;
  for (const auto& t : assessment.tumours) {
    derive_grade(b, t, observation_uuids);
    derive_stage(b, t, observation_uuids);
  }
  derive_task(b, routing, observation_uuids);
  derive_provenance(b, assessment);
}

}  // namespace sarcoma::core
