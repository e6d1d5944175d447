#include "adapter/service/web/review.hpp"

#include <algorithm>

#include "adapter/core/derive/derive.hpp"
#include "adapter/core/derive/uuid5.hpp"
#include "adapter/service/json_fields.hpp"
#include "adapter/service/web/text_checks.hpp"
#include "fhir/rapidjson.hpp"

namespace sarcoma::service::web {
namespace {

constexpr const char* kReviewerSystem = "https://sarcoma-adapter.dev/fhir/NamingSystem/reviewer";
constexpr const char* kTaskOutputSystem = "https://sarcoma-adapter.dev/fhir/CodeSystem/task-output-type";
constexpr const char* kReviewOutcomeSystem = "https://sarcoma-adapter.dev/fhir/CodeSystem/review-outcome";
constexpr std::size_t kMaxComment = 2000;

using Value = rapidjson::Value;
using Alloc = rapidjson::Document::AllocatorType;

Value text(std::string_view s, Alloc& a) { return Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), a); }

void set(Value& obj, const char* key, Value v, Alloc& a) {
  auto it = obj.FindMember(key);
  if (it != obj.MemberEnd()) {
    it->value = std::move(v);
  } else {
    obj.AddMember(Value(key, a), std::move(v), a);
  }
}

Value& array_member(Value& obj, const char* key, Alloc& a) {
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || !it->value.IsArray()) {
    set(obj, key, Value(rapidjson::kArrayType), a);
    it = obj.FindMember(key);
  }
  return it->value;
}

Value coding(std::string_view system, std::string_view code, std::string_view display, Alloc& a) {
  Value c(rapidjson::kObjectType);
  c.AddMember("system", text(system, a), a);
  c.AddMember("code", text(code, a), a);
  if (!display.empty()) c.AddMember("display", text(display, a), a);
  return c;
}

Value concept_of(const std::vector<mappings::StandardCoding>& codings, std::string_view label, Alloc& a) {
  Value cc(rapidjson::kObjectType);
  if (!codings.empty()) {
    Value list(rapidjson::kArrayType);
    for (const auto& c : codings) list.PushBack(coding(c.system, c.code, c.display, a), a);
    cc.AddMember("coding", list, a);
  }
  cc.AddMember("text", text(label, a), a);
  return cc;
}

Value annotation(std::string_view author, std::string_view time, std::string_view body, Alloc& a) {
  Value n(rapidjson::kObjectType);
  n.AddMember("authorString", text(author, a), a);
  n.AddMember("time", text(time, a), a);
  n.AddMember("text", text(body, a), a);
  return n;
}

Value output(std::string_view code, std::string_view display, Value value, const char* value_key, Alloc& a) {
  Value o(rapidjson::kObjectType);
  Value type(rapidjson::kObjectType);
  Value codings(rapidjson::kArrayType);
  codings.PushBack(coding(kTaskOutputSystem, code, display, a), a);
  type.AddMember("coding", codings, a);
  o.AddMember("type", type, a);
  o.AddMember(Value(value_key, a), std::move(value), a);
  return o;
}

Value reviewer_reference(const ReviewContext& c, Alloc& a) {
  Value who(rapidjson::kObjectType);
  Value id(rapidjson::kObjectType);
  id.AddMember("system", Value(kReviewerSystem, a), a);
  id.AddMember("value", text(c.reviewer_username, a), a);
  who.AddMember("identifier", id, a);
  who.AddMember("display", text(c.reviewer_display, a), a);
  return who;
}

Value entry(Value resource, std::string_view full_url, std::string_view url, Alloc& a) {
  Value e(rapidjson::kObjectType);
  e.AddMember("fullUrl", text(full_url, a), a);
  e.AddMember("resource", std::move(resource), a);
  Value request(rapidjson::kObjectType);
  request.AddMember("method", "PUT", a);
  request.AddMember("url", text(url, a), a);
  e.AddMember("request", request, a);
  return e;
}

std::string conditional_url(const char* type, const std::string& identifier) {
  return std::string(type) + "?identifier=" + std::string(core::kDerivedIdentifierSystem) + "%7C" + identifier;
}

const std::vector<mappings::StandardCoding> kNoCodes;

std::string suffix(const std::string& label) { return label.empty() ? std::string() : "|" + label; }

std::string tumour_name(const ReviewContext& c, std::size_t i) {
  return c.tumours.size() > 1 && !c.tumours[i].label.empty() ? " (tumour " + c.tumours[i].label + ")" : "";
}

}  // namespace

const std::vector<std::string>& stage_group_choices() {
  static const std::vector<std::string> v = {"IA", "IB", "II", "IIIA", "IIIB", "IV"};
  return v;
}

const std::vector<std::string>& grade_choices() {
  static const std::vector<std::string> v = {"G1", "G2", "G3", "GX"};
  return v;
}

Result<ReviewDecision, std::vector<FieldError>> parse_review_form(const store::QueryParams& form,
                                                                  const std::vector<ComputedTumour>& tumours,
                                                                  const core::RuleSet& rules) {
  std::vector<FieldError> errors;
  auto field = [&](const std::string& name) -> const std::string* {
    const std::string* found = nullptr;
    for (const auto& [k, v] : form) {
      if (k != name) continue;
      if (found != nullptr) {
        errors.push_back({name, "given twice"});
        return nullptr;
      }
      found = &v;
    }
    return found;
  };
  ReviewDecision d;
  const std::string* decision = field("decision");
  if (decision == nullptr || (*decision != "confirm" && *decision != "amend")) {
    errors.push_back({"decision", "Choose Confirm or Amend."});
  } else {
    d.amend = *decision == "amend";
  }
  if (const std::string* comment = field("comment")) {
    if (comment->size() > kMaxComment) {
      errors.push_back({"comment", "The comment is longer than 2000 characters."});
    } else if (!is_clean_text(*comment, true)) {
      errors.push_back({"comment", "The comment holds characters that cannot be stored (control characters or "
                                   "invalid UTF-8)."});
    } else {
      d.comment = *comment;
    }
  }
  bool any_change = false, any_field = false;
  for (std::size_t i = 0; i < tumours.size(); ++i) {
    TumourAmendment t;
    std::string n = std::to_string(i);
    if (const std::string* h = field("histology-" + n); h && !h->empty()) {
      any_field = true;
      if (rules.rules->histology_by_id(*h) == nullptr) {
        errors.push_back({"histology-" + n, "Choose a histology from the list."});
      } else {
        t.histology = *h;
        any_change = true;
      }
    }
    if (const std::string* g = field("grade-" + n); g && !g->empty()) {
      any_field = true;
      const auto& choices = grade_choices();
      if (std::find(choices.begin(), choices.end(), *g) == choices.end()) {
        errors.push_back({"grade-" + n, "Choose a grade from the list."});
      } else if (*g != tumours[i].grade) {
        t.grade = *g;
        any_change = true;
      }
    }
    if (const std::string* s = field("stage-" + n); s && !s->empty()) {
      any_field = true;
      const auto& choices = stage_group_choices();
      if (std::find(choices.begin(), choices.end(), *s) == choices.end()) {
        errors.push_back({"stage-" + n, "Choose a stage group from the list."});
      } else if (*s != tumours[i].stage) {
        t.stage = *s;
        any_change = true;
      }
    }
    d.tumours.push_back(std::move(t));
  }
  if (errors.empty()) {
    if (d.amend && !any_change) {
      errors.push_back({"decision", "Amend needs at least one value that differs from the computed one."});
    }
    if (!d.amend && any_field) {
      errors.push_back({"decision", "Values were changed: choose Amend, or clear them to confirm."});
    }
    if (d.amend && d.comment.empty()) errors.push_back({"comment", "Say why the values are amended."});
  }
  if (!errors.empty()) return fail(std::move(errors));
  return d;
}

Result<std::string, std::string> review_transaction(const ReviewContext& c, const ReviewDecision& d,
                                                   const core::RuleSet& rules) {
  rapidjson::Document bundle;
  bundle.SetObject();
  Alloc& a = bundle.GetAllocator();
  rapidjson::Document task(&a);
  task.Parse(c.task_json.data(), c.task_json.size());
  if (task.HasParseError() || !task.IsObject() || string_field(task, "resourceType") != "Task") {
    return fail(std::string("not a Task"));
  }
  std::string task_id = string_field(task, "id"), task_identifier = derived_identifier(task);
  std::string task_version = task.HasMember("meta") ? string_field(task["meta"], "versionId") : "";
  if (task_id.empty() || task_identifier.empty()) return fail(std::string("not a review Task of this adapter"));
  if (d.tumours.size() != c.tumours.size()) return fail(std::string("the decision does not fit the case"));

  Value entries(rapidjson::kArrayType);
  std::vector<std::string> targets = {"Task/" + task_id};

  // Derived Observations: final, or amended where the reviewer changed the value.
  for (const auto& json : c.observation_json) {
    rapidjson::Document obs(&a);
    obs.Parse(json.data(), json.size());
    if (obs.HasParseError() || !obs.IsObject() || string_field(obs, "resourceType") != "Observation") continue;
    std::string identifier = derived_identifier(obs), id = string_field(obs, "id");
    if (identifier.empty() || id.empty()) continue;
    obs.RemoveMember("meta");
    std::string status = "final";
    for (std::size_t i = 0; i < c.tumours.size(); ++i) {
      const auto& t = c.tumours[i];
      const auto& change = d.tumours[i];
      std::string kind, computed, amended;
      if (!change.grade.empty() && identifier == core::derived_uuid(c.report_identity, "fnclcc-grade" + suffix(t.label))) {
        kind = "grade", computed = t.grade, amended = change.grade;
      } else if (!change.stage.empty() &&
                 identifier == core::derived_uuid(c.report_identity, "ajcc8-stage-group" + suffix(t.label))) {
        kind = "stage_group", computed = t.stage, amended = change.stage;
      } else {
        continue;
      }
      status = "amended";
      // As derive writes them: a y/r-prefixed stage group is text only (no confirmed codes exist).
      std::string label = kind == "stage_group" ? t.prefix + amended : amended;
      const auto& codes = kind == "stage_group" && !t.prefix.empty() ? kNoCodes : rules.values.value(kind, amended);
      set(obs, "valueCodeableConcept", concept_of(codes, label, a), a);
      Value& notes = array_member(obs, "note", a);
      std::string why = "Amended on expert review by " + c.reviewer_display + " (computed: " +
                        (computed.empty() ? std::string("none") : computed) + ")" +
                        (d.comment.empty() ? "" : ": " + d.comment);
      notes.PushBack(annotation(c.reviewer_display, c.now, why, a), a);
      if (kind == "grade") obs.RemoveMember("component");  // the computed scores no longer explain the value
    }
    set(obs, "status", text(status, a), a);
    targets.push_back("Observation/" + id);
    Value resource(obs, a);
    entries.PushBack(entry(std::move(resource), "urn:uuid:" + identifier, conditional_url("Observation", identifier), a), a);
  }

  // The Task: completed, owned by the reviewer, with the decision and any amended values.
  task.RemoveMember("meta");
  set(task, "status", Value("completed", a), a);
  Value business(rapidjson::kObjectType);
  Value bcodings(rapidjson::kArrayType);
  const char* outcome = d.amend ? "amended" : "confirmed";
  bcodings.PushBack(coding(kReviewOutcomeSystem, outcome, d.amend ? "Amended on review" : "Confirmed on review", a), a);
  business.AddMember("coding", bcodings, a);
  business.AddMember("text", Value(d.amend ? "Amended on review" : "Confirmed on review", a), a);
  set(task, "businessStatus", std::move(business), a);
  set(task, "lastModified", text(c.now, a), a);
  set(task, "owner", reviewer_reference(c, a), a);
  Value& outputs = array_member(task, "output", a);
  std::string summary = std::string(d.amend ? "Amended" : "Confirmed") + " by " + c.reviewer_display;
  outputs.PushBack(output("review-decision", "Review decision", text(summary, a), "valueString", a), a);
  for (std::size_t i = 0; i < d.tumours.size(); ++i) {
    const auto& change = d.tumours[i];
    if (!change.histology.empty()) {
      const auto* entry_row = rules.rules->histology_by_id(change.histology);
      std::vector<mappings::StandardCoding> codes;
      for (const auto& code : entry_row->codes) codes.push_back({code.system, code.code, entry_row->label});
      outputs.PushBack(output("amended-histology", "Histology as amended on review",
                              concept_of(codes, entry_row->label + tumour_name(c, i), a), "valueCodeableConcept", a),
                       a);
    }
    if (!change.grade.empty()) {
      outputs.PushBack(output("amended-grade", "FNCLCC grade as amended on review",
                              concept_of(rules.values.value("grade", change.grade), change.grade + tumour_name(c, i), a),
                              "valueCodeableConcept", a),
                       a);
    }
    if (!change.stage.empty()) {
      outputs.PushBack(output("amended-stage-group", "AJCC 8 stage group as amended on review",
                              concept_of(rules.values.value("stage_group", change.stage),
                                         change.stage + tumour_name(c, i), a),
                              "valueCodeableConcept", a),
                       a);
    }
  }
  if (!d.comment.empty()) array_member(task, "note", a).PushBack(annotation(c.reviewer_display, c.now, d.comment, a), a);
  Value task_resource(task, a);
  entries.PushBack(entry(std::move(task_resource), "urn:uuid:" + task_identifier, conditional_url("Task", task_identifier), a), a);

  // Provenance: who reviewed, when, what. One per Task version reviewed: a double submission of
  // the same review rewrites the same Provenance.
  std::string provenance_id =
      core::uuid_v5(core::kDerivedNamespace, c.report_identity + "#review|" + task_identifier + "|" + task_version);
  Value prov(rapidjson::kObjectType);
  prov.AddMember("resourceType", "Provenance", a);
  prov.AddMember("id", text(provenance_id, a), a);
  Value target_list(rapidjson::kArrayType);
  for (const auto& t : targets) {
    Value ref(rapidjson::kObjectType);
    ref.AddMember("reference", text(t, a), a);
    target_list.PushBack(ref, a);
  }
  prov.AddMember("target", target_list, a);
  prov.AddMember("recorded", text(c.now, a), a);
  Value activity(rapidjson::kObjectType);
  Value acodings(rapidjson::kArrayType);
  acodings.PushBack(coding("http://terminology.hl7.org/CodeSystem/v3-DataOperation", "UPDATE", "revise", a), a);
  activity.AddMember("coding", acodings, a);
  activity.AddMember("text", Value(d.amend ? "Expert review: amended" : "Expert review: confirmed", a), a);
  prov.AddMember("activity", activity, a);
  Value agents(rapidjson::kArrayType);
  Value agent(rapidjson::kObjectType);
  Value atype(rapidjson::kObjectType);
  Value tcodings(rapidjson::kArrayType);
  tcodings.PushBack(coding("http://terminology.hl7.org/CodeSystem/provenance-participant-type", "verifier", "Verifier", a), a);
  atype.AddMember("coding", tcodings, a);
  agent.AddMember("type", atype, a);
  agent.AddMember("who", reviewer_reference(c, a), a);
  agents.PushBack(agent, a);
  prov.AddMember("agent", agents, a);
  Value entities(rapidjson::kArrayType);
  Value source(rapidjson::kObjectType);
  source.AddMember("role", "source", a);
  Value what(rapidjson::kObjectType);
  what.AddMember("reference", text(c.report_reference, a), a);
  source.AddMember("what", what, a);
  entities.PushBack(source, a);
  prov.AddMember("entity", entities, a);
  entries.PushBack(entry(std::move(prov), "Provenance/" + provenance_id, "Provenance/" + provenance_id, a), a);

  bundle.AddMember("resourceType", "Bundle", a);
  bundle.AddMember("type", "transaction", a);
  bundle.AddMember("entry", entries, a);
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  bundle.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace sarcoma::service::web
