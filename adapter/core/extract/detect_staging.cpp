// What the report states of T, N, M and the stage group ("pT2 N0", "ypT3", "pT2N0M0", "stage IIIA"),
// regional nodes ("lymph nodes negative (0/3)", "1/12 lymph nodes positive"), distant metastasis
// and focality.
#include <algorithm>
#include <array>
#include <span>

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

bool alnum(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

struct Group {
  std::string prefix;   // lower case as written: "", "p", "yp", "c", "rp", ...
  char letter = 0;      // T, N, M, G
  std::string value;    // "T2a", "N0", "M1", "G2", "TX"
  std::size_t end = 0;  // byte offset after the group
};

// One TNM group at byte `p` of the text, not crossing `lim`.
std::optional<Group> parse_group(std::string_view t, std::size_t p, std::size_t lim) {
  Group g;
  std::size_t q = p;
  while (q < lim && g.prefix.size() < 3) {
    char ch = t[q];
    if (ch == 'y' || ch == 'r' || ch == 'a' || ch == 'p' || ch == 'c' || ch == 'P' || ch == 'Y') {
      g.prefix.push_back(lower_ascii(ch));
      ++q;
    } else {
      break;
    }
  }
  if (q >= lim) return std::nullopt;
  char letter = t[q];
  if (letter != 'T' && letter != 'N' && letter != 'M' && letter != 'G') return std::nullopt;
  if (letter == 'G' && !g.prefix.empty()) return std::nullopt;
  ++q;
  if (q >= lim) return std::nullopt;
  char cat = t[q];
  std::string value(1, letter);
  if (letter == 'T' && cat == 'i' && q + 1 < lim && t[q + 1] == 's') {
    value += "is";
    q += 2;
  } else if (cat == 'X' || cat == 'x') {
    value += 'X';
    ++q;
  } else {
    char max = letter == 'T' ? '4' : letter == 'N' ? '3' : letter == 'M' ? '1' : '3';
    char min = letter == 'G' ? '1' : '0';
    if (cat < min || cat > max) return std::nullopt;
    value += cat;
    ++q;
    char max_sub = letter == 'T' ? 'd' : letter == 'G' ? 0 : 'c';
    if (q < lim && max_sub != 0 && t[q] >= 'a' && t[q] <= max_sub &&
        (q + 1 >= lim || !alnum(t[q + 1]) || t[q + 1] == 'N' || t[q + 1] == 'M')) {
      value += t[q];
      ++q;
    }
  }
  g.letter = letter;
  g.value = std::move(value);
  g.end = q;
  return g;
}

bool tnm_context_word(const ScanContext& c, std::size_t k) {
  static constexpr std::array<std::string_view, 10> kWords{
      "stage",    "staging",        "tnm",        "ptnm",         "ajcc",
      "category", "classification", "pathologic", "pathological", "uicc"};
  if (!c.is_word(k)) return false;
  for (auto w : kWords) {
    if (ieq(c.str(k), w)) return true;
  }
  return false;
}

bool roman_stage(std::string_view w, std::string& out) {
  static constexpr std::array<std::string_view, 16> kValid{"I",   "IA",  "IB",  "IC",   "II",   "IIA",
                                                           "IIB", "IIC", "III", "IIIA", "IIIB", "IIIC",
                                                           "IV",  "IVA", "IVB", "IVC"};
  if (w.size() > 4) return false;
  std::string up;
  for (char ch : w) up.push_back(ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 'a' + 'A') : ch);
  for (auto v : kValid) {
    if (up == v) {
      out = up;
      return true;
    }
  }
  return false;
}

}  // namespace

std::size_t detect_tnm(ScanContext& c, Span s, std::size_t i, bool labelled) {
  if (!c.is_word(i)) return i + 1;
  std::size_t p = c.at(i).begin;
  if (p > 0 && alnum(c.text[p - 1])) return i + 1;
  std::size_t lim = c.at(s.end - 1).end;
  std::array<Group, 8> groups;
  std::size_t count = 0;
  std::size_t q = p;
  while (q < lim && count < groups.size()) {
    auto g = parse_group(c.text, q, lim);
    if (!g) break;
    // A group ends at a non-alphanumeric or where the next group starts ("pT2N0M0").
    if (g->end < lim && alnum(c.text[g->end])) {
      auto next = parse_group(c.text, g->end, lim);
      if (!next) break;
    }
    q = g->end;
    groups[count++] = std::move(*g);
    while (q < lim && (c.text[q] == ' ' || c.text[q] == ',' || c.text[q] == '\t')) ++q;
  }
  if (count == 0) return i + 1;
  std::span<const Group> run(groups.data(), count);
  bool prefixed = false;
  std::size_t tnm_groups = 0;
  for (const auto& g : run) {
    prefixed = prefixed || !g.prefix.empty();
    if (g.letter != 'G') ++tnm_groups;
  }
  bool near_run =
      c.tnm_run_end != static_cast<std::size_t>(-1) && i >= c.tnm_run_end && i - c.tnm_run_end <= 6;
  bool context = labelled || prefixed || tnm_groups >= 2 || near_run ||
                 (i > s.begin && tnm_context_word(c, i - 1)) ||
                 (i > s.begin + 1 && tnm_context_word(c, i - 2));
  if (!context || tnm_groups == 0) return i + 1;
  // Map the run's byte end back to tokens.
  std::size_t run_end = run.back().end;
  std::size_t j = i;
  while (j < s.end && c.at(j).begin < run_end) ++j;
  bool y = false;
  bool r = false;
  for (const auto& g : run) {
    std::size_t gb = g.end - g.value.size() - g.prefix.size();
    Source src;
    src.line = c.line_no;
    src.begin = static_cast<int>(gb - c.line_begin);
    src.end = static_cast<int>(g.end - c.line_begin);
    src.text = std::string(c.text.substr(gb, g.end - gb));
    StatedCategory sc{g.prefix, g.value};
    switch (g.letter) {
      case 'T': add(c.tumour->stated_t, sc, src); break;
      case 'N': add(c.tumour->stated_n, sc, src); break;
      case 'M': add(c.tumour->stated_m, sc, src); break;
      default: add(c.tumour->stated_grade, StatedCategory{"", g.value}, src); break;
    }
    // The y and r prefixes state the circumstances too.
    if (g.letter != 'G' && g.prefix.find('y') != std::string::npos && !y) {
      y = true;
      add(c.circumstances->post_neoadjuvant, true, src);
    }
    if (g.letter != 'G' && g.prefix.find('r') != std::string::npos && !r) {
      r = true;
      add(c.circumstances->recurrence, true, src);
    }
  }
  c.tnm_run_end = j;
  return std::max(j, i + 1);
}

std::size_t detect_stage(ScanContext& c, Span s, std::size_t i, bool labelled) {
  std::size_t k = labelled ? i : i + 1;
  std::size_t end = std::min(s.end, i + 8);
  static constexpr std::array<std::string_view, 17> kFill{
      "ajcc",     "group",    "grouping", "prognostic", "pathologic", "pathological",
      "clinical", "anatomic", "th",       "edition",    "is",         "of",
      "tnm",      "uicc",     "stage",    "overall",    "ed"};
  while (k < end) {
    if (c.at(k).kind == Tok::punct) {
      char p = c.at(k).c;
      if (p == ':' || p == '(' || p == ')' || p == '-' || p == '=' || p == ',' || p == '.') {
        ++k;
        continue;
      }
      break;
    }
    if (c.is_num(k) && c.word_is(k + 1, "th")) {  // "8th edition"
      k += 2;
      continue;
    }
    bool filler = false;
    if (c.is_word(k)) {
      for (auto f : kFill) filler = filler || ieq(c.str(k), f);
    }
    if (!filler) break;
    ++k;
  }
  if (k >= end) return i + 1;
  std::string value;
  std::size_t last = k;
  if (c.is_word(k)) {
    if (!roman_stage(c.str(k), value)) return i + 1;
    if ((value == "I" || value == "II" || value == "III" || value == "IV") && c.is_word(k + 1) &&
        c.adjacent(k, k + 1) == false && c.str(k + 1).size() == 1) {
      // "stage III A": a detached letter
      std::string joined;
      if (roman_stage(value + std::string(c.str(k + 1)), joined)) {
        value = joined;
        last = k + 1;
      }
    }
  } else if (c.is_num(k)) {
    static constexpr std::array<std::string_view, 5> kRoman{"", "I", "II", "III", "IV"};
    int v = c.small_int(k);
    if (v < 1 || v > 4) return i + 1;
    value = std::string(kRoman[static_cast<std::size_t>(v)]);
    if (c.is_word(k + 1) && c.adjacent(k, k + 1) && c.str(k + 1).size() == 1) {
      std::string joined;
      if (!roman_stage(value + std::string(c.str(k + 1)), joined)) return i + 1;
      value = joined;
      last = k + 1;
    }
  } else {
    return i + 1;
  }
  add(c.tumour->stated_stage_group, StatedCategory{"", value}, c.source(i, last));
  return last + 1;
}

std::size_t detect_nodes(ScanContext& c, Span s, std::size_t i, bool labelled, bool count_only) {
  std::size_t b = labelled ? i : (i > s.begin + 10 ? i - 10 : s.begin);
  std::size_t e = std::min(s.end, i + kAhead);
  if (not_assessed(c, s, labelled ? i : b, e - (labelled ? i : b))) return e;
  // "no lymph nodes identified/submitted": nothing was examined.
  for (std::size_t k = b; k < e; ++k) {
    if (!(c.word_is(k, "no") || c.word_is(k, "none"))) continue;
    for (std::size_t m = k + 1; m < std::min(e, k + 6); ++m) {
      if (c.word_is(m, "submitted") || c.word_is(m, "identified") || c.word_is(m, "found") ||
          c.word_is(m, "received") || c.word_is(m, "sampled") || c.word_is(m, "examined") ||
          c.word_is(m, "present") || c.word_is(m, "included")) {
        bool about_metastasis = false;
        for (std::size_t q = k + 1; q < m; ++q)
          about_metastasis = about_metastasis || c.word_starts(q, "metasta");
        if (!about_metastasis) return e;
      }
    }
  }
  auto emit = [&](bool involved, std::size_t first, std::size_t last) {
    add(c.tumour->nodal_metastasis, involved, c.source(std::min(first, last), std::max(first, last)));
    return std::max(e, last + 1);
  };
  // A fraction "1/12" or "0 of 3" nearest the trigger.
  std::optional<std::size_t> best;
  for (std::size_t k = b; k + 2 < e; ++k) {
    if (!c.is_num(k) || !c.is_num(k + 2)) continue;
    if (!(c.is_punct(k + 1, '/') || c.word_is(k + 1, "of"))) continue;
    if (c.word_is(k + 3, "hpf") || c.word_is(k + 3, "hpfs")) continue;
    if (!best || (k > i ? k - i : i - k) < (*best > i ? *best - i : i - *best)) best = k;
  }
  if (best) {
    int positive = c.small_int(*best);
    if (positive >= 0) return emit(positive > 0, std::min(i, *best), std::max(i, *best + 2));
  }
  if (count_only) {
    for (std::size_t k = i; k < e; ++k) {
      int n = c.small_int(k);
      if (n >= 0) return emit(n > 0, i, k);
    }
    return e;
  }
  // Cues: negative before positive ("negative for metastasis").
  if (!labelled && negated_before(c, s, i, 10)) return emit(false, i, i);
  std::size_t from = labelled ? i : i + 1;
  for (std::size_t k = from; k < e; ++k) {
    if (c.word_is(k, "negative") || c.word_is(k, "uninvolved") || c.word_is(k, "free") ||
        c.word_is(k, "benign") || c.word_is(k, "reactive") || c.word_is(k, "no") || c.word_is(k, "none") ||
        c.word_is(k, "absent") || (c.word_is(k, "not") && c.word_is(k + 1, "involved"))) {
      return emit(false, i, k);
    }
    if (c.word_is(k, "positive") || c.word_is(k, "involved") || c.word_starts(k, "metasta") ||
        c.word_is(k, "involvement") || c.word_is(k, "present") || c.word_is(k, "deposits")) {
      return emit(true, i, k);
    }
  }
  if (!labelled) {
    std::size_t bb = i > s.begin + 6 ? i - 6 : s.begin;
    for (std::size_t k = bb; k < i; ++k) {
      if (c.word_is(k, "positive") || c.word_is(k, "involved") || c.word_starts(k, "metasta")) {
        return emit(true, k, i);
      }
    }
  }
  return i + 1;
}

std::size_t detect_distant(ScanContext& c, Span s, std::size_t i, bool labelled) {
  std::size_t e = std::min(s.end, i + kAhead);
  if (!labelled) {
    bool distant = false;
    std::size_t b = i > s.begin + 4 ? i - 4 : s.begin;
    for (std::size_t k = b; k < std::min(s.end, i + 4); ++k) distant = distant || c.word_is(k, "distant");
    if (!distant) return i + 1;
    if (uncertain_before(c, s, i)) return i + 1;
    if (not_assessed(c, s, i, 6)) return i + 1;
    bool neg = negated_before(c, s, i) || negated_after(c, s, i);
    add(c.tumour->distant_metastasis, !neg, c.source(i, i));
    return i + 1;
  }
  if (not_assessed(c, s, i, e - i)) return e;
  bool any_word = false;
  for (std::size_t k = i; k < e; ++k) any_word = any_word || c.is_word(k);
  if (!any_word) return e;
  bool neg = c.word_is(i, "no") || c.word_is(i, "none") || c.word_is(i, "negative") ||
             c.word_is(i, "absent") ||
             (c.word_is(i, "not") && (c.word_is(i + 1, "identified") || c.word_is(i + 1, "present") ||
                                      c.word_is(i + 1, "seen") || c.word_is(i + 1, "detected"))) ||
             negated_after(c, s, i);
  add(c.tumour->distant_metastasis, !neg, c.source(i, std::min(e, i + 3) - 1));
  return e;
}

namespace {

// A count of sites at token k: "3", "three", and "> 5" / "more than five" as the least count they
// allow (6: seed 003's visceral T4c is "> 5 sites"). Sets `after` to the token after it; -1 if none.
int site_count(const ScanContext& c, std::size_t k, std::size_t& after) {
  static constexpr std::array<std::string_view, 12> kWords{
      "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"};
  std::size_t at = k;
  int more = 0;
  if (c.is_punct(k, '>') && c.is_punct(k + 1, '=')) {
    at = k + 2;
  } else if (c.is_punct(k, '>')) {
    at = k + 1;
    more = 1;
  } else if ((c.word_is(k, "more") || c.word_is(k, "greater")) && c.word_is(k + 1, "than")) {
    at = k + 2;
    more = 1;
  } else if (c.is_punct(k, 'G')) {  // >=
    at = k + 1;
  }
  int n = c.small_int(at);
  for (std::size_t w = 0; n < 0 && w < kWords.size(); ++w) {
    if (c.word_is(at, kWords[w])) n = static_cast<int>(w) + 1;
  }
  if (n < 0 || n >= 100) return -1;
  after = at + 1;
  return n + more;
}

bool site_word(const ScanContext& c, std::size_t k) {
  return c.word_starts(k, "site") || c.word_starts(k, "focus") || c.word_starts(k, "foci") ||
         c.word_starts(k, "tumo") || c.word_starts(k, "nodule") || c.word_starts(k, "lesion");
}

}  // namespace

std::size_t detect_multifocal(ScanContext& c, Span s, std::size_t i, bool labelled) {
  std::size_t e = std::min(s.end, i + kAhead);
  std::size_t after = 0;
  if (!labelled) {
    // "multifocal (3 sites)", "multifocal involvement (> 5 sites)", "multifocal, three foci"
    for (std::size_t k = i + 1; k < e; ++k) {
      int n = site_count(c, k, after);
      if (n >= 2 && site_word(c, after)) {
        add(c.tumour->multifocal_site_count, n, c.source(i, after));
        return after + 1;
      }
    }
    return i + 1;
  }
  if (c.word_is(i, "single") || c.word_is(i, "unifocal") || c.word_is(i, "solitary")) {
    add(c.tumour->multifocal_site_count, 1, c.source(i, std::min(e, i + 2) - 1));
    return e;
  }
  for (std::size_t k = i; k < e; ++k) {
    int n = site_count(c, k, after);
    if (n >= 1) {
      add(c.tumour->multifocal_site_count, n, c.source(i, after - 1));
      return after;
    }
  }
  return e;
}

}  // namespace sarcoma::core::extraction
