// Coded versus narrative disagreements. Both values stay in the facts; a Conflict names the element
// and every source involved so that nothing is silently chosen. Values compare exactly (sizes in a
// common unit, mitotic rates by cross-multiplication).
#include <optional>

#include "adapter/core/extract/collector.hpp"

namespace sarcoma::core::extraction {
namespace {

std::optional<fhir::Decimal> in_mm(const Size& s) {
  if (s.unit == "mm") return s.value;
  if (s.unit == "cm") return s.value.scaled_by_power_of_ten(1);
  if (s.unit == "m") return s.value.scaled_by_power_of_ten(3);
  if (s.unit == "[in_i]") return s.value * *fhir::Decimal::parse("25.4");
  return std::nullopt;
}

// nullopt: not comparable (unknown entry, unit, or denominator); else whether they agree.
std::optional<bool> same(const Histology& a, const Histology& b) {
  if (a.entry_id.empty() || b.entry_id.empty()) return std::nullopt;
  return a.entry_id == b.entry_id;
}
std::optional<bool> same(const Site& a, const Site& b) {
  if (a.entry_id.empty() || b.entry_id.empty()) return std::nullopt;
  return a.entry_id == b.entry_id;
}
std::optional<bool> same(const Size& a, const Size& b) {
  auto x = in_mm(a), y = in_mm(b);
  if (!x || !y) return std::nullopt;
  return *x == *y;
}
std::optional<bool> same(const MitoticRate& a, const MitoticRate& b) {
  if (a.per_unit != b.per_unit) return std::nullopt;
  return a.count * b.per_amount == b.count * a.per_amount;
}
std::optional<bool> same(const Necrosis& a, const Necrosis& b) {
  if (a.percent && b.percent) return *a.percent == *b.percent;
  if (a.extent == Necrosis::Extent::present_extent_unknown ||
      b.extent == Necrosis::Extent::present_extent_unknown) {
    // "present" agrees with any extent except absent
    return (a.extent == Necrosis::Extent::absent) == (b.extent == Necrosis::Extent::absent);
  }
  return a.extent == b.extent;
}
std::optional<bool> same(const StatedCategory& a, const StatedCategory& b) {
  return a.value == b.value;
}
std::optional<bool> same(int a, int b) {
  return a == b;
}
std::optional<bool> same(bool a, bool b) {
  return a == b;
}
std::optional<bool> same(const Finding& a, const Finding& b) {
  if (a.key != b.key) return std::nullopt;
  return a.present == b.present;
}

template <class T>
void check(const char* element, const std::string& tumour, const std::vector<Fact<T>>& facts,
           std::vector<Conflict>& out) {
  bool disagree = false;
  for (const auto& a : facts) {
    if (a.method != Method::coded) continue;
    for (const auto& b : facts) {
      if (b.method != Method::narrative) continue;
      auto s = same(a.value, b.value);
      if (s && !*s) {
        disagree = true;
        break;
      }
    }
    if (disagree) break;
  }
  if (!disagree) return;
  Conflict c;
  c.element = element;
  c.tumour = tumour;
  for (const auto& f : facts) c.sources.push_back(f.source);
  c.summary = std::string("coded and narrative ") + element + " differ";
  out.push_back(std::move(c));
}

}  // namespace

void find_conflicts(const ReportFacts& facts, std::vector<Conflict>& out) {
  for (const auto& t : facts.tumours) {
    check("histology", t.label, t.histology, out);
    check("site", t.label, t.site, out);
    check("size", t.label, t.size, out);
    check("mitoses", t.label, t.mitoses, out);
    check("necrosis", t.label, t.necrosis, out);
    check("differentiation-score", t.label, t.stated_differentiation_score, out);
    check("mitotic-score", t.label, t.stated_mitotic_score, out);
    check("necrosis-score", t.label, t.stated_necrosis_score, out);
    check("grade", t.label, t.stated_grade, out);
    check("nodal-metastasis", t.label, t.nodal_metastasis, out);
    check("distant-metastasis", t.label, t.distant_metastasis, out);
    check("extent-finding", t.label, t.extent_findings, out);
    check("multifocal-sites", t.label, t.multifocal_site_count, out);
    check("t", t.label, t.stated_t, out);
    check("n", t.label, t.stated_n, out);
    check("m", t.label, t.stated_m, out);
    check("stage-group", t.label, t.stated_stage_group, out);
  }
  check("post-neoadjuvant", "", facts.circumstances.post_neoadjuvant, out);
  check("recurrence", "", facts.circumstances.recurrence, out);
  check("unplanned-excision", "", facts.circumstances.unplanned_excision, out);
}

}  // namespace sarcoma::core::extraction
