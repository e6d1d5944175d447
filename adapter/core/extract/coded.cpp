#include "adapter/core/extract/coded.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_map>

#include "adapter/core/extract/labels.hpp"
#include "adapter/core/extract/narrative.hpp"
#include "adapter/core/extract/tokens.hpp"

namespace sarcoma::core::extraction {
namespace {

using mappings::ElementKind;

constexpr std::string_view kUcum = "http://unitsofmeasure.org";

// Where a value sits: the citation, the resource-relative path ("Observation.component[1]") and
// the root-relative expression used in issues ("Bundle.entry[3].resource.component[1]").
struct Where {
  std::string resource;
  std::string path;
  std::string expr;
  Where child(const std::string& element) const {
    return {resource, path + "." + element, expr + "." + element};
  }
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) ch = lower_ascii(ch);
  return out;
}

fhir::Issue info(const char* code, std::string diagnostics, std::string expression) {
  fhir::Issue i;
  i.severity = fhir::Severity::information;
  i.code = code;
  i.diagnostics = std::move(diagnostics);
  i.expression = std::move(expression);
  return i;
}

std::string_view str(const fhir::String& s) {
  return s.value ? std::string_view(*s.value) : std::string_view();
}
std::string_view str(const fhir::Code& s) {
  return s.value ? std::string_view(*s.value) : std::string_view();
}
std::string_view str(const fhir::Uri& s) {
  return s.value ? std::string_view(*s.value) : std::string_view();
}

// Length unit of a Quantity as UCUM ("cm", "mm", "m", "[in_i]"), "" when not a length.
std::string length_unit(const fhir::Quantity& q) {
  std::string u = lower(
      !str(q.code).empty() && (str(q.system).empty() || str(q.system) == kUcum) ? str(q.code) : str(q.unit));
  if (u == "cm" || u == "centimeter" || u == "centimeters" || u == "centimetre" || u == "centimetres")
    return "cm";
  if (u == "mm" || u == "millimeter" || u == "millimeters" || u == "millimetre" || u == "millimetres")
    return "mm";
  if (u == "m" || u == "meter" || u == "metre") return "m";
  if (u == "[in_i]" || u == "in" || u == "inch" || u == "inches") return "[in_i]";
  return "";
}

// The denominator of a mitotic count from a unit ("/10.[HPF]", "{mitoses}/10 HPF", "mitoses per
// 10 HPF", "/(10.HPF)", "/mm2") or the element's default ("10 hpf"). The amount is the number
// written right before the unit word; with none, the unit word must follow "/" or "per" ("/HPF",
// "per high power field": one field). Anything else ("per ten HPF", "HPF", "/0 HPF") is not
// understood: a guessed field count would scale the mitotic score tenfold. `bare_ok`: a Ratio's
// denominator, whose value counts the fields, may name the field alone ("HPF", "[HPF]").
bool mitotic_unit(std::string_view unit, MitoticRate& r, bool bare_ok = false) {
  std::string u = lower(unit);
  static constexpr std::string_view kHpfWords[] = {"hpf", "high power", "high-power"};
  static constexpr std::string_view kMm2Words[] = {"mm2", "mm^2", "mm\xc2\xb2", "mm 2"};
  std::size_t hpf = std::string::npos, mm2 = std::string::npos;
  for (auto word : kHpfWords) hpf = std::min(hpf, u.find(word));
  for (auto word : kMm2Words) mm2 = std::min(mm2, u.find(word));
  if (hpf == std::string::npos && mm2 == std::string::npos) return false;
  std::size_t at = hpf != std::string::npos ? hpf : mm2;
  auto separator = [](char ch) { return ch == ' ' || ch == '.' || ch == '[' || ch == '(' || ch == '{'; };
  std::size_t e = at;
  while (e > 0 && separator(u[e - 1])) --e;
  std::size_t b = e;
  while (b > 0 && ((u[b - 1] >= '0' && u[b - 1] <= '9') || u[b - 1] == '.')) --b;
  fhir::Decimal amount = fhir::Decimal::from_int(1);
  if (b < e) {
    auto d = fhir::Decimal::parse_lenient(std::string_view(u).substr(b, e - b));
    if (!d || d->is_zero() || d->negative()) return false;
    amount = *d;
  } else {
    bool slash = e > 0 && u[e - 1] == '/';
    bool per = e >= 3 && u.compare(e - 3, 3, "per") == 0 &&
               (e == 3 || !std::isalpha(static_cast<unsigned char>(u[e - 4])));
    if (!slash && !per && !(bare_ok && e == 0)) return false;
  }
  r.per_unit = hpf != std::string::npos ? MitoticRate::Per::hpf : MitoticRate::Per::mm2;
  r.per_amount = amount;
  return true;
}

std::optional<bool> yes_no(std::string_view text) {
  std::string t = lower(text);
  auto starts = [&](std::string_view p) { return t.compare(0, p.size(), p) == 0; };
  if (starts("not ") || starts("no") || starts("absent") || starts("negative") || starts("false") ||
      starts("none")) {
    if (starts("not applicable") || starts("not assessed") || starts("not evaluated")) return std::nullopt;
    return false;
  }
  if (starts("yes") || starts("present") || starts("positive") || starts("identified") || starts("true") ||
      starts("involved")) {
    return true;
  }
  return std::nullopt;
}

NarrativeHint hint_of(ElementKind k) {
  switch (k) {
    case ElementKind::histology: return NarrativeHint::histology;
    case ElementKind::site: return NarrativeHint::site;
    case ElementKind::size: return NarrativeHint::size;
    case ElementKind::mitotic_rate: return NarrativeHint::mitoses;
    case ElementKind::necrosis: return NarrativeHint::necrosis;
    case ElementKind::differentiation_score: return NarrativeHint::differentiation_score;
    case ElementKind::mitotic_score: return NarrativeHint::mitotic_score;
    case ElementKind::necrosis_score: return NarrativeHint::necrosis_score;
    case ElementKind::grade: return NarrativeHint::grade;
    case ElementKind::t_category:
    case ElementKind::n_category:
    case ElementKind::m_category: return NarrativeHint::tnm;
    case ElementKind::stage_group: return NarrativeHint::stage;
    case ElementKind::nodal_status: return NarrativeHint::nodes;
    case ElementKind::nodes_positive: return NarrativeHint::nodes_involved;
    case ElementKind::distant_metastasis: return NarrativeHint::distant;
    case ElementKind::post_neoadjuvant: return NarrativeHint::treatment_history;
    case ElementKind::multifocal_sites: return NarrativeHint::multifocal;
    default: return NarrativeHint::any;
  }
}

// A synoptic label's field as an element kind (CAP eCC questions recognised by their text).
std::optional<ElementKind> kind_of(Field f) {
  switch (f) {
    case Field::histology: return ElementKind::histology;
    case Field::site: return ElementKind::site;
    case Field::size: return ElementKind::size;
    case Field::mitoses: return ElementKind::mitotic_rate;
    case Field::necrosis: return ElementKind::necrosis;
    case Field::grade: return ElementKind::grade;
    case Field::differentiation_score: return ElementKind::differentiation_score;
    case Field::mitotic_score: return ElementKind::mitotic_score;
    case Field::necrosis_score: return ElementKind::necrosis_score;
    case Field::nodes: return ElementKind::nodal_status;
    case Field::nodes_involved: return ElementKind::nodes_positive;
    case Field::distant: return ElementKind::distant_metastasis;
    case Field::tnm: return ElementKind::t_category;
    case Field::stage: return ElementKind::stage_group;
    case Field::treatment_effect:
    case Field::treatment_history: return ElementKind::post_neoadjuvant;
    case Field::multifocal: return ElementKind::multifocal_sites;
    case Field::extent: return ElementKind::extent_finding;  // no key: the answer names the finding
    case Field::ignored: return ElementKind::ignored;
    case Field::free: return std::nullopt;
  }
  return std::nullopt;
}

template <class T>
Fact<T> coded_fact(T value, const Where& w) {
  Fact<T> f;
  f.value = std::move(value);
  f.method = Method::coded;
  f.source.resource = w.resource;
  f.source.path = w.path;
  return f;
}

class Coded {
 public:
  Coded(const fhir::ResolvedReport& report, const mappings::Rules& rules,
        const mappings::ElementCodes* elements, Collector& out)
      : report_(report), rules_(rules), elements_(elements), out_(out) {}

  void run() {
    specimen_labels();
    for (const auto& ro : report_.observations) observation(ro);
    const auto& dr = *report_.report;
    for (std::size_t i = 0; i < dr.conclusionCode.size(); ++i) {
      std::string el = "conclusionCode[" + std::to_string(i) + "]";
      Where w{report_.reference, "DiagnosticReport." + el, report_.path + "." + el};
      conclusion_code(dr.conclusionCode[i], w);
    }
  }

 private:
  // ---- which tumour: by Observation.specimen when the Observations name several specimens ----
  void specimen_labels() {
    std::unordered_map<const fhir::Observation*, const fhir::Observation*> parent;
    for (const auto& ro : report_.observations) parent[ro.observation] = ro.parent;
    std::vector<std::string> distinct;
    for (const auto& ro : report_.observations) {
      const fhir::Observation* o = ro.observation;
      for (int depth = 0; o != nullptr && depth < 64; ++depth) {
        if (o->specimen && (o->specimen->reference.value || o->specimen->display.value)) break;
        auto it = parent.find(o);
        o = it == parent.end() ? nullptr : it->second;
      }
      std::string label;
      if (o != nullptr && o->specimen) label = specimen_label(*o->specimen);
      labels_[ro.observation] = label;
      if (std::find(distinct.begin(), distinct.end(), label) == distinct.end()) distinct.push_back(label);
    }
    if (distinct.size() <= 1) {
      for (auto& [obs, label] : labels_) label.clear();
    }
  }

  static std::string specimen_label(const fhir::Reference& r) {
    std::string_view d = str(r.display);
    if (d.empty()) return std::string(str(r.reference));
    std::vector<Token> toks;
    toks.resize(tokenize(d, 0, d.size(), toks));
    std::size_t k = 0;
    auto word = [&](std::size_t i) { return d.substr(toks[i].begin, toks[i].end - toks[i].begin); };
    if (!toks.empty() && toks[0].kind == Tok::word &&
        (ieq(word(0), "specimen") || ieq(word(0), "part") || ieq(word(0), "container") ||
         ieq(word(0), "tumor") || ieq(word(0), "tumour"))) {
      k = 1;
    }
    if (k < toks.size() && toks[k].kind != Tok::punct && word(k).size() <= 2) {
      std::string l(word(k));
      for (auto& ch : l) ch = (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;
      return l;
    }
    return std::string(d);
  }

  // ---- Observation ----
  void observation(const fhir::ResolvedObservation& ro) {
    const fhir::Observation& o = *ro.observation;
    const std::string& label = labels_[ro.observation];
    Where w{ro.reference, "Observation", ro.path};
    bool has_value = !std::holds_alternative<std::monostate>(o.value);
    bool answers_in_components = false;
    if (o.code) {
      if (auto ec = element(*o.code)) {
        // CAP eCC multi-select answers ("Tumor Extension") come as value-less components whose
        // code is the answer.
        answers_in_components = !has_value && ec->kind == ElementKind::extent_finding && ec->finding.empty();
        value(*ec, o.value, w, label);
      } else if (has_value || o.hasMember.empty()) {
        unknown_code(*o.code, w.child("code"));
        if (const auto* s = std::get_if<fhir::String>(&o.value); s && s->value) {
          narrative(*s->value, NarrativeHint::any, w.child("valueString"), label);
        }
      }
    }
    for (std::size_t i = 0; i < o.component.size(); ++i) {
      const auto& comp = o.component[i];
      Where cw = w.child("component[" + std::to_string(i) + "]");
      if (!comp.code) continue;
      if (answers_in_components && std::holds_alternative<std::monostate>(comp.value)) {
        extent_answer(*comp.code, cw.child("code"), label);
        continue;
      }
      if (auto ec = element(*comp.code)) {
        value(*ec, comp.value, cw, label);
      } else {
        unknown_code(*comp.code, cw.child("code"));
      }
    }
    if (o.bodySite) site(*o.bodySite, w.child("bodySite"), label);
    for (std::size_t i = 0; i < o.note.size(); ++i) {
      if (o.note[i].text.value) {
        narrative(*o.note[i].text.value, NarrativeHint::any, w.child("note[" + std::to_string(i) + "].text"),
                  label);
      }
    }
  }

  // The element a code names: the table first, then a synoptic label in a label system.
  std::optional<mappings::ElementCode> element(const fhir::CodeableConcept& cc) const {
    if (elements_ == nullptr) return std::nullopt;
    for (const auto& c : cc.coding) {
      if (!c.system.value || !c.code.value) continue;
      if (const auto* e = elements_->find(*c.system.value, *c.code.value)) return *e;
    }
    for (const auto& c : cc.coding) {
      if (!c.system.value || !elements_->is_label_system(*c.system.value)) continue;
      std::string_view text = c.display.value ? std::string_view(*c.display.value) : str(cc.text);
      if (text.empty()) continue;
      mappings::ElementCode e;
      e.system = *c.system.value;
      e.code = c.code.value.value_or("");
      e.per = "10 hpf";
      // A question naming a T-category finding ("Serosal Involvement", "Orbital Invasion"): its
      // answer says present or absent.
      e.finding = finding_named(text);
      if (!e.finding.empty()) {
        e.kind = ElementKind::extent_finding;
        return e;
      }
      auto kind = kind_of(classify_label(text).field);
      if (!kind) continue;
      e.kind = *kind;
      return e;
    }
    return std::nullopt;
  }

  // An answer that names a finding ("Tumor invades the serosa"): from its display, else its text.
  void extent_answer(const fhir::CodeableConcept& cc, const Where& w, const std::string& label) {
    bool found = false;
    for (const auto& c : cc.coding) {
      if (c.display.value && !found) coded_text(*c.display.value, NarrativeHint::any, w, label, {}, found);
    }
    if (!found && cc.text.value) coded_text(*cc.text.value, NarrativeHint::any, w, label, {}, found);
  }

  // The one finding key a question text names, "" when it names none or several.
  std::string finding_named(std::string_view text) const {
    std::string key;
    for (const auto& m : rules_.find_finding_phrases(text)) {
      if (m.entry == nullptr) continue;
      if (!key.empty() && key != m.entry->key) return {};
      key = m.entry->key;
    }
    return key;
  }

  void unknown_code(const fhir::CodeableConcept& cc, const Where& w) {
    std::string what;
    for (const auto& c : cc.coding) {
      if (!what.empty()) what += ", ";
      what += std::string(str(c.system)) + "|" + std::string(str(c.code));
    }
    if (what.empty()) what = "(text only)";
    out_.issues().push_back(
        info("not-supported", "Observation code not in mappings/elements.json: " + what, w.expr));
  }

  // Narrative facts from a string in a coded element (method narrative).
  void narrative(std::string_view text, NarrativeHint hint, const Where& w, const std::string& label,
                 std::string_view prefix = {}) {
    NarrativeFacts nf = scan_narrative(text, rules_, hint);
    default_prefix(nf, prefix);
    out_.add(std::move(nf), w.resource, w.path, label);
  }

  // Facts read from a coding's code or display: coded, without narrative line spans.
  void coded_text(std::string_view text, NarrativeHint hint, const Where& w, const std::string& label,
                  std::string_view prefix, bool& found) {
    NarrativeFacts nf = scan_narrative(text, rules_, hint);
    default_prefix(nf, prefix);
    bool any = false;
    for (auto& t : nf.tumours) {
      t.label.clear();
      auto fix = [&](auto& list) {
        for (auto& f : list) {
          f.method = Method::coded;
          f.source = Source{};
          any = true;
        }
      };
      fix(t.histology);
      fix(t.site);
      fix(t.size);
      fix(t.mitoses);
      fix(t.necrosis);
      fix(t.stated_differentiation_score);
      fix(t.stated_mitotic_score);
      fix(t.stated_necrosis_score);
      fix(t.stated_grade);
      fix(t.nodal_metastasis);
      fix(t.distant_metastasis);
      fix(t.multifocal_site_count);
      fix(t.extent_findings);
      fix(t.stated_t);
      fix(t.stated_n);
      fix(t.stated_m);
      fix(t.stated_stage_group);
    }
    for (auto* list : {&nf.circumstances.post_neoadjuvant, &nf.circumstances.recurrence,
                       &nf.circumstances.unplanned_excision}) {
      for (auto& f : *list) {
        f.method = Method::coded;
        f.source = Source{};
        any = true;
      }
    }
    found = found || any;
    out_.add(std::move(nf), w.resource, w.path, label);
  }

  static void default_prefix(NarrativeFacts& nf, std::string_view prefix) {
    if (prefix.empty()) return;
    for (auto& t : nf.tumours) {
      for (auto* list : {&t.stated_t, &t.stated_n, &t.stated_m, &t.stated_stage_group}) {
        for (auto& f : *list) {
          if (f.value.prefix.empty()) f.value.prefix = std::string(prefix);
        }
      }
    }
  }

  // ---- values by kind ----
  void value(const mappings::ElementCode& ec, const fhir::ObservationValue& v, const Where& w,
             const std::string& label) {
    TumourFacts& t = out_.tumour(label);
    Circumstances& circ = out_.circumstances();
    switch (ec.kind) {
      case ElementKind::panel:
      case ElementKind::ignored:
      case ElementKind::nodes_examined:
      case ElementKind::size_additional_dimension: return;  // the greatest dimension is reported itself
      case ElementKind::narrative:
        if (const auto* s = std::get_if<fhir::String>(&v); s && s->value) {
          narrative(*s->value, NarrativeHint::any, w.child("valueString"), label);
        } else if (const auto* cc = std::get_if<fhir::CodeableConcept>(&v); cc && cc->text.value) {
          narrative(*cc->text.value, NarrativeHint::any, w.child("valueCodeableConcept.text"), label);
        }
        return;
      default: break;
    }
    if (const auto* s = std::get_if<fhir::String>(&v)) {
      if (!s->value) return;
      // A finding answered in words ("Present", "Not identified").
      if (ec.kind == ElementKind::extent_finding && !ec.finding.empty()) {
        if (auto yn = yes_no(*s->value)) boolean(ec, *yn, w.child("valueString"), t, circ);
        return;
      }
      narrative(*s->value, hint_of(ec.kind), w.child("valueString"), label, ec.prefix);
      return;
    }
    if (const auto* cc = std::get_if<fhir::CodeableConcept>(&v)) {
      concept_value(ec, *cc, w.child("valueCodeableConcept"), label);
      return;
    }
    if (const auto* q = std::get_if<fhir::Quantity>(&v)) {
      quantity(ec, *q, w.child("valueQuantity"), t);
      return;
    }
    if (const auto* r = std::get_if<fhir::Range>(&v)) {
      const fhir::Quantity* q = r->high ? &*r->high : r->low ? &*r->low : nullptr;
      if (q != nullptr) quantity(ec, *q, w.child("valueRange"), t);
      return;
    }
    if (const auto* ratio = std::get_if<fhir::Ratio>(&v)) {
      if (ec.kind == ElementKind::mitotic_rate && ratio->numerator && ratio->numerator->value.value &&
          ratio->denominator && ratio->denominator->value.value) {
        MitoticRate r;
        r.count = *ratio->numerator->value.value;
        std::string unit(str(ratio->denominator->code).empty() ? str(ratio->denominator->unit)
                                                               : str(ratio->denominator->code));
        if (mitotic_unit(unit, r, true) && !ratio->denominator->value.value->is_zero() &&
            !ratio->denominator->value.value->negative()) {
          r.per_amount = *ratio->denominator->value.value * r.per_amount;  // 10 x "HPF"; 1 x "10 HPF"
          t.mitoses.push_back(coded_fact(r, w.child("valueRatio")));
          return;
        }
      }
      out_.issues().push_back(
          info("not-supported", "Ratio value not understood for this element", w.expr + ".valueRatio"));
      return;
    }
    if (const auto* b = std::get_if<fhir::Boolean>(&v)) {
      if (b->value) boolean(ec, *b->value, w.child("valueBoolean"), t, circ);
      return;
    }
    if (const auto* n = std::get_if<fhir::Integer>(&v)) {
      if (n->value) integer(ec, *n->value, w.child("valueInteger"), t);
      return;
    }
  }

  void concept_value(const mappings::ElementCode& ec, const fhir::CodeableConcept& cc, const Where& w,
                     const std::string& label) {
    TumourFacts& t = out_.tumour(label);
    if (ec.kind == ElementKind::histology) {
      histology(cc, w, label);
      return;
    }
    if (ec.kind == ElementKind::site) {
      site(cc, w, label);
      return;
    }
    // Answer codes from the table ("G2", "present", "absent").
    for (std::size_t i = 0; i < cc.coding.size(); ++i) {
      const auto& c = cc.coding[i];
      if (!c.system.value || !c.code.value || elements_ == nullptr) continue;
      const auto* vc = elements_->find_value(*c.system.value, *c.code.value);
      if (vc == nullptr) continue;
      if (answer(ec, vc->value, w, t)) return;
    }
    // Otherwise the code itself ("T2" in the AJCC system), the display, then the text.
    bool found = false;
    NarrativeHint hint = hint_of(ec.kind);
    for (const auto& c : cc.coding) {
      if (c.code.value && (ec.kind == ElementKind::t_category || ec.kind == ElementKind::n_category ||
                           ec.kind == ElementKind::m_category || ec.kind == ElementKind::stage_group ||
                           ec.kind == ElementKind::grade)) {
        coded_text(*c.code.value, hint, w, label, ec.prefix, found);
        if (found) return;
      }
      if (c.display.value) {
        if (auto yn = yes_no(*c.display.value); yn && boolean(ec, *yn, w, t, out_.circumstances())) return;
        coded_text(*c.display.value, hint, w, label, ec.prefix, found);
        if (found) return;
      }
    }
    if (cc.text.value) {
      if (auto yn = yes_no(*cc.text.value); yn && boolean(ec, *yn, w, t, out_.circumstances())) return;
      narrative(*cc.text.value, hint, w.child("text"), label, ec.prefix);
      return;
    }
    for (std::size_t i = 0; i < cc.coding.size(); ++i) {
      const auto& c = cc.coding[i];
      if (!c.code.value) continue;
      out_.issues().push_back(info("code-invalid",
                                   "answer code not understood for " +
                                       std::string(mappings::to_string(ec.kind)) + ": " +
                                       std::string(str(c.system)) + "|" + *c.code.value,
                                   w.expr + ".coding[" + std::to_string(i) + "]"));
    }
  }

  // A value from the answer table: "G1".."GX", "present"/"absent".
  bool answer(const mappings::ElementCode& ec, const std::string& v, const Where& w, TumourFacts& t) {
    if (v == "present" || v == "absent") return boolean(ec, v == "present", w, t, out_.circumstances());
    if (ec.kind == ElementKind::grade && v.size() == 2 && v[0] == 'G') {
      t.stated_grade.push_back(coded_fact(StatedCategory{"", v}, w));
      return true;
    }
    bool found = false;
    coded_text(v, hint_of(ec.kind), w, t.label, ec.prefix, found);
    return found;
  }

  bool boolean(const mappings::ElementCode& ec, bool b, const Where& w, TumourFacts& t, Circumstances& circ) {
    switch (ec.kind) {
      case ElementKind::nodal_status: t.nodal_metastasis.push_back(coded_fact(b, w)); return true;
      case ElementKind::distant_metastasis: t.distant_metastasis.push_back(coded_fact(b, w)); return true;
      case ElementKind::post_neoadjuvant: circ.post_neoadjuvant.push_back(coded_fact(b, w)); return true;
      case ElementKind::recurrence: circ.recurrence.push_back(coded_fact(b, w)); return true;
      case ElementKind::unplanned_excision: circ.unplanned_excision.push_back(coded_fact(b, w)); return true;
      case ElementKind::extent_finding:
        if (ec.finding.empty()) return false;  // "Tumor extent: present" names no finding
        t.extent_findings.push_back(coded_fact(Finding{ec.finding, b}, w));
        return true;
      case ElementKind::necrosis: {
        Necrosis n;
        n.extent = b ? Necrosis::Extent::present_extent_unknown : Necrosis::Extent::absent;
        t.necrosis.push_back(coded_fact(n, w));
        return true;
      }
      default: return false;
    }
  }

  void integer(const mappings::ElementCode& ec, int v, const Where& w, TumourFacts& t) {
    auto bad = [&](const char* why) { out_.issues().push_back(info("value", why, w.expr)); };
    switch (ec.kind) {
      case ElementKind::differentiation_score:
        if (v < 1 || v > 3) return bad("differentiation score outside 1-3");
        t.stated_differentiation_score.push_back(coded_fact(v, w));
        return;
      case ElementKind::mitotic_score:
        if (v < 1 || v > 3) return bad("mitotic score outside 1-3");
        t.stated_mitotic_score.push_back(coded_fact(v, w));
        return;
      case ElementKind::necrosis_score:
        if (v < 0 || v > 2) return bad("necrosis score outside 0-2");
        t.stated_necrosis_score.push_back(coded_fact(v, w));
        return;
      case ElementKind::grade:
        if (v < 1 || v > 3) return bad("grade outside 1-3");
        t.stated_grade.push_back(coded_fact(StatedCategory{"", "G" + std::to_string(v)}, w));
        return;
      case ElementKind::nodes_positive:
        if (v < 0) return bad("negative node count");
        t.nodal_metastasis.push_back(coded_fact(v > 0, w));
        return;
      case ElementKind::multifocal_sites:
        if (v < 1) return bad("site count below 1");
        t.multifocal_site_count.push_back(coded_fact(v, w));
        return;
      case ElementKind::mitotic_rate: {
        if (v < 0) return bad("negative mitotic count");
        MitoticRate r;
        r.count = fhir::Decimal::from_int(v);
        if (!mitotic_unit(ec.per.empty() ? "10 hpf" : ec.per, r)) r.per_amount = fhir::Decimal::from_int(10);
        t.mitoses.push_back(coded_fact(r, w));
        return;
      }
      default:
        out_.issues().push_back(
            info("not-supported",
                 std::string("integer value not understood for ") + mappings::to_string(ec.kind), w.expr));
    }
  }

  void quantity(const mappings::ElementCode& ec, const fhir::Quantity& q, const Where& w, TumourFacts& t) {
    if (!q.value.value) return;
    const fhir::Decimal& d = *q.value.value;
    std::string_view unit = !str(q.code).empty() ? str(q.code) : str(q.unit);
    switch (ec.kind) {
      case ElementKind::size: {
        std::string u = length_unit(q);
        if (u.empty()) {
          out_.issues().push_back(
              info("code-invalid", "tumour size unit not understood: " + std::string(unit), w.expr));
          return;
        }
        if (d.negative()) {
          out_.issues().push_back(info("value", "negative tumour size", w.expr));
          return;
        }
        t.size.push_back(coded_fact(Size{d, u}, w));
        return;
      }
      case ElementKind::mitotic_rate: {
        MitoticRate r;
        r.count = d;
        if (unit.empty() || unit == "1" || unit == "{count}" || unit == "{mitoses}") {
          if (!mitotic_unit(ec.per.empty() ? "10 hpf" : ec.per, r))
            r.per_amount = fhir::Decimal::from_int(10);
        } else if (!mitotic_unit(unit, r)) {
          out_.issues().push_back(
              info("code-invalid", "mitotic count unit not understood: " + std::string(unit), w.expr));
          return;
        }
        t.mitoses.push_back(coded_fact(r, w));
        return;
      }
      case ElementKind::necrosis: {
        if (unit != "%" && lower(unit) != "percent") {
          out_.issues().push_back(
              info("code-invalid", "necrosis unit not understood: " + std::string(unit), w.expr));
          return;
        }
        Necrosis n;
        const auto fifty = fhir::Decimal::from_int(50);
        n.percent = d;
        n.extent = d.is_zero() ? Necrosis::Extent::absent
                   : d < fifty ? Necrosis::Extent::less_than_50
                               : Necrosis::Extent::at_least_50;
        t.necrosis.push_back(coded_fact(n, w));
        return;
      }
      default: {
        // Unitless counts and scores as Quantity.
        auto text = d.text();
        bool whole = text.find_first_not_of("0123456789") == std::string::npos && text.size() <= 6;
        if (whole) return integer(ec, std::stoi(text), w, t);
        out_.issues().push_back(
            info("not-supported", "Quantity value not understood for this element", w.expr));
      }
    }
  }

  void histology(const fhir::CodeableConcept& cc, const Where& w, const std::string& label) {
    TumourFacts& t = out_.tumour(label);
    Histology h;
    for (const auto& c : cc.coding)
      h.codings.push_back(
          Coding{std::string(str(c.system)), std::string(str(c.code)), std::string(str(c.display))});
    h.text = std::string(str(cc.text));
    for (const auto& c : cc.coding) {
      if (!c.system.value || !c.code.value) continue;
      if (const auto* e = rules_.histology_by_code(*c.system.value, *c.code.value)) {
        h.entry_id = e->id;
        t.histology.push_back(coded_fact(std::move(h), w));
        return;
      }
    }
    for (std::size_t i = 0; i < cc.coding.size(); ++i) {
      const auto& c = cc.coding[i];
      if (!c.code.value) continue;
      out_.issues().push_back(
          info("code-invalid",
               "histology code not in the mappings: " + std::string(str(c.system)) + "|" + *c.code.value,
               w.expr + ".coding[" + std::to_string(i) + "]"));
    }
    if (cc.text.value) narrative(*cc.text.value, NarrativeHint::histology, w.child("text"), label);
  }

  void site(const fhir::CodeableConcept& cc, const Where& w, const std::string& label) {
    TumourFacts& t = out_.tumour(label);
    Site s;
    for (const auto& c : cc.coding)
      s.codings.push_back(
          Coding{std::string(str(c.system)), std::string(str(c.code)), std::string(str(c.display))});
    s.text = std::string(str(cc.text));
    for (const auto& c : cc.coding) {
      if (!c.system.value || !c.code.value) continue;
      if (const auto* e = rules_.site_by_code(*c.system.value, *c.code.value)) {
        s.entry_id = e->id;
        t.site.push_back(coded_fact(std::move(s), w));
        return;
      }
    }
    for (std::size_t i = 0; i < cc.coding.size(); ++i) {
      const auto& c = cc.coding[i];
      if (!c.code.value) continue;
      out_.issues().push_back(
          info("code-invalid",
               "site code not in the mappings: " + std::string(str(c.system)) + "|" + *c.code.value,
               w.expr + ".coding[" + std::to_string(i) + "]"));
    }
    if (cc.text.value) narrative(*cc.text.value, NarrativeHint::site, w.child("text"), label);
  }

  void conclusion_code(const fhir::CodeableConcept& cc, const Where& w) {
    TumourFacts& t = out_.tumour("");
    Histology h;
    for (const auto& c : cc.coding)
      h.codings.push_back(
          Coding{std::string(str(c.system)), std::string(str(c.code)), std::string(str(c.display))});
    h.text = std::string(str(cc.text));
    for (const auto& c : cc.coding) {
      if (!c.system.value || !c.code.value) continue;
      if (const auto* e = rules_.histology_by_code(*c.system.value, *c.code.value)) {
        h.entry_id = e->id;
        t.histology.push_back(coded_fact(std::move(h), w));
        return;
      }
    }
    for (std::size_t i = 0; i < cc.coding.size(); ++i) {
      const auto& c = cc.coding[i];
      if (!c.code.value) continue;
      out_.issues().push_back(
          info("code-invalid",
               "conclusion code not in the mappings: " + std::string(str(c.system)) + "|" + *c.code.value,
               w.expr + ".coding[" + std::to_string(i) + "]"));
    }
    if (cc.text.value) narrative(*cc.text.value, NarrativeHint::any, w.child("text"), "");
  }

  const fhir::ResolvedReport& report_;
  const mappings::Rules& rules_;
  const mappings::ElementCodes* elements_;
  Collector& out_;
  std::unordered_map<const fhir::Observation*, std::string> labels_;
};

}  // namespace

void extract_coded(const fhir::ResolvedReport& report, const mappings::Rules& rules,
                   const mappings::ElementCodes* elements, Collector& out) {
  Coded(report, rules, elements, out).run();
}

}  // namespace sarcoma::core::extraction
