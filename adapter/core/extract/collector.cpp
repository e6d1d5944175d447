#include "adapter/core/extract/collector.hpp"

#include <utility>

namespace sarcoma::core::extraction {
namespace {

// Calls f(list_a, list_b) for every fact list of two TumourFacts (same member each time).
template <class A, class B, class F>
void each_pair(A& a, B& b, F&& f) {
  f(a.histology, b.histology);
  f(a.site, b.site);
  f(a.size, b.size);
  f(a.mitoses, b.mitoses);
  f(a.necrosis, b.necrosis);
  f(a.stated_differentiation_score, b.stated_differentiation_score);
  f(a.stated_mitotic_score, b.stated_mitotic_score);
  f(a.stated_necrosis_score, b.stated_necrosis_score);
  f(a.stated_grade, b.stated_grade);
  f(a.nodal_metastasis, b.nodal_metastasis);
  f(a.distant_metastasis, b.distant_metastasis);
  f(a.extent_findings, b.extent_findings);
  f(a.multifocal_site_count, b.multifocal_site_count);
  f(a.stated_t, b.stated_t);
  f(a.stated_n, b.stated_n);
  f(a.stated_m, b.stated_m);
  f(a.stated_stage_group, b.stated_stage_group);
}

template <class T>
void cite(std::vector<Fact<T>>& v, const std::string& resource, const std::string& path) {
  for (auto& f : v) {
    f.source.resource = resource;
    f.source.path = path;
  }
}

template <class T>
void move_all(std::vector<T>& to, std::vector<T>& from) {
  for (auto& x : from) to.push_back(std::move(x));
  from.clear();
}

// A bucket that describes a tumour of its own (not only a lymph-node or margin part).
bool defines_tumour(const TumourFacts& t) {
  return !t.histology.empty() || !t.size.empty() || !t.mitoses.empty() || !t.necrosis.empty() ||
         !t.stated_grade.empty() || !t.stated_differentiation_score.empty() ||
         !t.stated_mitotic_score.empty() || !t.stated_necrosis_score.empty();
}

bool has_any(const TumourFacts& t) {
  bool any = false;
  each_pair(t, t, [&](const auto& a, const auto&) { any = any || !a.empty(); });
  return any;
}

// Keeps what identifies the tumour (histology, site) and drops what would grade or stage it.
void strip_staging(TumourFacts& t) {
  TumourFacts kept;
  kept.label = std::move(t.label);
  kept.histology = std::move(t.histology);
  kept.site = std::move(t.site);
  t = std::move(kept);
}

const mappings::HistologyEntry* entry_of(const mappings::Rules& rules, const Fact<Histology>& f) {
  return f.value.entry_id.empty() ? nullptr : rules.histology_by_id(f.value.entry_id);
}

// The row that applies to this tumour: histology.json names another row for some histologies at a
// bone or a soft-tissue site (Ewing sarcoma at a bone site is Ewing sarcoma of bone; osteosarcoma at
// a soft-tissue site is extraskeletal osteosarcoma). The tumour's site: its first recognised site
// fact, coded before narrative (as assessment chooses).
const mappings::HistologyEntry* effective_entry(const mappings::Rules& rules, const Fact<Histology>& f,
                                                const TumourFacts& t) {
  const auto* e = entry_of(rules, f);
  if (e == nullptr || (e->at_bone_site.empty() && e->at_soft_tissue_site.empty())) return e;
  const mappings::SiteEntry* site = nullptr;
  for (Method m : {Method::coded, Method::narrative}) {
    for (const auto& s : t.site) {
      if (site == nullptr && s.method == m && !s.value.entry_id.empty()) site = rules.site_by_id(s.value.entry_id);
    }
  }
  if (site == nullptr) return e;
  const std::string& other = site->bone ? e->at_bone_site : e->at_soft_tissue_site;
  const auto* switched = other.empty() ? nullptr : rules.histology_by_id(other);
  return switched != nullptr ? switched : e;
}

Scope scope_of(const std::vector<TumourFacts>& tumours, const mappings::Rules& rules) {
  bool sts = false, bone = false, other = false;
  for (const auto& t : tumours) {
    for (const auto& h : t.histology) {
      const auto* e = effective_entry(rules, h, t);
      if (e == nullptr) continue;
      switch (e->category) {
        case mappings::HistologyCategory::soft_tissue_sarcoma: sts = true; break;
        case mappings::HistologyCategory::bone_sarcoma: bone = true; break;
        case mappings::HistologyCategory::benign_or_intermediate:
        case mappings::HistologyCategory::other_malignancy: other = true; break;
      }
    }
  }
  if (sts) return Scope::soft_tissue_sarcoma;
  if (bone) return Scope::bone_sarcoma;
  if (other) return Scope::not_sarcoma;
  return Scope::undetermined;
}

}  // namespace

void append(TumourFacts& to, TumourFacts&& from) {
  each_pair(to, from, [](auto& a, auto& b) { move_all(a, b); });
}

void append_spread(TumourFacts& to, const TumourFacts& from) {
  auto copy = [](auto& dst, const auto& src) { dst.insert(dst.end(), src.begin(), src.end()); };
  copy(to.nodal_metastasis, from.nodal_metastasis);
  copy(to.distant_metastasis, from.distant_metastasis);
  copy(to.extent_findings, from.extent_findings);
  copy(to.multifocal_site_count, from.multifocal_site_count);
  copy(to.stated_t, from.stated_t);
  copy(to.stated_n, from.stated_n);
  copy(to.stated_m, from.stated_m);
  copy(to.stated_stage_group, from.stated_stage_group);
}

TumourFacts& Collector::tumour(const std::string& label) {
  for (auto& t : buckets_) {
    if (t.label == label) return t;
  }
  buckets_.emplace_back();
  buckets_.back().label = label;
  return buckets_.back();
}

void Collector::add(NarrativeFacts&& facts, const std::string& resource, const std::string& path,
                    const std::string& default_label) {
  for (auto& t : facts.tumours) {
    each_pair(t, t, [&](auto& a, auto&) { cite(a, resource, path); });
    append(tumour(t.label.empty() ? default_label : t.label), std::move(t));
  }
  auto& c = facts.circumstances;
  cite(c.post_neoadjuvant, resource, path);
  cite(c.recurrence, resource, path);
  cite(c.unplanned_excision, resource, path);
  move_all(circumstances_.post_neoadjuvant, c.post_neoadjuvant);
  move_all(circumstances_.recurrence, c.recurrence);
  move_all(circumstances_.unplanned_excision, c.unplanned_excision);
}

ReportFacts Collector::finish(std::string report_reference, const mappings::Rules& rules) && {
  ReportFacts out;
  out.report_reference = std::move(report_reference);
  out.issues = std::move(issues_);
  out.circumstances = std::move(circumstances_);

  // Which buckets are tumours: labelled ones with tumour facts; the unlabelled one when no labelled
  // tumour exists or when it has tumour facts beside two or more labelled tumours.
  std::vector<std::size_t> tumours;
  TumourFacts* unlabelled = nullptr;
  for (std::size_t i = 0; i < buckets_.size(); ++i) {
    if (buckets_[i].label.empty())
      unlabelled = &buckets_[i];
    else if (defines_tumour(buckets_[i]))
      tumours.push_back(i);
  }
  std::vector<TumourFacts> result;
  if (tumours.empty()) {
    // One tumour (or none): everything goes together.
    TumourFacts all;
    for (auto& b : buckets_) append(all, std::move(b));
    if (has_any(all)) result.push_back(std::move(all));
  } else {
    for (auto i : tumours) result.push_back(std::move(buckets_[i]));
    // Satellites (e.g. a lymph-node part) lend spread facts to every tumour.
    for (auto& b : buckets_) {
      if (b.label.empty() || defines_tumour(b)) continue;
      for (auto& t : result) append_spread(t, b);
    }
    if (unlabelled != nullptr) {
      if (result.size() == 1) {
        append(result.front(), std::move(*unlabelled));
      } else if (defines_tumour(*unlabelled)) {
        result.push_back(std::move(*unlabelled));
      } else {
        for (auto& t : result) append_spread(t, *unlabelled);
      }
    }
    if (result.size() == 1) result.front().label.clear();
  }
  out.tumours = std::move(result);

  out.scope = scope_of(out.tumours, rules);
  if (out.scope == Scope::bone_sarcoma || out.scope == Scope::not_sarcoma) {
    for (auto& t : out.tumours) strip_staging(t);
    out.circumstances = Circumstances{};
  } else if (out.scope == Scope::soft_tissue_sarcoma) {
    // A tumour of another kind beside the sarcoma (a lipoma in part B) is not graded or staged.
    for (auto& t : out.tumours) {
      bool any_sts = false, any_known = false;
      for (const auto& h : t.histology) {
        const auto* e = effective_entry(rules, h, t);
        if (e == nullptr) continue;
        any_known = true;
        any_sts = any_sts || e->category == mappings::HistologyCategory::soft_tissue_sarcoma;
      }
      if (any_known && !any_sts) strip_staging(t);
    }
  }
  find_conflicts(out, out.conflicts);
  return out;
}

}  // namespace sarcoma::core::extraction
