// FNCLCC inputs in narrative: mitotic count ("12 mitoses/10 HPF", "3 per mm2", "no mitoses"),
// necrosis ("necrosis: 30%", "no necrosis identified", "<50%"), the stated grade ("FNCLCC grade 2
// (2+2+1)", "G2", "grade II") and stated component scores ("mitotic score: 2").
#include <algorithm>
#include <array>

#include "adapter/core/extract/scan_context.hpp"

namespace sarcoma::core::extraction {
namespace {

template <class T>
void add(std::vector<Fact<T>>& v, T value, Source src) {
  Fact<T> f;
  f.value = std::move(value);
  f.method = Method::narrative;
  f.source = std::move(src);
  v.push_back(std::move(f));
}

bool mitotic_word(const ScanContext& c, std::size_t k) {
  return c.word_starts(k, "mitos") || c.word_starts(k, "mitotic") || c.word_is(k, "mf") ||
         c.word_is(k, "mfs");
}

// The denominator after a count at token k: "/10 HPF", "per 10 high-power fields", "/mm2",
// "per 2 mm²", "mitoses per 10 HPF". Returns the index of the clause's last token (0 if none).
std::size_t per_clause(const ScanContext& c, Span s, std::size_t k, MitoticRate& rate) {
  std::size_t j = k + 1;
  std::size_t end = std::min(s.end, k + 10);
  while (j < end && (mitotic_word(c, j) || c.word_is(j, "figures") || c.word_is(j, "figure"))) ++j;
  if (!(c.is_punct(j, '/') || c.word_is(j, "per") || c.word_is(j, "in"))) return 0;
  ++j;
  if (c.word_is(j, "every") || c.word_is(j, "each")) ++j;
  std::optional<fhir::Decimal> amount;
  if (c.is_num(j)) {
    amount = c.decimal(j);
    ++j;
  }
  if (c.word_is(j, "hpf") || c.word_is(j, "hpfs")) {
    rate.per_unit = MitoticRate::Per::hpf;
    rate.per_amount = amount.value_or(fhir::Decimal::from_int(1));
    return j;
  }
  if (c.word_is(j, "high")) {
    std::size_t m = j + 1;
    if (c.is_punct(m, '-')) ++m;
    if (c.word_is(m, "power")) {
      ++m;
      if (c.word_starts(m, "field")) {
        rate.per_unit = MitoticRate::Per::hpf;
        rate.per_amount = amount.value_or(fhir::Decimal::from_int(1));
        return m;
      }
    }
    return 0;
  }
  std::size_t m = j;
  if (c.word_is(m, "square") || c.word_is(m, "sq")) {
    ++m;
    if (c.is_punct(m, '.')) ++m;
    if (c.word_is(m, "mm") || c.word_starts(m, "millimet")) {
      rate.per_unit = MitoticRate::Per::mm2;
      rate.per_amount = amount.value_or(fhir::Decimal::from_int(1));
      return m;
    }
    return 0;
  }
  if (c.word_is(m, "mm")) {
    std::size_t sq = m + 1;
    if (c.is_punct(sq, '^')) ++sq;
    if ((c.is_num(sq) && c.str(sq) == "2") || c.is_punct(sq, '2')) {
      rate.per_unit = MitoticRate::Per::mm2;
      rate.per_amount = amount.value_or(fhir::Decimal::from_int(1));
      return sq;
    }
  }
  return 0;
}

// "(10 HPF = 1.7 mm2)" / "1 HPF = 0.17 mm2" after a count: the stated field area.
void field_area(const ScanContext& c, Span s, std::size_t from, MitoticRate& rate) {
  std::size_t end = std::min(s.end, from + 10);
  for (std::size_t k = from; k < end; ++k) {
    if (!(c.word_is(k, "hpf") || c.word_is(k, "hpfs")) || !c.is_punct(k + 1, '=') || !c.is_num(k + 2))
      continue;
    auto area = c.decimal(k + 2);
    int n = (k > from && c.is_num(k - 1)) ? c.small_int(k - 1) : 1;
    if (!area || !(c.word_is(k + 3, "mm"))) return;
    if (n == 10)
      rate.area_of_10_hpf_mm2 = *area;
    else if (n == 1)
      rate.area_of_10_hpf_mm2 = area->scaled_by_power_of_ten(1);
    return;
  }
}

bool is_range_part(const ScanContext& c, std::size_t k) {
  return (k > 0 && c.is_punct(k - 1, '-') && k > 1 && c.is_num(k - 2)) ||
         (c.is_punct(k + 1, '-') && c.is_num(k + 2)) || (c.word_is(k + 1, "to") && c.is_num(k + 2));
}

struct Percent {
  fhir::Decimal low;
  std::optional<fhir::Decimal> high;  // a range "10-20%"
  char cmp = '=';                     // '=', '<', 'L' (<=), '>', 'G' (>=)
  std::size_t first = 0;
  std::size_t last = 0;
};

// The first percentage in [from, to): number then '%' or "percent", with a comparator before.
std::optional<Percent> find_percent(const ScanContext& c, std::size_t from, std::size_t to) {
  for (std::size_t k = from; k < to; ++k) {
    if (!c.is_num(k)) continue;
    std::size_t num = k;
    std::optional<fhir::Decimal> high;
    std::size_t pct = k + 1;
    if ((c.is_punct(k + 1, '-') || c.word_is(k + 1, "to")) && c.is_num(k + 2)) {
      high = c.decimal(k + 2);
      pct = k + 3;
    }
    if (!(c.is_punct(pct, '%') || c.word_is(pct, "percent"))) continue;
    auto low = c.decimal(num);
    if (!low) return std::nullopt;
    Percent p{*low, high, '=', num, pct};
    std::size_t b = num;
    if (b > from) {
      const std::size_t q = b - 1;
      if (c.is_punct(q, '<') || c.is_punct(q, 'L') || c.is_punct(q, '>') || c.is_punct(q, 'G')) {
        p.cmp = c.at(q).c;
        if ((p.cmp == '<' || p.cmp == '>') && c.is_punct(q + 1, '=')) p.cmp = p.cmp == '<' ? 'L' : 'G';
        p.first = q;
      } else if (c.is_punct(q, '=') && q > from && (c.is_punct(q - 1, '<') || c.is_punct(q - 1, '>'))) {
        p.cmp = c.is_punct(q - 1, '<') ? 'L' : 'G';
        p.first = q - 1;
      } else if (c.word_is(q, "than") && q > from) {
        if (c.word_is(q - 1, "less") || c.word_is(q - 1, "fewer")) p.cmp = '<';
        if (c.word_is(q - 1, "greater") || c.word_is(q - 1, "more")) p.cmp = '>';
        if (p.cmp != '=') p.first = q - 1;
      } else if (c.word_is(q, "least") && q > from && c.word_is(q - 1, "at")) {
        p.cmp = 'G';
        p.first = q - 1;
      } else if (c.word_is(q, "over") || c.word_is(q, "exceeding")) {
        p.cmp = '>';
        p.first = q;
      } else if (c.word_is(q, "under") || c.word_is(q, "below")) {
        p.cmp = '<';
        p.first = q;
      }
    }
    return p;
  }
  return std::nullopt;
}

Necrosis necrosis_from(const Percent& p) {
  const auto fifty = fhir::Decimal::from_int(50);
  Necrosis n;
  n.extent = Necrosis::Extent::present_extent_unknown;
  if (p.high) {
    if (*p.high < fifty)
      n.extent = Necrosis::Extent::less_than_50;
    else if (p.low >= fifty)
      n.extent = Necrosis::Extent::at_least_50;
    return n;
  }
  switch (p.cmp) {
    case '=':
      n.percent = p.low;
      if (p.low.is_zero())
        n.extent = Necrosis::Extent::absent;
      else
        n.extent = p.low < fifty ? Necrosis::Extent::less_than_50 : Necrosis::Extent::at_least_50;
      break;
    case '<':
      if (p.low <= fifty) n.extent = Necrosis::Extent::less_than_50;
      break;
    case 'L':
      if (p.low < fifty) n.extent = Necrosis::Extent::less_than_50;
      break;
    case '>':
    case 'G':
      if (p.low >= fifty) n.extent = Necrosis::Extent::at_least_50;
      break;
    default: break;
  }
  return n;
}

bool treatment_context(const ScanContext& c, Span s, std::size_t i) {
  std::size_t b = i > s.begin + kBehind ? i - kBehind : s.begin;
  std::size_t e = std::min(s.end, i + kBehind);
  for (std::size_t k = b; k < e; ++k) {
    if (c.word_is(k, "treatment") || c.word_is(k, "therapy") || c.word_is(k, "treated") ||
        c.word_is(k, "response") || c.word_is(k, "regression") || c.word_starts(k, "chemo") ||
        c.word_starts(k, "radiation") || c.word_starts(k, "neoadjuvant")) {
      return true;
    }
  }
  return false;
}

// Value of a stated grade at token k: G1..G3, GX, 1..3, I..III. Sets `last` to its last token.
std::optional<std::string> grade_value(const ScanContext& c, std::size_t k, std::size_t& last) {
  last = k;
  if (c.is_num(k)) {
    int v = c.small_int(k);
    if (v >= 1 && v <= 3) return "G" + std::to_string(v);
    return std::nullopt;
  }
  if (!c.is_word(k)) return std::nullopt;
  auto w = c.str(k);
  if (ieq(w, "g") && c.is_num(k + 1) && c.adjacent(k, k + 1)) {
    int v = c.small_int(k + 1);
    last = k + 1;
    if (v >= 1 && v <= 3) return "G" + std::to_string(v);
    return std::nullopt;
  }
  if (ieq(w, "gx") || ieq(w, "x")) return std::string("GX");
  if (ieq(w, "i")) return std::string("G1");
  if (ieq(w, "ii")) return std::string("G2");
  if (ieq(w, "iii")) return std::string("G3");
  return std::nullopt;
}

bool grade_filler(const ScanContext& c, std::size_t k) {
  if (c.at(k).kind == Tok::punct) {
    char p = c.at(k).c;
    return p == ':' || p == '(' || p == ')' || p == '=' || p == '-' || p == ',' || p == '[';
  }
  static constexpr std::array<std::string_view, 17> kFill{
      "fnclcc",       "french",   "federation", "of",     "is",    "histologic",
      "histological", "grade",    "sarcoma",    "system", "tumor", "tumour",
      "overall",      "assigned", "the",        "final",  "ncc"};
  if (!c.is_word(k)) return false;
  for (auto f : kFill) {
    if (ieq(c.str(k), f)) return true;
  }
  return false;
}

// "(2+2+1)" after a stated grade: differentiation + mitotic + necrosis scores. Returns the index
// after what was read.
std::size_t component_scores(ScanContext& c, Span s, std::size_t from) {
  std::size_t end = std::min(s.end, from + kAhead);
  for (std::size_t k = from; k < end; ++k) {
    if (!c.is_num(k) || !c.is_punct(k + 1, '+') || !c.is_num(k + 2) || !c.is_punct(k + 3, '+') ||
        !c.is_num(k + 4)) {
      continue;
    }
    int d = c.small_int(k), m = c.small_int(k + 2), n = c.small_int(k + 4);
    if (d < 1 || d > 3 || m < 1 || m > 3 || n < 0 || n > 2) return from;
    add(c.tumour->stated_differentiation_score, d, c.source(k, k));
    add(c.tumour->stated_mitotic_score, m, c.source(k + 2, k + 2));
    add(c.tumour->stated_necrosis_score, n, c.source(k + 4, k + 4));
    return k + 5;
  }
  return from;
}

bool count_filler(const ScanContext& c, std::size_t k) {
  if (c.at(k).kind == Tok::punct) {
    char p = c.at(k).c;
    return p == ':' || p == '=' || p == '(' || p == '-';
  }
  return mitotic_word(c, k) || c.word_is(k, "count") || c.word_is(k, "rate") || c.word_is(k, "activity") ||
         c.word_is(k, "figures") || c.word_is(k, "figure") || c.word_is(k, "of") || c.word_is(k, "is") ||
         c.word_is(k, "are") || c.word_is(k, "up") || c.word_is(k, "to") || c.word_is(k, "approximately") ||
         c.word_is(k, "about") || c.word_is(k, "index");
}

}  // namespace

std::size_t detect_mitoses(ScanContext& c, Span s, std::size_t i, bool labelled) {
  // i: a number (count), a mitotic keyword, or the start of a labelled value.
  std::size_t kw_end = std::min(s.end, i + 6);
  std::size_t k = i;
  if (!c.is_num(i)) {
    // "no mitoses", "mitoses: none", "mitotic figures are not identified"
    bool neg = (c.is_word(i) && mitotic_word(c, i) && (negated_before(c, s, i) || negated_after(c, s, i))) ||
               (labelled && (c.word_is(i, "none") || c.word_is(i, "absent") || c.word_is(i, "no") ||
                             negated_after(c, s, i == 0 ? 0 : i - 1) || c.word_is(i, "not")));
    // Only filler words may stand between the keyword and its count ("mitotic count of 12").
    while (k < kw_end && !c.is_num(k) && count_filler(c, k)) ++k;
    if (k >= kw_end || !c.is_num(k)) {
      if (neg && !not_assessed(c, s, i)) {
        MitoticRate r;
        r.count = fhir::Decimal::from_int(0);
        add(c.tumour->mitoses, r, c.source(i, std::min(s.end, i + 3) - 1));
      }
      return i + 1;
    }
  }
  if (is_range_part(c, k)) return i + 1;  // "10-19 mitoses": a score band, not a count
  if (k > s.begin && (c.is_punct(k - 1, '<') || c.is_punct(k - 1, '>'))) return i + 1;
  MitoticRate rate;
  std::size_t last = per_clause(c, s, k, rate);
  if (last == 0 && !(labelled || k > i)) return i + 1;  // most numbers: no denominator, no keyword
  auto count = c.decimal(k);
  if (!count) return i + 1;
  rate.count = *count;
  if (last == 0) {
    // A bare count is a mitotic count only under a mitotic label or keyword ("mitotic count of 12");
    // FNCLCC counts are per 10 HPF.
    last = k;
    if (c.word_starts(k + 1, "mitos") || c.word_is(k + 1, "mitotic")) last = k + 1;
  } else if (!labelled && k == i) {
    // A number followed by "/10 HPF": mitoses if a mitotic word is near or the form is the usual one.
    bool near = false;
    std::size_t b = k > s.begin + kBehind ? k - kBehind : s.begin;
    for (std::size_t m = b; m <= last && !near; ++m) near = mitotic_word(c, m);
    if (!near && rate.per_unit == MitoticRate::Per::hpf && !(c.is_punct(k + 1, '/'))) return i + 1;
  }
  field_area(c, s, last + 1, rate);
  add(c.tumour->mitoses, rate, c.source(i, last));
  return last + 1;
}

std::size_t detect_necrosis(ScanContext& c, Span s, std::size_t i, bool labelled) {
  bool keyword = c.word_starts(i, "necro");
  if (keyword) {
    if (i > s.begin && (c.word_is(i - 1, "fat") || c.word_is(i - 1, "fibrinoid"))) return i + 1;
    if (c.word_is(i + 1, "score")) return i + 1;  // handled as a stated score
  }
  if (treatment_context(c, s, i) && !labelled) return i + 1;
  if (not_assessed(c, s, i)) return i + 1;
  if (keyword && uncertain_before(c, s, i)) return i + 1;
  std::size_t after = std::min(s.end, i + kAhead);
  std::size_t before = i > s.begin + 4 ? i - 4 : s.begin;
  auto p = find_percent(c, i, after);
  if (!p && keyword) p = find_percent(c, before, i);
  bool negative = (keyword && (negated_before(c, s, i) || negated_after(c, s, i))) ||
                  (labelled && !keyword &&
                   (c.word_is(i, "no") || c.word_is(i, "none") || c.word_is(i, "absent") ||
                    c.word_is(i, "negative") || (c.word_is(i, "not") && !c.word_is(i + 1, "applicable"))));
  Necrosis n;
  std::size_t last = i;
  if (p) {
    n = necrosis_from(*p);
    last = std::max(p->last, i);
    std::size_t first = std::min(p->first, i);
    if (negative && !n.percent) n.extent = Necrosis::Extent::absent;
    add(c.tumour->necrosis, n, c.source(first, last));
    return last + 1;
  }
  if (negative) {
    n.extent = Necrosis::Extent::absent;
  } else {
    n.extent = Necrosis::Extent::present_extent_unknown;
    bool cue = keyword;  // a non-negated mention in running text says necrosis is there
    for (std::size_t k = i; k < after; ++k) {
      if (c.word_is(k, "focal") || c.word_is(k, "minimal") || c.word_is(k, "rare") || c.word_is(k, "scant")) {
        n.extent = Necrosis::Extent::less_than_50;
        cue = true;
      }
      if (c.word_is(k, "present") || c.word_is(k, "identified") || c.word_is(k, "seen") ||
          c.word_is(k, "yes") || c.word_is(k, "extensive")) {
        cue = true;
      }
    }
    if (!cue) return i + 1;
  }
  last = std::min(s.end, i + 4) - 1;  // the mention and the words that qualify it
  add(c.tumour->necrosis, n, c.source(i, last));
  return last + 1;
}

std::size_t detect_grade(ScanContext& c, Span s, std::size_t i, bool labelled) {
  if (c.is_word(i) && (c.word_is(i, "grade") || c.word_is(i, "fnclcc"))) {
    if (i > s.begin && (c.word_is(i - 1, "nuclear") || c.word_is(i - 1, "who"))) return i + 1;
  }
  std::size_t end = std::min(s.end, i + 7);
  std::size_t k = i;
  while (k < end && grade_filler(c, k)) ++k;
  if (k >= end) return i + 1;
  std::size_t last = k;
  std::optional<std::string> g;
  if (c.word_is(k, "cannot") ||
      (c.word_is(k, "not") &&
       (c.word_is(k + 1, "assessable") || c.word_is(k + 1, "assessed") || c.word_is(k + 1, "determined")))) {
    g = "GX";
    last = std::min(s.end, k + 3) - 1;
  } else {
    g = grade_value(c, k, last);
  }
  if (!g) return i + 1;
  // "I" as a pronoun / roman "x" after an unrelated word: only accept roman numerals and x with
  // "grade" (or a label) in front.
  if (!labelled && !c.word_is(i, "grade") && !c.word_is(i, "fnclcc")) return i + 1;
  StatedCategory sc{"", *g};
  add(c.tumour->stated_grade, sc, c.source(i, last));
  return component_scores(c, s, last + 1);
}

std::size_t detect_score(ScanContext& c, Span s, std::size_t i, Field which, bool labelled) {
  // Free text: "score" with the component named just before it; a label names it already.
  if (!labelled) {
    std::size_t b = i > s.begin + 4 ? i - 4 : s.begin;
    which = Field::free;
    for (std::size_t k = i; k > b;) {
      --k;
      if (c.word_starts(k, "differentiation"))
        which = Field::differentiation_score;
      else if (mitotic_word(c, k))
        which = Field::mitotic_score;
      else if (c.word_starts(k, "necro"))
        which = Field::necrosis_score;
      if (which != Field::free) break;
    }
    if (which == Field::free) return i + 1;
  }
  std::size_t end = std::min(s.end, i + 7);
  for (std::size_t k = i; k < end; ++k) {
    if (!c.is_num(k)) continue;
    int v = c.small_int(k);
    if (is_range_part(c, k)) return i + 1;
    int lo = which == Field::necrosis_score ? 0 : 1;
    int hi = which == Field::necrosis_score ? 2 : 3;
    if (v < lo || v > hi) return i + 1;
    if (which == Field::differentiation_score) add(c.tumour->stated_differentiation_score, v, c.source(i, k));
    if (which == Field::mitotic_score) add(c.tumour->stated_mitotic_score, v, c.source(i, k));
    if (which == Field::necrosis_score) add(c.tumour->stated_necrosis_score, v, c.source(i, k));
    return k + 1;
  }
  return i + 1;
}

}  // namespace sarcoma::core::extraction
