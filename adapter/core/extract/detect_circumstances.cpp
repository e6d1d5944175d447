// Report-level circumstances: resection after neoadjuvant therapy ("status post neoadjuvant
// chemoradiation", "Treatment Effect: present"), re-excision after an unplanned excision, and
// recurrent tumour.
#include <algorithm>

#include "adapter/core/extract/scan_context.hpp"

namespace sarcoma::core::extraction {
namespace {

void add(std::vector<Fact<bool>>& v, bool value, Source src) {
  Fact<bool> f;
  f.value = value;
  f.method = Method::narrative;
  f.source = std::move(src);
  v.push_back(std::move(f));
}

bool therapy_word(const ScanContext& c, std::size_t k) {
  return c.word_is(k, "therapy") || c.word_is(k, "treatment") || c.word_starts(k, "chemo") ||
         c.word_starts(k, "radiation") || c.word_starts(k, "radiotherapy") || c.word_is(k, "irradiation") ||
         c.word_is(k, "rt") || c.word_is(k, "xrt") || c.word_is(k, "imatinib") || c.word_starts(k, "brachy");
}

bool therapy_near(const ScanContext& c, Span s, std::size_t i, std::size_t span) {
  std::size_t b = i > s.begin + span ? i - span : s.begin;
  std::size_t e = std::min(s.end, i + span + 1);
  for (std::size_t k = b; k < e; ++k) {
    if (therapy_word(c, k)) return true;
  }
  return false;
}

// "status post" / "s/p" / "after" / "following" right before a therapy word.
bool after_cue(const ScanContext& c, Span s, std::size_t i) {
  std::size_t b = i > s.begin + 4 ? i - 4 : s.begin;
  for (std::size_t k = b; k < i; ++k) {
    if ((c.word_is(k, "status") && c.word_is(k + 1, "post")) ||
        (c.word_is(k, "s") && c.is_punct(k + 1, '/') && c.word_is(k + 2, "p")) || c.word_is(k, "after") ||
        c.word_is(k, "following") || c.word_is(k, "post")) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::size_t detect_neoadjuvant(ScanContext& c, Span s, std::size_t i, Field field) {
  std::size_t e = std::min(s.end, i + kAhead);
  if (field == Field::treatment_history || field == Field::treatment_effect) {
    if (not_assessed(c, s, i, e - i)) return e;
    // "No known presurgical therapy" / "None": not treated.
    bool none = c.word_is(i, "no") || c.word_is(i, "none") || c.word_is(i, "negative");
    if (none) {
      bool about_therapy = field == Field::treatment_history;
      for (std::size_t k = i; k < e && !about_therapy; ++k) {
        about_therapy = therapy_word(c, k) || c.word_is(k, "presurgical") || c.word_starts(k, "neoadjuvant");
      }
      if (about_therapy) add(c.circumstances->post_neoadjuvant, false, c.source(i, std::min(e, i + 4) - 1));
      return e;
    }
    if (field == Field::treatment_effect) {
      // A response is only reported after therapy; "not identified" says nothing about whether
      // therapy was given.
      if (c.word_is(i, "not") || c.word_is(i, "absent")) return e;
      add(c.circumstances->post_neoadjuvant, true, c.source(i, std::min(e, i + 3) - 1));
      return e;
    }
    if (c.word_is(i, "yes") || therapy_near(c, s, i, 6) || c.word_starts(i, "neoadjuvant")) {
      add(c.circumstances->post_neoadjuvant, true, c.source(i, std::min(e, i + 3) - 1));
    }
    return e;
  }
  // Free text: "neoadjuvant", "preoperative radiation", "presurgical therapy", "s/p chemoradiation",
  // "treatment effect".
  bool trigger = false;
  if (c.word_starts(i, "neoadjuvant")) {
    trigger = true;
  } else if (c.word_is(i, "preoperative") || c.word_is(i, "presurgical") ||
             (c.word_is(i, "pre") && c.is_punct(i + 1, '-') && c.word_is(i + 2, "operative"))) {
    trigger = therapy_near(c, s, i, 4);
  } else if (therapy_word(c, i) && !c.word_is(i, "treatment") && !c.word_is(i, "therapy")) {
    trigger = after_cue(c, s, i);
  } else if (c.word_is(i, "treatment") && (c.word_is(i + 1, "effect") || c.word_is(i + 1, "related"))) {
    trigger = true;
  }
  if (!trigger) return i + 1;
  if (uncertain_before(c, s, i)) return i + 1;
  bool neg = negated_before(c, s, i) || negated_after(c, s, i, 4);
  if (c.word_is(i, "treatment") && neg) return i + 1;  // "no treatment effect": silent on therapy
  std::size_t last = std::min(s.end, i + 3) - 1;
  add(c.circumstances->post_neoadjuvant, !neg, c.source(i, last));
  return last + 1;
}

std::size_t detect_unplanned(ScanContext& c, Span s, std::size_t i) {
  // "re-excision following unplanned excision", "whoops procedure"
  if (uncertain_before(c, s, i)) return i + 1;
  bool neg = negated_before(c, s, i);
  std::size_t last = std::min(s.end, i + 2) - 1;
  add(c.circumstances->unplanned_excision, !neg, c.source(i, last));
  return last + 1;
}

std::size_t detect_recurrence(ScanContext& c, Span s, std::size_t i) {
  // Not the anatomy ("recurrent laryngeal nerve") nor a risk statement.
  if (c.word_is(i + 1, "laryngeal") || c.word_is(i + 1, "branch") || c.word_is(i + 1, "risk")) return i + 1;
  std::size_t b = i > s.begin + 3 ? i - 3 : s.begin;
  for (std::size_t k = b; k < std::min(s.end, i + 3); ++k) {
    if (c.word_is(k, "risk") || c.word_is(k, "free") || c.word_is(k, "rate")) return i + 1;
  }
  if (uncertain_before(c, s, i)) return i + 1;
  bool neg = negated_before(c, s, i);
  add(c.circumstances->recurrence, !neg, c.source(i, i));
  return i + 1;
}

}  // namespace sarcoma::core::extraction
