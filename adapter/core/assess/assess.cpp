#include "adapter/core/assess/assess.hpp"

#include "adapter/core/assess/ajcc.hpp"
#include "adapter/core/assess/fnclcc.hpp"
#include "mappings/staging_tables.hpp"

namespace sarcoma::core {
namespace {

// The fact to use among candidates: the first coded one, else the first narrative one.
template <class T>
const Fact<T>* preferred(const std::vector<Fact<T>>& facts) {
  for (const auto& f : facts) {
    if (f.method == Method::coded) return &f;
  }
  return facts.empty() ? nullptr : &facts.front();
}

// As `preferred`, but a candidate the tables recognise wins over one they do not.
template <class T, class Lookup>
const Fact<T>* preferred_recognised(const std::vector<Fact<T>>& facts, Lookup lookup) {
  for (Method m : {Method::coded, Method::narrative}) {
    for (const auto& f : facts) {
      if (f.method == m && lookup(f.value.entry_id) != nullptr) return &f;
    }
  }
  return preferred(facts);
}

template <class T>
std::optional<Fact<T>> first_of(const std::vector<Fact<T>>& facts) {
  const auto* f = preferred(facts);
  return f ? std::optional<Fact<T>>(*f) : std::nullopt;
}

template <class T>
bool any_true(const std::vector<Fact<T>>& facts) {
  for (const auto& f : facts) {
    if (f.value) return true;
  }
  return false;
}

// Nodal or distant status: a finding of the element wins; otherwise a stated category ("pN1",
// "M0") is the pathologist reporting the same thing.
std::optional<bool> spread(const std::vector<Fact<bool>>& findings, const std::vector<Fact<StatedCategory>>& stated,
                           char letter, std::vector<Source>& sources) {
  if (const auto* f = preferred(findings)) {
    sources.push_back(f->source);
    return f->value;
  }
  if (const auto* s = preferred(stated)) {
    const std::string& v = s->value.value;
    if (v.size() >= 2 && v[0] == letter && (v[1] == '0' || v[1] == '1')) {
      sources.push_back(s->source);
      return v[1] == '1';
    }
  }
  return std::nullopt;
}

TumourAssessment assess_tumour(const TumourFacts& t, const ReportFacts& facts, const mappings::Rules& rules,
                               const mappings::StagingTables& tables, const AssessOptions& options) {
  TumourAssessment a;
  a.label = t.label;

  if (const auto* h = preferred_recognised(t.histology, [&](const std::string& id) { return rules.histology_by_id(id); })) {
    a.histology = *h;
    a.histology_entry = rules.histology_by_id(h->value.entry_id);
  }
  if (const auto* s = preferred_recognised(t.site, [&](const std::string& id) { return rules.site_by_id(id); })) {
    a.site = *s;
    a.site_entry = rules.site_by_id(s->value.entry_id);
  }
  // Site-dependent rows: Ewing sarcoma at a bone site is Ewing sarcoma of bone, osteosarcoma at a
  // soft-tissue site is extraskeletal osteosarcoma (histology.json names the other row).
  if (a.histology_entry != nullptr && a.site_entry != nullptr) {
    const std::string& other = a.site_entry->bone ? a.histology_entry->at_bone_site : a.histology_entry->at_soft_tissue_site;
    if (!other.empty()) {
      if (const auto* e = rules.histology_by_id(other)) a.histology_entry = e;
    }
  }
  const mappings::HistologyEntry* h = a.histology_entry;

  // FNCLCC grade.
  GradeInputs gi;
  gi.area_of_10_hpf_mm2 = options.area_of_10_hpf_mm2;
  const auto* stated_diff = preferred(t.stated_differentiation_score);
  if (h != nullptr && h->differentiation_score) {
    gi.differentiation = h->differentiation_score;
  } else if (stated_diff != nullptr) {
    gi.differentiation = stated_diff->value;
    gi.differentiation_stated = true;
  }
  const auto* mitoses = preferred(t.mitoses);
  const auto* necrosis = preferred(t.necrosis);
  if (mitoses) gi.mitoses = mitoses->value;
  if (necrosis) gi.necrosis = necrosis->value;
  const auto* stated_mit = preferred(t.stated_mitotic_score);
  const auto* stated_nec = preferred(t.stated_necrosis_score);
  if (stated_mit) gi.stated_mitotic_score = stated_mit->value;
  if (stated_nec) gi.stated_necrosis_score = stated_nec->value;

  bool gradable = h == nullptr || h->fnclcc_gradable;
  if (gradable) {
    a.grade = compute_grade(tables, gi);
    if (a.histology && h && h->differentiation_score) a.grade.differentiation.sources.push_back(a.histology->source);
    if (gi.differentiation_stated) a.grade.differentiation.sources.push_back(stated_diff->source);
    if (a.grade.mitotic.score) {
      const auto& src = a.grade.mitotic.from_stated_score ? stated_mit->source : mitoses->source;
      a.grade.mitotic.sources.push_back(src);
    }
    if (a.grade.necrosis.score) {
      const auto& src = a.grade.necrosis.from_stated_score ? stated_nec->source : necrosis->source;
      a.grade.necrosis.sources.push_back(src);
    }
    if (h != nullptr && h->differentiation_score && stated_diff != nullptr && stated_diff->value != *h->differentiation_score) {
      a.grade.assumptions.push_back({"differentiation-from-table",
                                     "The report states a differentiation score that differs from the histology "
                                     "table's; the table's score was used."});
    }
  } else {
    a.grade.applicable = false;
    a.grade.grade = tables.grade_not_applicable.value;
    a.grade.rule = RuleRef{"fnclcc-grade", tables.grade_not_applicable.id, tables.grade_not_applicable.source};
  }
  a.grade.stated = first_of(t.stated_grade);

  // AJCC 8 stage.
  StageInputs si;
  si.staging_applicable = h == nullptr || h->ajcc_soft_tissue_staged;
  if (a.site_entry) si.site_group = a.site_entry->group;
  const auto* size = preferred(t.size);
  if (size) si.size = size->value;
  std::vector<Source> t_sources;
  for (const auto& f : t.extent_findings) {
    if (f.value.present) {
      si.findings.push_back(f.value.key);
      t_sources.push_back(f.source);
    }
  }
  if (const auto* mf = preferred(t.multifocal_site_count)) {
    si.multifocal_sites = mf->value;
    t_sources.push_back(mf->source);
  }
  std::vector<Source> n_sources, m_sources;
  si.nodal_metastasis = spread(t.nodal_metastasis, t.stated_n, 'N', n_sources);
  si.distant_metastasis = spread(t.distant_metastasis, t.stated_m, 'M', m_sources);
  si.post_neoadjuvant = any_true(facts.circumstances.post_neoadjuvant);
  si.recurrence = any_true(facts.circumstances.recurrence);
  si.grade = a.grade.applicable ? a.grade.grade : tables.grade_not_applicable.value;
  a.stage = compute_stage(tables, si);
  if (a.stage.applicable) {
    if (a.site) a.stage.t.sources.push_back(a.site->source);
    if (size && a.stage.size_cm) a.stage.t.sources.push_back(size->source);
    for (auto& s : t_sources) a.stage.t.sources.push_back(std::move(s));
    a.stage.n.sources = std::move(n_sources);
    a.stage.m.sources = std::move(m_sources);
  }
  a.stage.stated_t = first_of(t.stated_t);
  a.stage.stated_n = first_of(t.stated_n);
  a.stage.stated_m = first_of(t.stated_m);
  a.stage.stated_group = first_of(t.stated_stage_group);
  return a;
}

}  // namespace

Assessment assess(const ReportFacts& facts, const mappings::Rules& rules, const AssessOptions& options) {
  Assessment out;
  out.report_reference = facts.report_reference;
  out.scope = facts.scope;
  out.conflicts = facts.conflicts;
  out.rules_version = rules.version();
  out.post_neoadjuvant = any_true(facts.circumstances.post_neoadjuvant);
  out.recurrence = any_true(facts.circumstances.recurrence);
  out.unplanned_excision = any_true(facts.circumstances.unplanned_excision);
  const mappings::StagingTables* tables = rules.staging_tables();
  if (tables == nullptr || facts.scope != Scope::soft_tissue_sarcoma) return out;
  bool bone = false;
  for (const auto& t : facts.tumours) {
    TumourAssessment a = assess_tumour(t, facts, rules, *tables, options);
    // A tumour of another kind beside the sarcoma (a lipoma in part B) is neither graded nor staged;
    // an Ewing sarcoma found at a bone site belongs to the bone chapters.
    if (a.histology_entry != nullptr && a.histology_entry->category != mappings::HistologyCategory::soft_tissue_sarcoma) {
      bone = bone || a.histology_entry->category == mappings::HistologyCategory::bone_sarcoma;
      continue;
    }
    out.tumours.push_back(std::move(a));
  }
  if (out.tumours.empty() && bone) out.scope = Scope::bone_sarcoma;
  return out;
}

}  // namespace sarcoma::core
