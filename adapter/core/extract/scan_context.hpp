#pragma once
// What the narrative pattern detectors share: the tokens of one line, where facts go, and small
// helpers for bounded look-behind/look-ahead. Every detector looks at most a fixed number of
// tokens around its trigger, so a scan is linear in the text length. Internal to extraction.
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "adapter/core/extract/labels.hpp"
#include "adapter/core/extract/tokens.hpp"
#include "adapter/core/facts.hpp"
#include "fhir/decimal.hpp"

namespace sarcoma::core::extraction {

inline constexpr std::size_t kBehind = 8;  // tokens looked at before a trigger
inline constexpr std::size_t kAhead = 12;  // tokens looked at after a trigger

struct ScanContext {
  std::string_view text;          // the whole narrative
  const Token* tokens = nullptr;  // the line's tokens
  std::size_t count = 0;
  std::size_t line_begin = 0;  // byte offset of the current line
  int line_no = 1;
  Field field = Field::free;    // the line's label, if any
  std::string_view label_unit;  // unit named by the label
  TumourFacts* tumour = nullptr;
  Circumstances* circumstances = nullptr;
  std::size_t tnm_run_end = static_cast<std::size_t>(-1);  // token after the last accepted TNM run

  const Token& at(std::size_t i) const { return tokens[i]; }
  std::size_t size() const { return count; }
  std::string_view str(std::size_t i) const { return text.substr(at(i).begin, at(i).end - at(i).begin); }
  bool is_word(std::size_t i) const { return i < size() && at(i).kind == Tok::word; }
  bool is_num(std::size_t i) const { return i < size() && at(i).kind == Tok::number; }
  bool is_punct(std::size_t i, char c) const {
    return i < size() && at(i).kind == Tok::punct && at(i).c == c;
  }
  bool word_is(std::size_t i, std::string_view lower) const { return is_word(i) && ieq(str(i), lower); }
  bool word_starts(std::size_t i, std::string_view lower) const {
    return is_word(i) && istarts(str(i), lower);
  }
  // Whether two tokens touch (no space between them), e.g. "pT2" or "12/10". False when either is
  // past the line's last token, like the other look-ahead tests.
  bool adjacent(std::size_t i, std::size_t j) const {
    return i < size() && j < size() && at(i).end == at(j).begin;
  }

  // A Source for the tokens [first, last] (inclusive).
  Source source(std::size_t first, std::size_t last) const {
    Source s;
    s.line = line_no;
    s.begin = static_cast<int>(at(first).begin - line_begin);
    s.end = static_cast<int>(at(last).end - line_begin);
    s.text = std::string(text.substr(at(first).begin, at(last).end - at(first).begin));
    return s;
  }
  std::optional<fhir::Decimal> decimal(std::size_t i) const {
    if (!is_num(i)) return std::nullopt;
    return fhir::Decimal::parse_lenient(str(i));
  }
  // Small non-negative integer value of a number token (no decimals), else -1.
  int small_int(std::size_t i) const {
    if (!is_num(i)) return -1;
    auto s = str(i);
    if (s.size() > 4) return -1;
    int v = 0;
    for (char ch : s) {
      if (ch < '0' || ch > '9') return -1;
      v = v * 10 + (ch - '0');
    }
    return v;
  }
};

// Sentence [begin, end) token range inside a line.
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// ---- shared cue tests (scan_cues.cpp) ----
// Negation/uncertainty before token i within the sentence (stops at a comma, "but", ...).
bool negated_before(const ScanContext& c, Span s, std::size_t i, std::size_t window = kBehind);
// Negation right after the mention: "necrosis is not identified", "... absent", "... excluded".
bool negated_after(const ScanContext& c, Span s, std::size_t i, std::size_t window = 5);
// A mention stated absent right after it, before any comma: "serosal invasion is not identified",
// "carotid encasement: absent". Narrower than negated_after: a later "negative" ("invades the
// serosa with negative margins") is about something else.
bool denied_after(const ScanContext& c, Span s, std::size_t i, std::size_t window = 4);
// A value that says nothing was assessed: "not applicable", "cannot be assessed", "not submitted".
bool not_assessed(const ScanContext& c, Span s, std::size_t from, std::size_t window = 8);
// Words that make a statement hypothetical: "rule out", "suspicious for", "differential".
bool uncertain_before(const ScanContext& c, Span s, std::size_t i, std::size_t window = kBehind);

// ---- detectors (one file per group) ----
// Each is called at its trigger token `i` (or at the start of a labelled value when `labelled`)
// and returns the index from which scanning continues (always > i).
// Size: a number chain ending in a length unit; `labelled` skips the tumour-context test.
std::size_t detect_size(ScanContext& c, Span s, std::size_t i, bool labelled);
std::size_t detect_mitoses(ScanContext& c, Span s, std::size_t i, bool labelled);
std::size_t detect_necrosis(ScanContext& c, Span s, std::size_t i, bool labelled);
std::size_t detect_grade(ScanContext& c, Span s, std::size_t i, bool labelled);
std::size_t detect_score(ScanContext& c, Span s, std::size_t i, Field which, bool labelled);
// TNM groups at token i ("pT2", "ypT3 N0", "pT2N0M0", "G2" inside a run).
std::size_t detect_tnm(ScanContext& c, Span s, std::size_t i, bool labelled);
std::size_t detect_stage(ScanContext& c, Span s, std::size_t i, bool labelled);
std::size_t detect_nodes(ScanContext& c, Span s, std::size_t i, bool labelled, bool count_only);
std::size_t detect_distant(ScanContext& c, Span s, std::size_t i, bool labelled);
std::size_t detect_multifocal(ScanContext& c, Span s, std::size_t i, bool labelled);
std::size_t detect_neoadjuvant(ScanContext& c, Span s, std::size_t i, Field field);
std::size_t detect_unplanned(ScanContext& c, Span s, std::size_t i);
std::size_t detect_recurrence(ScanContext& c, Span s, std::size_t i);

}  // namespace sarcoma::core::extraction
