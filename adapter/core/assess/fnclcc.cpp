#include "adapter/core/assess/fnclcc.hpp"

#include "adapter/core/assess/staging_lookup.hpp"

namespace sarcoma::core {
namespace {

RuleRef ref(const mappings::TableRow& r, std::string table) {
  return RuleRef{std::move(table), r.id, r.source};
}

// k with d == 10^k, for |k| <= 20; nullopt when d is not such a power.
std::optional<int> power_of_ten(const fhir::Decimal& d) {
  auto k = d.power_of_ten();
  return k && *k >= -20 && *k <= 20 ? k : std::nullopt;
}

// The row whose score the report states; null when none was stated or no row has that score.
template <class Row>
const Row* stated_row(const std::vector<Row>& rows, const std::optional<int>& score) {
  if (!score) return nullptr;
  for (const auto& r : rows) {
    if (r.score == *score) return &r;
  }
  return nullptr;
}

}  // namespace

std::optional<fhir::Decimal> size_in_cm(const mappings::StagingTables& t, const Size& size) {
  auto it = t.units_to_cm.find(size.unit);
  if (it == t.units_to_cm.end()) return std::nullopt;
  return size.value * it->second;
}

MitoticScore score_mitoses(const mappings::StagingTables& t, const MitoticRate& rate,
                           const std::optional<fhir::Decimal>& area_override) {
  MitoticScore out;
  if (rate.count.negative() || rate.per_amount.negative() || rate.per_amount.is_zero()) return out;
  fhir::Decimal numerator, denominator = rate.per_amount;
  if (rate.per_unit == MitoticRate::Per::hpf) {
    numerator = rate.count * fhir::Decimal::from_int(10);
    if (!(rate.per_amount == fhir::Decimal::from_int(10))) {
      out.conversion =
          Assumption{"mitoses-converted-from-hpf",
                     "Mitotic count reported per " + rate.per_amount.text() + " HPF, scaled to 10 HPF."};
    }
  } else {
    fhir::Decimal area = rate.area_of_10_hpf_mm2 ? *rate.area_of_10_hpf_mm2
                         : area_override         ? *area_override
                                                 : t.default_area_of_10_hpf_mm2;
    numerator = rate.count * area;
    out.conversion =
        Assumption{"mitoses-converted-from-mm2",
                   "Mitotic count reported per mm2, converted with 10 HPF = " + area.text() + " mm2" +
                       (rate.area_of_10_hpf_mm2 ? " (stated in the report)." : " (configured).")};
  }
  for (const auto& r : t.mitotic) {
    if (numerator >= r.min * denominator && (!r.below || numerator < *r.below * denominator)) {
      out.row = &r;
      break;
    }
  }
  out.numerator = numerator;
  out.denominator = denominator;
  // value = numerator / denominator, exact when the denominator is a power of ten.
  if (auto k = power_of_ten(denominator)) out.per_10_hpf = numerator.scaled_by_power_of_ten(-*k);
  return out;
}

GradeResult compute_grade(const mappings::StagingTables& t, const GradeInputs& in) {
  GradeResult g;
  if (in.differentiation && *in.differentiation >= 1 && *in.differentiation <= 3) {
    g.differentiation.score = in.differentiation;
    g.differentiation.from_stated_score = in.differentiation_stated;
    g.differentiation.rule = RuleRef{"fnclcc-differentiation", "score-" + std::to_string(*in.differentiation),
                                     "seed 003, FNCLCC tumor differentiation score"};
  } else {
    g.missing.push_back("differentiation");
  }
  if (in.mitoses) {
    MitoticScore m = score_mitoses(t, *in.mitoses, in.area_of_10_hpf_mm2);
    if (m.row) {
      g.mitotic.score = m.row->score;
      g.mitotic.rule = ref(*m.row, "fnclcc-mitotic-score");
    }
    g.mitoses_per_10_hpf = m.per_10_hpf;
    if (m.row) {
      g.mitoses_numerator = m.numerator;
      g.mitoses_denominator = m.denominator;
    }
    if (m.conversion) g.assumptions.push_back(*m.conversion);
  }
  if (!g.mitotic.score) {
    if (const auto* r = stated_row(t.mitotic, in.stated_mitotic_score)) {
      g.mitotic.score = r->score;
      g.mitotic.from_stated_score = true;
      g.mitotic.rule = ref(*r, "fnclcc-mitotic-score");
    } else {
      g.missing.push_back("mitotic");
    }
  }
  if (in.necrosis) {
    const mappings::NecrosisRow* r = nullptr;
    if (in.necrosis->percent) {
      r = necrosis_row_for_percent(t, *in.necrosis->percent);
      g.necrosis_percent = in.necrosis->percent;
    } else {
      switch (in.necrosis->extent) {
        case Necrosis::Extent::absent: r = necrosis_row(t, "absent"); break;
        case Necrosis::Extent::less_than_50: r = necrosis_row(t, "less-than-50"); break;
        case Necrosis::Extent::at_least_50: r = necrosis_row(t, "at-least-50"); break;
        case Necrosis::Extent::present_extent_unknown: break;  // present, but the score needs the extent
      }
    }
    if (r) {
      g.necrosis.score = r->score;
      g.necrosis.rule = ref(*r, "fnclcc-necrosis-score");
    }
  }
  if (!g.necrosis.score) {
    if (const auto* r = stated_row(t.necrosis, in.stated_necrosis_score)) {
      g.necrosis.score = r->score;
      g.necrosis.from_stated_score = true;
      g.necrosis.rule = ref(*r, "fnclcc-necrosis-score");
    } else {
      g.missing.push_back("necrosis");
    }
  }

  if (g.missing.empty()) {
    int total = *g.differentiation.score + *g.mitotic.score + *g.necrosis.score;
    g.total = total;
    if (const auto* row = grade_row(t, total)) {
      g.grade = row->grade;
      g.rule = ref(*row, "fnclcc-grade");
      return g;
    }
  }
  g.grade = t.grade_missing.value;
  g.rule = ref(t.grade_missing, "fnclcc-grade");
  return g;
}

}  // namespace sarcoma::core
