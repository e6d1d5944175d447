// Tumour size in narrative: "measures 8.2 x 5.0 x 3.1 cm", "82 mm", "an 8 cm mass",
// "Tumor size: 8.2 cm". The greatest of several dimensions is the fact; a size must belong to the
// tumour (not the specimen, a skin ellipse or a margin distance).
#include <algorithm>
#include <array>

#include "adapter/core/extract/scan_context.hpp"

namespace sarcoma::core::extraction {
namespace {

bool is_dimension_separator(const ScanContext& c, std::size_t k) {
  return c.word_is(k, "x") || c.is_punct(k, 'x') || c.is_punct(k, '*') || c.word_is(k, "by");
}

// An inch mark right after the number at k - 1 (3.5", 3.5″, 3.5”), unless the number is itself
// quoted ("3" as a label): the mark must touch the number and no quote may open right before it.
// k may be one past the line's last token (the caller looks for a unit after every number).
bool inch_mark(const ScanContext& c, std::size_t k) {
  if (k == 0 || k >= c.size() || !c.is_num(k - 1) || !c.adjacent(k - 1, k)) return false;
  bool mark =
      c.is_punct(k, '"') || (c.is_word(k) && (c.str(k) == "\xE2\x80\xB3" || c.str(k) == "\xE2\x80\x9D"));
  if (!mark) return false;
  if (k >= 2 && c.adjacent(k - 2, k - 1) &&
      (c.is_punct(k - 2, '"') || (c.is_word(k - 2) && c.str(k - 2) == "\xE2\x80\x9C"))) {
    return false;
  }
  return true;
}

// "in" is a unit only where nothing could make it the preposition: "3.5 in." / "3.5 in," / at
// the end / "3.5 in x 2 in" - never before a word or number ("12 in 10 HPF", "5 in greatest
// dimension").
bool inch_abbreviation(const ScanContext& c, std::size_t k) {
  if (!c.word_is(k, "in") || k == 0 || !c.is_num(k - 1)) return false;
  if (k + 1 >= c.size()) return true;
  if (is_dimension_separator(c, k + 1)) return c.is_num(k + 2);
  if (c.is_word(k + 1) || c.is_num(k + 1)) return false;
  return c.is_punct(k + 1, '.') || c.is_punct(k + 1, ',') || c.is_punct(k + 1, ';') || c.is_punct(k + 1, ')');
}

// A length unit at token k: sets `ucum` and returns the tokens it spans (0 = none).
std::size_t length_unit(const ScanContext& c, std::size_t k, std::string_view& ucum) {
  if (inch_mark(c, k)) {
    ucum = "[in_i]";
    return 1;
  }
  if (!c.is_word(k)) return 0;
  auto w = c.str(k);
  bool area_follows = (c.is_num(k + 1) && c.adjacent(k, k + 1) && c.str(k + 1) == "2") ||
                      (c.is_punct(k + 1, '2') && c.adjacent(k, k + 1)) || (c.is_punct(k + 1, '^'));
  if (ieq(w, "cm") || ieq(w, "cms") || ieq(w, "centimeter") || ieq(w, "centimeters") ||
      ieq(w, "centimetre") || ieq(w, "centimetres")) {
    if (area_follows) return 0;
    ucum = "cm";
    return 1;
  }
  if (ieq(w, "mm") || ieq(w, "millimeter") || ieq(w, "millimeters") || ieq(w, "millimetre") ||
      ieq(w, "millimetres")) {
    if (area_follows) return 0;
    ucum = "mm";
    return 1;
  }
  if (ieq(w, "inch") || ieq(w, "inches") || inch_abbreviation(c, k)) {
    if (area_follows) return 0;
    ucum = "[in_i]";
    return 1;
  }
  return 0;
}

bool tumour_noun(const ScanContext& c, std::size_t k) {
  if (!c.is_word(k)) return false;
  auto w = c.str(k);
  return ieq(w, "tumor") || ieq(w, "tumour") || ieq(w, "tumors") || ieq(w, "tumours") || ieq(w, "mass") ||
         ieq(w, "lesion") || ieq(w, "neoplasm") || ieq(w, "nodule") || ieq(w, "size") ||
         ieq(w, "dimension") || ieq(w, "diameter") || iends(w, "sarcoma") || iends(w, "sarcomas");
}

bool container_noun(const ScanContext& c, std::size_t k) {
  static constexpr std::array<std::string_view, 22> kNouns{
      "specimen", "specimens", "resection", "excision",  "ellipse", "fragment", "fragments", "piece",
      "pieces",   "portion",   "node",      "nodes",     "margin",  "margins",  "biopsy",    "core",
      "cores",    "cassette",  "container", "aggregate", "segment", "incision"};
  if (!c.is_word(k)) return false;
  auto w = c.str(k);
  for (auto n : kNouns) {
    if (ieq(w, n)) return true;
  }
  return false;
}

// Words right before or after a length that make it a distance, not a size.
bool distance_word_before(const ScanContext& c, std::size_t k) {
  return c.word_is(k, "within") || c.word_is(k, "from") || c.word_is(k, "distance") ||
         c.word_is(k, "clearance") || c.word_is(k, "closest") || c.word_is(k, "margin") ||
         c.word_is(k, "margins");
}
bool distance_word_after(const ScanContext& c, std::size_t k) {
  return c.word_is(k, "from") || c.word_is(k, "of") || c.word_is(k, "away") || c.word_is(k, "to") ||
         c.word_is(k, "beyond") || c.word_is(k, "margin") || c.word_is(k, "margins") ||
         c.word_is(k, "clear") || c.word_is(k, "deep") || c.word_is(k, "into");
}

bool tumour_context(const ScanContext& c, Span s, std::size_t first, std::size_t after) {
  std::size_t stop = first > s.begin + 16 ? first - 16 : s.begin;
  for (std::size_t k = first; k > stop;) {
    --k;
    if (tumour_noun(c, k)) return true;
    if (container_noun(c, k)) return false;
  }
  // "an 8 cm mass", "8.2 cm well-circumscribed tumor"
  for (std::size_t k = after; k < std::min(s.end, after + 5); ++k) {
    if (tumour_noun(c, k)) return true;
    if (container_noun(c, k)) return false;
  }
  return false;
}

struct Dim {
  fhir::Decimal value;
  std::string_view unit;
};

// Exact comparison of two lengths in possibly different units (mm vs cm).
bool longer(const Dim& a, const Dim& b) {
  auto in_mm = [](const Dim& d) {
    if (d.unit == "cm") return d.value.scaled_by_power_of_ten(1);
    if (d.unit == "[in_i]") return d.value * *fhir::Decimal::parse("25.4");  // exact: 1 in = 25.4 mm
    return d.value;
  };
  return in_mm(a) > in_mm(b);
}

}  // namespace

std::size_t detect_size(ScanContext& c, Span s, std::size_t i, bool labelled) {
  // Structure first (cheap): a chain number [unit] ((x|by|*) number [unit])* with a unit somewhere.
  std::size_t k = i;
  bool any_unit = false;
  while (k < s.end && c.is_num(k)) {
    std::string_view u;
    std::size_t n = length_unit(c, k + 1, u);
    any_unit = any_unit || n > 0;
    k += 1 + n;
    if (k < s.end && is_dimension_separator(c, k) && c.is_num(k + 1)) {
      ++k;
      continue;
    }
    break;
  }
  if (!any_unit && !(labelled && !c.label_unit.empty())) return std::max(k, i + 1);
  // Then the values.
  k = i;
  std::optional<Dim> best;
  bool missing_unit = false;
  std::array<Dim, 4> first_dims{};  // dims awaiting a trailing unit ("8.2 x 5.0 x 3.1 cm")
  std::size_t waiting = 0;
  std::size_t last = i;
  while (k < s.end && c.is_num(k)) {
    auto d = c.decimal(k);
    if (!d) break;
    std::string_view unit;
    std::size_t n = length_unit(c, k + 1, unit);
    last = k + n;
    Dim dim{*d, unit};
    if (unit.empty()) {
      if (waiting < first_dims.size())
        first_dims[waiting++] = dim;
      else
        missing_unit = true;  // very long chains: only the first few wait for a unit
    } else {
      for (std::size_t w = 0; w < waiting; ++w) {
        first_dims[w].unit = unit;
        if (!best || longer(first_dims[w], *best)) best = first_dims[w];
      }
      waiting = 0;
      if (!best || longer(dim, *best)) best = dim;
    }
    k += 1 + n;
    if (k < s.end && is_dimension_separator(c, k) && c.is_num(k + 1)) {
      ++k;
      continue;
    }
    break;
  }
  std::size_t after = std::max(k, i + 1);
  if (waiting > 0) {
    if (labelled && !c.label_unit.empty()) {
      for (std::size_t w = 0; w < waiting; ++w) {
        first_dims[w].unit = c.label_unit;
        if (!best || longer(first_dims[w], *best)) best = first_dims[w];
      }
    } else {
      return after;  // a bare number: not a size
    }
  }
  if (!best || missing_unit || best->value.negative()) return after;
  if (!labelled) {
    if (i > s.begin && distance_word_before(c, i - 1)) return after;
    if (i > s.begin + 1 && c.word_is(i - 2, "within")) return after;
    if (distance_word_after(c, last + 1)) return after;
    if (!tumour_context(c, s, i, last + 1)) return after;
  }
  Fact<Size> f;
  f.value.value = best->value;
  f.value.unit = std::string(best->unit);
  f.method = Method::narrative;
  f.source = c.source(i, last);
  c.tumour->size.push_back(std::move(f));
  return after;
}

}  // namespace sarcoma::core::extraction
