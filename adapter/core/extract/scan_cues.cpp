// Negation, uncertainty and "not assessed" cues around a mention, within bounded windows.
#include <algorithm>
#include <array>

#include "adapter/core/extract/scan_context.hpp"

namespace sarcoma::core::extraction {
namespace {

template <std::size_t N>
bool word_in(const ScanContext& c, std::size_t i, const std::array<std::string_view, N>& words) {
  if (!c.is_word(i)) return false;
  auto w = c.str(i);
  for (auto x : words) {
    if (ieq(w, x)) return true;
  }
  return false;
}

constexpr std::array<std::string_view, 16> kNegation{
    "no",  "not",  "without", "negative", "absent", "absence", "none", "neither",
    "nor", "free", "exclude", "excluded", "lacks",  "lacking", "nil",  "denies"};
constexpr std::array<std::string_view, 6> kScopeEnd{"but",    "however", "although",
                                                    "except", "whereas", "while"};
constexpr std::array<std::string_view, 11> kFound{"identified", "seen",    "present",     "detected",
                                                  "found",      "noted",   "appreciated", "evident",
                                                  "observed",   "visible", "recognized"};

bool is_rule_out(const ScanContext& c, std::size_t k) {
  // "rule out" / "r/o"
  if (c.word_is(k, "rule") && c.word_is(k + 1, "out")) return true;
  return c.word_is(k, "r") && c.is_punct(k + 1, '/') && c.word_is(k + 2, "o");
}

}  // namespace

bool negated_before(const ScanContext& c, Span s, std::size_t i, std::size_t window) {
  std::size_t stop = i > s.begin + window ? i - window : s.begin;
  for (std::size_t k = i; k > stop;) {
    --k;
    const Token& t = c.at(k);
    if (t.kind == Tok::punct && (t.c == ',' || t.c == ';' || t.c == ':')) return false;
    if (word_in(c, k, kScopeEnd)) return false;
    if (word_in(c, k, kNegation)) return true;
    if (is_rule_out(c, k)) return true;
  }
  return false;
}

bool negated_after(const ScanContext& c, Span s, std::size_t i, std::size_t window) {
  std::size_t stop = std::min(s.end, i + 1 + window);
  for (std::size_t k = i + 1; k < stop; ++k) {
    const Token& t = c.at(k);
    if (t.kind == Tok::punct && (t.c == ',' || t.c == ';')) return false;
    if (word_in(c, k, kScopeEnd)) return false;
    if (c.word_is(k, "absent") || c.word_is(k, "none") || c.word_is(k, "negative") ||
        c.word_is(k, "excluded") || c.word_is(k, "unlikely") || c.word_is(k, "nil")) {
      return true;
    }
    if (c.word_is(k, "no") && !c.is_word(k + 1)) return true;  // "Necrosis: no"
    if (c.word_is(k, "ruled") && c.word_is(k + 1, "out")) return true;
    if (c.word_is(k, "not") || c.word_is(k, "nor")) {
      for (std::size_t m = k + 1; m < std::min(s.end, k + 3); ++m) {
        if (word_in(c, m, kFound)) return true;
      }
    }
  }
  return false;
}

bool denied_after(const ScanContext& c, Span s, std::size_t i, std::size_t window) {
  std::size_t stop = std::min(s.end, i + 1 + window);
  for (std::size_t k = i + 1; k < stop; ++k) {
    const Token& t = c.at(k);
    if (t.kind == Tok::punct && t.c != ':') return false;
    if (c.word_is(k, "absent") || c.word_is(k, "excluded") || c.word_is(k, "none") ||
        c.word_is(k, "negative"))
      return true;
    if (c.word_is(k, "no") && !c.is_word(k + 1)) return true;  // "Orbital invasion - no"
    if (c.word_is(k, "not") || c.word_is(k, "nor")) {
      for (std::size_t m = k + 1; m < std::min(s.end, k + 3); ++m) {
        if (word_in(c, m, kFound)) return true;
      }
      return false;
    }
    if (c.word_is(k, "ruled") && c.word_is(k + 1, "out")) return true;
    // Only linking words may stand between the mention and its denial.
    if (!(c.word_is(k, "is") || c.word_is(k, "are") || c.word_is(k, "was") || c.word_is(k, "were") ||
          c.word_is(k, "be") || c.word_is(k, "been") || c.word_is(k, "has") || c.word_is(k, "have") ||
          c.word_is(k, "definitely") || c.word_is(k, "clearly"))) {
      return false;
    }
  }
  return false;
}

bool not_assessed(const ScanContext& c, Span s, std::size_t from, std::size_t window) {
  std::size_t stop = std::min(s.end, from + window);
  for (std::size_t k = from; k < stop; ++k) {
    if (c.word_is(k, "not") || c.word_is(k, "cannot") || c.word_is(k, "none")) {
      for (std::size_t m = k + 1; m < std::min(s.end, k + 4); ++m) {
        if (c.word_is(m, "applicable") || c.word_is(m, "assessed") || c.word_is(m, "determined") ||
            c.word_is(m, "evaluated") || c.word_is(m, "submitted") || c.word_is(m, "sampled") ||
            c.word_is(m, "received") || c.word_is(m, "reported") || c.word_is(m, "assessable") ||
            c.word_is(m, "evaluable")) {
          return true;
        }
      }
    }
    if (c.word_is(k, "n") && c.is_punct(k + 1, '/') && c.word_is(k + 2, "a")) return true;
    if (c.word_is(k, "na") || c.word_is(k, "indeterminate") || c.word_is(k, "unknown") ||
        c.word_is(k, "pending") || c.word_is(k, "unassessable")) {
      return true;
    }
  }
  return false;
}

bool uncertain_before(const ScanContext& c, Span s, std::size_t i, std::size_t window) {
  std::size_t stop = i > s.begin + window ? i - window : s.begin;
  for (std::size_t k = i; k > stop;) {
    --k;
    if (is_rule_out(c, k)) return true;
    if (c.word_is(k, "suspicious") || c.word_is(k, "possible") || c.word_is(k, "possibly") ||
        c.word_is(k, "versus") || c.word_is(k, "vs") || c.word_is(k, "differential") ||
        c.word_is(k, "evaluate") || c.word_is(k, "evaluation") || c.word_is(k, "concern") ||
        c.word_is(k, "questionable") || c.word_is(k, "query") || c.word_is(k, "if")) {
      return true;
    }
    if (c.is_punct(k, '?')) return true;
  }
  return false;
}

}  // namespace sarcoma::core::extraction
