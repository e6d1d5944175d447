#include "adapter/core/derive/derive.hpp"

#include <set>

#include "adapter/core/derive/uuid5.hpp"

namespace sarcoma::core {
namespace {

using mappings::StandardCoding;

constexpr std::string_view kTaskCodeSystem = "http://hl7.org/fhir/CodeSystem/task-code";
constexpr std::string_view kObservationCategorySystem =
    "http://terminology.hl7.org/CodeSystem/observation-category";
constexpr std::string_view kDataAbsentSystem = "http://terminology.hl7.org/CodeSystem/data-absent-reason";
constexpr std::string_view kParticipantTypeSystem =
    "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
constexpr std::string_view kDeviceIdentifierSystem = "https://sarcoma-adapter.dev/fhir/NamingSystem/device";

// The derived resources are written straight to JSON, member by member in R4 element order (the
// order `fhir::to_json` uses, so the text is what serialising the typed resources would give;
// tests/core/derive/derive_json_test.cpp holds it to that). Building them as typed resources first
// cost more than the rest of the pipeline together: thousands of small strings per report. These
// helpers write the few shapes derive needs (Coding, CodeableConcept, Reference, Annotation).
class Json {
 public:
  explicit Json(JsonText& t) : t_(t) {}

  void str(std::string_view s) { t_.str(s); }
  void member(std::string_view k, std::string_view v) { t_.member(k, v); }
  void integer(std::string_view k, int v) {
    t_.key(k);
    t_.integer(v);
  }
  void begin(std::string_view k = {}) {
    if (k.empty()) {
      t_.begin_object();
    } else {
      t_.begin_object(k);
    }
  }
  void end() { t_.end_object(); }
  void begin_array(std::string_view k) { t_.begin_array(k); }
  void end_array() { t_.end_array(); }
  void raw_members(std::string_view members) { t_.raw_members(members); }

  // Coding: system and code always (as the typed model had them), display when there is one.
  void coding(std::string_view system, std::string_view code, std::string_view display = {}) {
    begin();
    member("system", system);
    member("code", code);
    if (!display.empty()) member("display", display);
    end();
  }
  // A table's coding: the text rendered when the table was loaded, if it was.
  void coding(const StandardCoding& c) {
    if (c.json.empty()) {
      coding(c.system, c.code, c.display);
    } else {
      t_.raw_value(c.json);
    }
  }
  // A CodeableConcept as member `k` (or as an array item when k is empty).
  void concept_of(std::string_view k, const std::vector<StandardCoding>& codings,
                  std::string_view text = {}) {
    begin(k);
    if (!codings.empty()) {
      begin_array("coding");
      for (const auto& c : codings) coding(c);
      end_array();
    }
    if (!text.empty()) member("text", text);
    end();
  }
  // A CodeableConcept of one fixed coding (see Fixed below).
  void one_coding(std::string_view k, const StandardCoding& c) {
    begin(k);
    begin_array("coding");
    coding(c);
    end_array();
    end();
  }
  void reference(std::string_view k, std::string_view target) {
    begin(k);
    member("reference", target);
    end();
  }
  void notes(const std::vector<std::string>& texts) {
    if (texts.empty()) return;
    begin_array("note");
    for (const auto& t : texts) {
      begin();
      member("text", t);
      end();
    }
    end_array();
  }

 private:
  JsonText& t_;
};

// A value or code without standard codings (written as text only).
const std::vector<StandardCoding>& no_codings() {
  static const std::vector<StandardCoding> none;
  return none;
}

// The codings that are the same in every report, rendered once (the first time derive runs).
StandardCoding fixed_coding(std::string_view system, std::string_view code, std::string_view display) {
  StandardCoding c{std::string(system), std::string(code), std::string(display)};
  c.json = mappings::coding_json(system, code, display);
  return c;
}

struct Fixed {
  StandardCoding laboratory = fixed_coding(kObservationCategorySystem, "laboratory", "Laboratory");
  StandardCoding differentiation_score =
      fixed_coding(kFnclccComponentSystem, "differentiation-score", "Tumour differentiation score");
  StandardCoding mitotic_score = fixed_coding(kFnclccComponentSystem, "mitotic-score", "Mitotic count score");
  StandardCoding necrosis_score =
      fixed_coding(kFnclccComponentSystem, "necrosis-score", "Tumour necrosis score");
  StandardCoding total_score = fixed_coding(kFnclccComponentSystem, "total-score", "FNCLCC total score");
  StandardCoding unknown = fixed_coding(kDataAbsentSystem, "unknown", "Unknown");
  StandardCoding approve = fixed_coding(kTaskCodeSystem, "approve", "Activate/approve the focal resource");
  StandardCoding review_reason_input = fixed_coding(kTaskInputTypeSystem, "review-reason", "Review reason");
  StandardCoding derived_observation_input =
      fixed_coding(kTaskInputTypeSystem, "derived-observation", "Derived observation");
  StandardCoding assembler = fixed_coding(kParticipantTypeSystem, "assembler", "Assembler");
};

const Fixed& fixed() {
  static const Fixed codings;  // constant data: initialised once, thread-safe, never changed
  return codings;
}

struct Builder {
  const fhir::ResolvedReport& report;
  const DeriveContext& ctx;
  Json json;
  std::string identity;
  // Elements of the report copied into the derived resources, rendered once per report.
  std::string subject = render_member("subject", report.report->subject);
  std::string for_subject = render_member("for", report.report->subject);
  std::string effective = render_member("effective", report.report->effective);
  std::string specimen = report.report->specimen.empty()
                             ? std::string()
                             : render_member("specimen", report.report->specimen.front());
  std::vector<std::string> written{};    // UUIDs of the entries so far (Provenance targets)
  std::set<std::string> used_sources{};  // Observations cited by the derived ones (Provenance entities)

  std::string uuid_for(const std::string& kind) const { return derived_uuid(identity, kind); }

  // The bare UUID as identifier value, not "urn:uuid:...": servers rewrite every occurrence of an
  // entry's urn:uuid fullUrl inside a transaction (Medplum does so in conditional URLs too), which
  // would turn the identifier search into one that never matches and create a copy on every post.
  void identifier(const std::string& uuid) {
    json.begin_array("identifier");
    json.begin();
    json.member("system", kDerivedIdentifierSystem);
    json.member("value", uuid);
    json.end();
    json.end_array();
  }

  // An entry: fullUrl, then the resource (written by `resource`), then a conditional update keyed
  // on the derived identifier; for a type without a business identifier (Provenance) an update of
  // the client-assigned id, which is the same UUID.
  template <class F>
  void entry(const std::string& uuid, std::string_view type, F&& resource, bool by_id = false) {
    json.begin();
    json.member("fullUrl", "urn:uuid:" + uuid);
    json.begin("resource");
    json.member("resourceType", type);
    resource();
    json.end();
    json.begin("request");
    json.member("method", "PUT");
    std::string url(type);
    if (by_id) {
      url += '/';
    } else {
      url += "?identifier=";
      url += kDerivedIdentifierSystem;
      url += "%7C";
    }
    url += uuid;
    json.member("url", url);
    json.end();
    json.end();
    written.push_back(uuid);
  }

  // derivedFrom: the source Observations among the facts' sources (R4 allows no DiagnosticReport
  // there; contained Observations cannot be referenced from outside the report).
  void derived_from(const std::vector<const std::vector<Source>*>& lists) {
    std::vector<std::string_view> out;
    std::set<std::string_view> seen;
    for (const auto* sources : lists) {
      for (const auto& s : *sources) {
        if (s.resource.empty() || s.resource == report.reference || s.resource.front() == '#') continue;
        if (s.path.rfind("Observation", 0) != 0) continue;
        if (!seen.insert(s.resource).second) continue;
        used_sources.insert(s.resource);
        out.push_back(s.resource);
      }
    }
    if (out.empty()) return;
    json.begin_array("derivedFrom");
    for (auto r : out) json.reference({}, r);
    json.end_array();
  }

  // An Observation's members up to and including method/specimen; the caller adds derivedFrom and
  // component, which come after them in R4 order. `notes` go between value and method.
  void observation_head(std::string_view kind, const std::string& uuid, std::string_view method,
                        const std::vector<StandardCoding>& value_codings, const std::string& label,
                        const std::vector<std::string>& notes) {
    identifier(uuid);
    json.member("status", "preliminary");
    json.begin_array("category");
    json.one_coding({}, fixed().laboratory);
    json.end_array();
    json.concept_of("code", ctx.codes ? ctx.codes->observation_code(kind) : no_codings());
    json.raw_members(subject);
    json.raw_members(effective);
    json.concept_of("valueCodeableConcept", value_codings, label);
    json.notes(notes);
    if (ctx.codes) json.concept_of("method", ctx.codes->method(method));
    json.raw_members(specimen);
  }
};

std::string label_suffix(const TumourAssessment& t) {
  return t.label.empty() ? std::string() : "|" + t.label;
}

std::vector<std::string> texts_of(const std::vector<Assumption>& assumptions) {
  std::vector<std::string> out;
  for (const auto& a : assumptions) out.push_back(a.text);
  return out;
}

void score_component(Json& json, const StandardCoding& code, const std::optional<int>& score) {
  json.begin();
  json.one_coding("code", code);
  if (score) {
    json.integer("valueInteger", *score);
  } else {
    json.one_coding("dataAbsentReason", fixed().unknown);
  }
  json.end();
}

const std::vector<StandardCoding>& value_codings(const DeriveContext& ctx, std::string_view kind,
                                                 std::string_view label) {
  return ctx.codes ? ctx.codes->value(kind, label) : no_codings();
}

void derive_grade(Builder& b, const TumourAssessment& t, std::vector<std::string>& observation_uuids) {
  const GradeResult& g = t.grade;
  if (!g.applicable) return;
  std::string uuid = b.uuid_for("fnclcc-grade" + label_suffix(t));
  std::vector<std::string> notes;
  if (!g.missing.empty()) {
    std::string missing;
    for (const auto& m : g.missing) missing += (missing.empty() ? "" : ", ") + m;
    notes.push_back("GX: no " + missing + " score could be established; none was guessed.");
  }
  for (const auto& a : g.assumptions) notes.push_back(a.text);
  b.entry(uuid, "Observation", [&] {
    b.observation_head("grade", uuid, "fnclcc", value_codings(b.ctx, "grade", g.grade), g.grade, notes);
    b.derived_from({&g.differentiation.sources, &g.mitotic.sources, &g.necrosis.sources});
    b.json.begin_array("component");
    score_component(b.json, fixed().differentiation_score, g.differentiation.score);
    score_component(b.json, fixed().mitotic_score, g.mitotic.score);
    score_component(b.json, fixed().necrosis_score, g.necrosis.score);
    score_component(b.json, fixed().total_score, g.total);
    b.json.end_array();
  });
  observation_uuids.push_back(uuid);
}

void derive_category(Builder& b, const TumourAssessment& t, std::string_view kind, const CategoryResult& c,
                     const std::vector<Assumption>& assumptions,
                     std::vector<std::string>& observation_uuids) {
  std::string uuid = b.uuid_for("ajcc8-" + std::string(kind) + label_suffix(t));
  // The standard codes are the pathological (p) values: a y/r category has none and is written as
  // text only; an N0 assumed because no node was examined is clinical (cN0), not pN0.
  std::string code_label = c.assumed && kind == "n" ? "c" + c.value : c.value;
  const auto& codings = c.prefix.empty() ? value_codings(b.ctx, kind, code_label) : no_codings();
  std::vector<std::string> notes;
  for (const auto& a : assumptions) {
    bool n = a.code == "n0-assumed", m = a.code == "m0-assumed";
    if ((kind == "n" && n) || (kind == "m" && m)) notes.push_back(a.text);
  }
  b.entry(uuid, "Observation", [&] {
    b.observation_head(kind, uuid, "ajcc8", codings, c.label(), notes);
    b.derived_from({&c.sources});
  });
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
  const auto& codings = s.t.prefix.empty() ? value_codings(b.ctx, "stage_group", *s.group) : no_codings();
  b.entry(uuid, "Observation", [&] {
    b.observation_head("stage_group", uuid, "ajcc8", codings, label, texts_of(s.assumptions));
    b.derived_from({&s.t.sources, &s.n.sources, &s.m.sources});
  });
  observation_uuids.push_back(uuid);
}

void derive_task(Builder& b, const Routing& r, const std::vector<std::string>& observation_uuids) {
  Json& json = b.json;
  std::string uuid = b.uuid_for("review-task");
  auto reason_concept = [&](std::string_view k, const ReviewReason& reason) {
    json.begin(k);
    json.begin_array("coding");
    json.coding(b.ctx.review_reason_system, reason.code, reason.display);
    json.end_array();
    json.member("text", reason.display);
    json.end();
  };
  b.entry(uuid, "Task", [&] {
    b.identifier(uuid);
    json.member("status", "requested");
    json.member("intent", "order");
    json.member("priority", r.priority);
    json.one_coding("code", fixed().approve);
    json.member("description", r.description);
    if (!b.report.reference.empty()) json.reference("focus", b.report.reference);
    json.raw_members(b.for_subject);
    if (!b.ctx.recorded.empty()) json.member("authoredOn", b.ctx.recorded);
    if (!r.reasons.empty()) reason_concept("reasonCode", r.reasons.front());
    json.notes(r.notes);
    if (r.reasons.empty() && observation_uuids.empty()) return;
    json.begin_array("input");
    for (const auto& reason : r.reasons) {
      json.begin();
      json.one_coding("type", fixed().review_reason_input);
      reason_concept("valueCodeableConcept", reason);
      json.end();
    }
    for (const auto& obs : observation_uuids) {
      json.begin();
      json.one_coding("type", fixed().derived_observation_input);
      json.reference("valueReference", "urn:uuid:" + obs);
      json.end();
    }
    json.end_array();
  });
}

void derive_provenance(Builder& b, const Assessment& a) {
  Json& json = b.json;
  std::string uuid = b.uuid_for("provenance");
  // R4 Provenance has no business identifier: its id is the UUID itself (update as create).
  b.entry(
      uuid, "Provenance",
      [&] {
        json.member("id", uuid);
        if (!b.written.empty()) {
          json.begin_array("target");
          for (const auto& d : b.written) json.reference({}, "urn:uuid:" + d);
          json.end_array();
        }
        json.member("recorded", b.ctx.recorded);
        json.begin_array("policy");
        json.str(std::string(kRuleSetSystem) + "/" + a.rules_version);
        json.end_array();
        json.begin_array("agent");
        json.begin();
        json.one_coding("type", fixed().assembler);
        json.begin("who");
        json.begin("identifier");
        json.member("system", kDeviceIdentifierSystem);
        json.member("value", "sarcoma-adapter");
        json.end();
        json.member("display", "sarcoma-adapter " + b.ctx.adapter_version);
        json.end();
        json.end();
        json.end_array();
        if (b.report.reference.empty() && b.used_sources.empty()) return;
        json.begin_array("entity");
        auto entity = [&](const std::string& what) {
          json.begin();
          json.member("role", "source");
          json.reference("what", what);
          json.end();
        };
        if (!b.report.reference.empty()) entity(b.report.reference);
        for (const auto& s : b.used_sources) entity(s);
        json.end_array();
      },
      /*by_id=*/true);
}

}  // namespace

std::string derived_uuid(std::string_view identity, std::string_view kind) {
  std::string name;
  name.reserve(identity.size() + 1 + kind.size());
  name += identity;
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

bool derives_anything(const fhir::ResolvedReport& report, const Routing& routing) {
  return routing.review && report.report != nullptr;
}

std::size_t derive(const fhir::ResolvedReport& report, const Assessment& assessment, const Routing& routing,
                   const DeriveContext& context, JsonText& entries) {
  if (!derives_anything(report, routing)) return 0;
  Builder b{report, context, Json(entries), report_identity(report)};
  b.written.reserve(8);  // a tumour's grade, T, N, M and group, the Task and the Provenance
  std::vector<std::string> observation_uuids;
  observation_uuids.reserve(8);
  for (const auto& t : assessment.tumours) {
    derive_grade(b, t, observation_uuids);
    derive_stage(b, t, observation_uuids);
  }
  derive_task(b, routing, observation_uuids);
  derive_provenance(b, assessment);
  return b.written.size();
}

}  // namespace sarcoma::core
