// The narrative scanner's driver: lines, specimen headings, synoptic labels, sentences, and the
// dispatch of each token to the detector it may trigger. Histology and site phrases come from the
// Rules' phrase search (one pass over the whole text) and are accepted here by context.
#include "adapter/core/extract/narrative.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string>

#include "adapter/core/extract/labels.hpp"
#include "adapter/core/extract/scan_context.hpp"
#include "adapter/core/extract/tokens.hpp"

namespace sarcoma::core {
namespace {

using extraction::Field;
using extraction::ScanContext;
using extraction::Span;
using extraction::Tok;
using extraction::Token;

Field field_of(NarrativeHint h) {
  switch (h) {
    case NarrativeHint::any: return Field::free;
    case NarrativeHint::histology: return Field::histology;
    case NarrativeHint::site: return Field::site;
    case NarrativeHint::size: return Field::size;
    case NarrativeHint::mitoses: return Field::mitoses;
    case NarrativeHint::necrosis: return Field::necrosis;
    case NarrativeHint::grade: return Field::grade;
    case NarrativeHint::differentiation_score: return Field::differentiation_score;
    case NarrativeHint::mitotic_score: return Field::mitotic_score;
    case NarrativeHint::necrosis_score: return Field::necrosis_score;
    case NarrativeHint::nodes: return Field::nodes;
    case NarrativeHint::nodes_involved: return Field::nodes_involved;
    case NarrativeHint::distant: return Field::distant;
    case NarrativeHint::tnm: return Field::tnm;
    case NarrativeHint::stage: return Field::stage;
    case NarrativeHint::treatment_history: return Field::treatment_history;
    case NarrativeHint::multifocal: return Field::multifocal;
  }
  return Field::free;
}

bool is_upper_word(std::string_view w) {
  for (char ch : w) {
    if (ch < 'A' || ch > 'Z') return false;
  }
  return !w.empty();
}

class Scanner {
 public:
  Scanner(std::string_view text, const mappings::Rules& rules, Field forced)
      : text_(text), rules_(rules), forced_(forced) {
    ctx_.text = text;
    toks_.resize(64);
    sentences_.reserve(8);
  }

  NarrativeFacts run() {
    auto phrases = rules_.find_narrative_phrases(text_);
    histology_ = std::move(phrases.histology);
    sites_ = std::move(phrases.sites);
    findings_ = std::move(phrases.findings);
    bucket("");
    std::size_t pos = 0;
    int line_no = 0;
    while (pos <= text_.size()) {
      std::size_t le = pos;
      while (le < text_.size() && text_[le] != '\n' && text_[le] != '\r') ++le;
      ++line_no;
      line(pos, le, line_no);
      if (le >= text_.size()) break;
      pos = le + ((text_[le] == '\r' && le + 1 < text_.size() && text_[le + 1] == '\n') ? 2 : 1);
    }
    // Drop the unlabelled bucket when nothing landed in it.
    if (!out_.tumours.empty() && out_.tumours.front().label.empty() && empty(out_.tumours.front())) {
      out_.tumours.erase(out_.tumours.begin());
    }
    return std::move(out_);
  }

 private:
  static bool empty(const TumourFacts& t) {
    return t.histology.empty() && t.site.empty() && t.size.empty() && t.mitoses.empty() &&
           t.necrosis.empty() && t.stated_differentiation_score.empty() && t.stated_mitotic_score.empty() &&
           t.stated_necrosis_score.empty() && t.stated_grade.empty() && t.nodal_metastasis.empty() &&
           t.distant_metastasis.empty() && t.extent_findings.empty() && t.multifocal_site_count.empty() &&
           t.stated_t.empty() && t.stated_n.empty() && t.stated_m.empty() && t.stated_stage_group.empty();
  }

  TumourFacts& bucket(const std::string& label) {
    for (auto& t : out_.tumours) {
      if (t.label == label) return t;
    }
    out_.tumours.emplace_back();
    out_.tumours.back().label = label;
    return out_.tumours.back();
  }

  // "Specimen A:", "Part 2.", "Tumor 1:", "A.", "B)" at the start of a line. Returns the index of
  // the first content token (0 when there is no heading) and sets `label`.
  std::size_t heading(std::string& label) const {
    std::size_t j = 0;
    while (j < ntok_ && toks_[j].kind == Tok::punct && (toks_[j].c == '-' || toks_[j].c == '*')) ++j;
    if (j >= ntok_) return 0;
    auto str = [&](std::size_t k) { return text_.substr(toks_[k].begin, toks_[k].end - toks_[k].begin); };
    auto ends_heading = [&](std::size_t k) {
      return k >= ntok_ || (toks_[k].kind == Tok::punct && (toks_[k].c == ':' || toks_[k].c == '.' ||
                                                            toks_[k].c == ')' || toks_[k].c == '-'));
    };
    if (ctx_.word_is(j, "specimen") || ctx_.word_is(j, "part") || ctx_.word_is(j, "tumor") ||
        ctx_.word_is(j, "tumour") || ctx_.word_is(j, "lesion") || ctx_.word_is(j, "container")) {
      std::size_t k = j + 1;
      if (ctx_.is_punct(k, '#')) ++k;
      if (k >= ntok_) return 0;
      auto v = str(k);
      bool ok =
          (toks_[k].kind == Tok::word && v.size() <= 2) || (toks_[k].kind == Tok::number && v.size() <= 2);
      if (!ok || !ends_heading(k + 1)) return 0;
      label.clear();
      for (char ch : v) label.push_back(ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 'a' + 'A') : ch);
      return std::min(ntok_, k + 2);
    }
    auto v = str(j);
    if (toks_[j].kind == Tok::word && v.size() == 1 && v[0] >= 'A' && v[0] <= 'H' && j + 1 < ntok_ &&
        toks_[j + 1].kind == Tok::punct &&
        (toks_[j + 1].c == '.' || toks_[j + 1].c == ')' || toks_[j + 1].c == ':')) {
      label = std::string(v);
      return j + 2;
    }
    return 0;
  }

  // "SYNOPTIC REPORT", "FINAL DIAGNOSIS:", "COMMENT:" - an all-capitals section header.
  bool section_header(std::size_t from, std::size_t colon) const {
    static constexpr std::array<std::string_view, 16> kSections{
        "diagnosis", "comment",     "comments", "gross",     "microscopic", "synoptic",
        "summary",   "clinical",    "history",  "addendum",  "note",        "checklist",
        "report",    "description", "findings", "impression"};
    std::size_t end = colon == 0 ? ntok_ : colon;
    if (end - from > 5 || end == from) return false;
    bool known = false;
    for (std::size_t k = from; k < end; ++k) {
      if (toks_[k].kind != Tok::word) return false;
      auto w = text_.substr(toks_[k].begin, toks_[k].end - toks_[k].begin);
      if (!is_upper_word(w)) return false;
      for (auto s : kSections) known = known || extraction::ieq(w, s);
    }
    return known;
  }

  void sentences(std::size_t from, std::size_t to) {
    sentences_.clear();
    std::size_t b = from;
    for (std::size_t k = from; k < to; ++k) {
      const Token& t = toks_[k];
      if (t.kind == Tok::punct && (t.c == '.' || t.c == ';' || t.c == '!' || t.c == '?')) {
        if (k > b) sentences_.push_back({b, k});
        b = k + 1;
      }
    }
    if (to > b) sentences_.push_back({b, to});
  }

  Span sentence_of(std::size_t k, Span whole) const {
    auto it = std::upper_bound(sentences_.begin(), sentences_.end(), k,
                               [](std::size_t v, const Span& s) { return v < s.end; });
    if (it != sentences_.end() && k >= it->begin) return *it;
    return whole;
  }

  // Tokens within `radius` of k, inside the sentence: bounded so that many matches on one long line
  // stay linear.
  static Span around(Span s, std::size_t k, std::size_t radius) {
    return {k > s.begin + radius ? k - radius : s.begin, std::min(s.end, k + radius)};
  }

  void line(std::size_t lb, std::size_t le, int line_no) {
    ntok_ = extraction::tokenize(text_, lb, le, toks_);
    ctx_.tokens = toks_.data();
    ctx_.count = ntok_;
    ctx_.line_begin = lb;
    ctx_.line_no = line_no;
    ctx_.tnm_run_end = static_cast<std::size_t>(-1);
    if (ntok_ == 0) {
      skip_phrases(le);
      return;
    }
    std::size_t k0 = 0;
    bool has_heading = false;
    if (forced_ == Field::free) {
      std::string label;
      k0 = heading(label);
      if (k0 > 0) {
        current_ = label;
        has_heading = true;
      }
    }
    // A synoptic label: a short run of words before the first colon (not a time like 10:30).
    std::size_t colon = 0;
    for (std::size_t k = k0; k < std::min(ntok_, k0 + 10); ++k) {
      // A sentence ends before any colon: "Status post chemoradiation. Thigh, excision: ..." has no
      // label "Status post ... excision" (it would swallow the diagnosis that follows).
      if (toks_[k].kind == Tok::punct &&
          (toks_[k].c == '.' || toks_[k].c == ';' || toks_[k].c == '!' || toks_[k].c == '?'))
        break;
      if (toks_[k].kind == Tok::punct && toks_[k].c == ':') {
        bool time = k > 0 && k + 1 < ntok_ && toks_[k - 1].kind == Tok::number &&
                    toks_[k + 1].kind == Tok::number && toks_[k - 1].end == toks_[k].begin;
        if (!time && k > k0 && toks_[k0].kind != Tok::number) colon = k;
        break;
      }
    }
    if (forced_ == Field::free && !has_heading && section_header(k0, colon)) current_.clear();
    extraction::LabelInfo info;
    std::size_t vb = k0;
    if (colon > 0) {
      info = extraction::classify_label(text_.substr(toks_[k0].begin, toks_[colon].begin - toks_[k0].begin));
      // A text known to hold one fact ("G3: total score 6-8") is read whole unless its label says more.
      if (info.field == Field::free && forced_ != Field::free) colon = 0;
      // "Right thigh, re-excision of margins: residual leiomyosarcoma": a site and a procedure
      // before the colon describe the specimen; the line is running text, not a margins label.
      if (colon > 0 && forced_ == Field::free && info.procedure_only && reads_fields_only(info.field) &&
          site_between(toks_[k0].begin, toks_[colon].begin)) {
        colon = 0;
        info = {};
      }
    }
    if (colon > 0) {
      vb = colon + 1;
      pending_ = vb >= ntok_ ? std::optional<extraction::LabelInfo>(info) : std::nullopt;
    } else if (pending_) {
      info = *pending_;
      pending_.reset();
    }
    if (info.field == Field::free && forced_ != Field::free) info.field = forced_;
    ctx_.field = info.field;
    ctx_.label_unit = info.unit;
    ctx_.tumour = &bucket(current_);
    ctx_.circumstances = &out_.circumstances;
    Span whole{vb, ntok_};
    sentences(vb, ntok_);
    if (vb < ntok_) value(info.field, whole);
    // A label governs its first sentence; what follows ("...; tumour necrosis 30%") is running text.
    if (reads_fields_only(info.field)) {
      for (std::size_t i = 1; i < sentences_.size(); ++i) free_text(sentences_[i]);
    }
    phrases(le, info.field, has_heading, colon > 0, whole);
  }

  // Fields whose value is read by one detector (the others are read as running text).
  static bool reads_fields_only(Field f) {
    return f != Field::free && f != Field::histology && f != Field::site && f != Field::extent;
  }

  // Whether a site phrase starts in text_[b, e) (sites_ is ordered; bounded by the line).
  bool site_between(std::size_t b, std::size_t e) const {
    for (std::size_t j = si_; j < sites_.size() && sites_[j].begin < e; ++j) {
      if (sites_[j].entry != nullptr && sites_[j].begin >= b) return true;
    }
    return false;
  }

  void tnm_pass(Span s, bool labelled) {
    for (std::size_t k = s.begin; k < s.end;) {
      k = toks_[k].kind == Tok::word ? extraction::detect_tnm(ctx_, s, k, labelled) : k + 1;
    }
  }

  void value(Field f, Span whole) {
    switch (f) {
      case Field::free:
      case Field::histology:
      case Field::site:
      case Field::extent:
        for (const auto& s : sentences_) free_text(s);
        return;
      case Field::ignored: return;
      case Field::size:
        // "Tumor Size: Greatest dimension (Centimeters): 8.2" - the unit may sit before the number.
        if (ctx_.label_unit.empty()) {
          for (std::size_t k = whole.begin; k < whole.end && !ctx_.is_num(k); ++k) {
            if (ctx_.is_word(k)) {
              auto unit = extraction::classify_label(ctx_.str(k)).unit;
              if (!unit.empty()) ctx_.label_unit = unit;
            }
          }
        }
        for (std::size_t k = whole.begin; k < whole.end; ++k) {
          if (!ctx_.is_num(k)) continue;
          std::size_t before = ctx_.tumour->size.size();
          extraction::detect_size(ctx_, whole, k, true);
          if (ctx_.tumour->size.size() > before) return;
        }
        return;
      case Field::mitoses: extraction::detect_mitoses(ctx_, whole, whole.begin, true); return;
      case Field::necrosis: extraction::detect_necrosis(ctx_, whole, whole.begin, true); return;
      case Field::grade: extraction::detect_grade(ctx_, whole, whole.begin, true); return;
      case Field::differentiation_score:
      case Field::mitotic_score:
      case Field::necrosis_score: extraction::detect_score(ctx_, whole, whole.begin, f, true); return;
      case Field::nodes:
        tnm_pass(whole, false);
        extraction::detect_nodes(ctx_, whole, whole.begin, true, false);
        return;
      case Field::nodes_involved: extraction::detect_nodes(ctx_, whole, whole.begin, true, true); return;
      case Field::distant:
        tnm_pass(whole, false);
        extraction::detect_distant(ctx_, whole, whole.begin, true);
        return;
      case Field::tnm: tnm_pass(whole, true); return;
      case Field::stage:
        extraction::detect_stage(ctx_, whole, whole.begin, true);
        tnm_pass(whole, false);
        return;
      case Field::treatment_effect:
      case Field::treatment_history: extraction::detect_neoadjuvant(ctx_, whole, whole.begin, f); return;
      case Field::multifocal: extraction::detect_multifocal(ctx_, whole, whole.begin, true); return;
    }
  }

  void free_text(Span s) {
    bool nodes_done = false;
    std::size_t k = s.begin;
    while (k < s.end) {
      const Token& t = toks_[k];
      std::size_t next = k + 1;
      if (t.kind == Tok::number) {
        std::size_t sizes = ctx_.tumour->size.size();
        std::size_t after_size = extraction::detect_size(ctx_, s, k, false);
        if (ctx_.tumour->size.size() > sizes) {
          next = after_size;
        } else {
          std::size_t mitoses = ctx_.tumour->mitoses.size();
          std::size_t after_mitoses = extraction::detect_mitoses(ctx_, s, k, false);
          next = ctx_.tumour->mitoses.size() > mitoses ? after_mitoses : std::max(k + 1, after_size);
        }
      } else if (t.kind == Tok::word) {
        next = word(s, k, nodes_done);
      }
      k = std::max(next, k + 1);
    }
  }

  std::size_t word(Span s, std::size_t k, bool& nodes_done) {
    auto w = text_.substr(toks_[k].begin, toks_[k].end - toks_[k].begin);
    using extraction::ieq;
    using extraction::istarts;
    char first = w[0];
    // TNM groups start with a prefix letter or T/N/M; checked first because they are case-sensitive.
    if (first == 'p' || first == 'y' || first == 'r' || first == 'c' || first == 'a' || first == 'P' ||
        first == 'Y' || first == 'T' || first == 'N' || first == 'M') {
      std::size_t before = stated_count();
      std::size_t next = extraction::detect_tnm(ctx_, s, k, false);
      if (stated_count() > before) return next;
    }
    // Dispatch on the first letter: most words trigger nothing and leave after one comparison.
    switch (extraction::lower_ascii(first)) {
      case 'n':
        if (istarts(w, "necro")) return extraction::detect_necrosis(ctx_, s, k, false);
        if (ieq(w, "node") || ieq(w, "nodes") || ieq(w, "nodal")) {
          if (nodes_done) return k + 1;
          std::size_t before = ctx_.tumour->nodal_metastasis.size();
          std::size_t next = extraction::detect_nodes(ctx_, s, k, false, false);
          nodes_done = ctx_.tumour->nodal_metastasis.size() > before;
          return nodes_done ? next : k + 1;
        }
        if (istarts(w, "neoadjuvant")) return extraction::detect_neoadjuvant(ctx_, s, k, Field::free);
        break;
      case 'm':
        if (istarts(w, "mitos") || istarts(w, "mitotic"))
          return extraction::detect_mitoses(ctx_, s, k, false);
        if (istarts(w, "metasta")) return extraction::detect_distant(ctx_, s, k, false);
        if (ieq(w, "multifocal")) return extraction::detect_multifocal(ctx_, s, k, false);
        break;
      case 'g':
        if (ieq(w, "grade")) return extraction::detect_grade(ctx_, s, k, false);
        break;
      case 'f':
        if (ieq(w, "fnclcc")) return extraction::detect_grade(ctx_, s, k, false);
        break;
      case 's':
        if (ieq(w, "score")) return extraction::detect_score(ctx_, s, k, Field::free, false);
        if (ieq(w, "stage")) return extraction::detect_stage(ctx_, s, k, false);
        break;
      case 'p':
        if (ieq(w, "preoperative") || ieq(w, "presurgical") || ieq(w, "pre")) {
          return extraction::detect_neoadjuvant(ctx_, s, k, Field::free);
        }
        break;
      case 'c':
        if (istarts(w, "chemo")) return extraction::detect_neoadjuvant(ctx_, s, k, Field::free);
        break;
      case 'r':
        if (istarts(w, "radiation") || istarts(w, "radiotherapy")) {
          return extraction::detect_neoadjuvant(ctx_, s, k, Field::free);
        }
        if (ieq(w, "recurrent") || ieq(w, "recurrence") || ieq(w, "recurred")) {
          return extraction::detect_recurrence(ctx_, s, k);
        }
        break;
      case 'i':
        if (ieq(w, "irradiation")) return extraction::detect_neoadjuvant(ctx_, s, k, Field::free);
        break;
      case 't':
        if (ieq(w, "treatment")) return extraction::detect_neoadjuvant(ctx_, s, k, Field::free);
        break;
      case 'u':
        if (ieq(w, "unplanned")) return extraction::detect_unplanned(ctx_, s, k);
        break;
      case 'w':
        if (ieq(w, "whoops")) return extraction::detect_unplanned(ctx_, s, k);
        break;
      default: break;
    }
    return k + 1;
  }

  std::size_t stated_count() const {
    const auto& t = *ctx_.tumour;
    return t.stated_t.size() + t.stated_n.size() + t.stated_m.size();
  }

  // Token index of the first token starting at or after byte `pos`.
  std::size_t token_at(std::size_t pos) const {
    auto it = std::lower_bound(toks_.begin(), toks_.begin() + static_cast<std::ptrdiff_t>(ntok_), pos,
                               [](const Token& t, std::size_t p) { return t.end <= p; });
    return static_cast<std::size_t>(it - toks_.begin());
  }

  bool sentence_has(Span s, std::string_view prefix) const {
    for (std::size_t k = s.begin; k < s.end; ++k) {
      if (ctx_.word_starts(k, prefix)) return true;
    }
    return false;
  }

  bool tumour_word_in(Span s) const {
    for (std::size_t k = s.begin; k < s.end; ++k) {
      if (!ctx_.is_word(k)) continue;
      auto w = ctx_.str(k);
      using extraction::ieq;
      if (ieq(w, "tumor") || ieq(w, "tumour") || ieq(w, "mass") || ieq(w, "lesion") || ieq(w, "neoplasm") ||
          ieq(w, "excision") || ieq(w, "resection") || ieq(w, "biopsy") || extraction::iends(w, "sarcoma") ||
          extraction::iends(w, "oma")) {
        return true;
      }
    }
    return false;
  }

  // "history of uterine leiomyoma", "prior melanoma": an earlier disease, not this specimen.
  bool past(Span s, std::size_t k) const {
    std::size_t b = k > s.begin + 5 ? k - 5 : s.begin;
    for (std::size_t m = b; m < k; ++m) {
      if ((ctx_.word_is(m, "history") && ctx_.word_is(m + 1, "of")) || ctx_.word_is(m, "hx") ||
          ctx_.word_is(m, "prior") || ctx_.word_is(m, "previous") || ctx_.word_is(m, "previously")) {
        return true;
      }
    }
    return false;
  }

  void skip_phrases(std::size_t le) {
    while (hi_ < histology_.size() && histology_[hi_].begin < le) ++hi_;
    while (si_ < sites_.size() && sites_[si_].begin < le) ++si_;
    while (fi_ < findings_.size() && findings_[fi_].begin < le) ++fi_;
  }

  // A site phrase at k that names where the tumour spread or a lymph node ("invading the kidney",
  // "axillary lymph nodes", "lymph node, groin"), not where it arose.
  bool spread_or_nodal(Span s, std::size_t k, std::size_t last) const {
    for (std::size_t m = last + 1; m < std::min(s.end, last + 3); ++m) {
      if (ctx_.word_is(m, "node") || ctx_.word_is(m, "nodes") || ctx_.word_is(m, "nodal")) return true;
    }
    for (std::size_t m = k > s.begin + 3 ? k - 3 : s.begin; m < k; ++m) {
      if (ctx_.word_is(m, "node") || ctx_.word_is(m, "nodes") || ctx_.word_is(m, "nodal") ||
          ctx_.word_starts(m, "invad") || ctx_.word_starts(m, "infiltrat") || ctx_.word_starts(m, "extend") ||
          ctx_.word_starts(m, "extension") || ctx_.word_starts(m, "encas") || ctx_.word_is(m, "into")) {
        return true;
      }
    }
    return false;
  }

  // The answer of a "Finding: value" line: present, absent, or nothing ("cannot be assessed").
  std::optional<bool> label_answer(Span whole) const {
    std::size_t k = whole.begin;
    if (k >= whole.end || extraction::not_assessed(ctx_, whole, k, 4)) return std::nullopt;
    if (ctx_.word_is(k, "no") || ctx_.word_is(k, "none") || ctx_.word_is(k, "absent") ||
        ctx_.word_is(k, "negative") || ctx_.word_is(k, "not")) {
      return false;
    }
    if (ctx_.word_is(k, "present") || ctx_.word_is(k, "yes") || ctx_.word_is(k, "identified") ||
        ctx_.word_is(k, "positive") || ctx_.word_is(k, "involved") || ctx_.word_is(k, "seen")) {
      return true;
    }
    return std::nullopt;
  }

  void phrases(std::size_t le, Field f, bool has_heading, bool labelled, Span whole) {
    bool histology_line = false;
    bool histology_ok = f == Field::free || f == Field::histology || f == Field::site;
    // Histology mentions, unless negated or hypothetical ("negative for carcinoma", "rule out").
    for (; hi_ < histology_.size() && histology_[hi_].begin < le; ++hi_) {
      const auto& m = histology_[hi_];
      if (!histology_ok || m.entry == nullptr || m.begin < ctx_.line_begin) continue;
      std::size_t k = token_at(m.begin);
      if (k < whole.begin || k >= ntok_) continue;
      std::size_t last = token_at(m.end == 0 ? 0 : m.end - 1);
      last = std::min(last, ntok_ - 1);
      Span s = sentence_of(k, whole);
      if (extraction::negated_before(ctx_, s, k) || extraction::uncertain_before(ctx_, s, k) ||
          extraction::negated_after(ctx_, s, last, 4) || past(s, k)) {
        continue;
      }
      Fact<Histology> fact;
      fact.value.entry_id = m.entry->id;
      fact.value.text = std::string(text_.substr(m.begin, m.end - m.begin));
      fact.method = Method::narrative;
      fact.source = ctx_.source(k, last);
      ctx_.tumour->histology.push_back(std::move(fact));
      histology_line = true;
    }
    // T-category findings (visceral extent, head-and-neck invasion): present, or absent when
    // negated in their sentence ("no serosal involvement", "serosal invasion is not identified");
    // a finding naming a label takes the label's answer ("Orbital invasion: not identified");
    // never under a margins label.
    std::size_t line_findings = fi_;  // the line's finding phrases, for the sites below
    for (; fi_ < findings_.size() && findings_[fi_].begin < le; ++fi_) {
      const auto& m = findings_[fi_];
      if (m.entry == nullptr || m.begin < ctx_.line_begin || f == Field::ignored) continue;
      std::size_t k = token_at(m.begin);
      if (k >= ntok_ || (k < whole.begin && !labelled)) continue;
      std::size_t last = std::min(token_at(m.end == 0 ? 0 : m.end - 1), ntok_ - 1);
      std::optional<bool> present;
      if (k < whole.begin) {
        present = label_answer(whole);
      } else {
        Span s = sentence_of(k, whole);
        if (extraction::uncertain_before(ctx_, s, k) || past(s, k)) continue;
        present = !extraction::negated_before(ctx_, s, k) && !extraction::denied_after(ctx_, s, last);
      }
      if (!present) continue;
      Fact<Finding> fact;
      fact.value.key = m.entry->key;
      fact.value.present = *present;
      fact.method = Method::narrative;
      fact.source = ctx_.source(k, last);
      ctx_.tumour->extent_findings.push_back(std::move(fact));
    }
    // Sites: under a site label or a specimen heading, or beside a tumour mention; never in a
    // sentence about metastasis.
    for (; si_ < sites_.size() && sites_[si_].begin < le; ++si_) {
      const auto& m = sites_[si_];
      if (m.entry == nullptr || m.begin < ctx_.line_begin) continue;
      // Inside a finding ("orbital invasion", "invades the dura", "visceral peritoneum"): the
      // structure invaded, not the tumour's site. Both lists are ordered: one forward pass.
      while (line_findings < fi_ && findings_[line_findings].end <= m.begin) ++line_findings;
      if (line_findings < fi_ && findings_[line_findings].begin <= m.begin) continue;
      if (!(f == Field::site || f == Field::free || f == Field::histology)) continue;
      std::size_t k = token_at(m.begin);
      if (k >= ntok_) continue;
      // Before the colon: a specimen heading or a specimen description ("Left thigh, excision:").
      bool in_heading = k < whole.begin && (has_heading || f == Field::free);
      if (k < whole.begin && !in_heading) continue;
      std::size_t last = std::min(token_at(m.end == 0 ? 0 : m.end - 1), ntok_ - 1);
      Span s = in_heading ? Span{0, ntok_} : sentence_of(k, whole);
      Span near = around(s, k, 12);
      if (sentence_has(near, "metasta") || spread_or_nodal(s, k, last)) continue;
      if (!(f == Field::site || in_heading || has_heading || histology_line || tumour_word_in(near)))
        continue;
      if (extraction::negated_before(ctx_, s, k) || extraction::uncertain_before(ctx_, s, k) || past(s, k)) {
        continue;
      }
      Fact<Site> fact;
      fact.value.entry_id = m.entry->id;
      fact.value.text = std::string(text_.substr(m.begin, m.end - m.begin));
      fact.method = Method::narrative;
      fact.source = ctx_.source(k, last);
      ctx_.tumour->site.push_back(std::move(fact));
    }
  }

  std::string_view text_;
  const mappings::Rules& rules_;
  Field forced_;
  NarrativeFacts out_;
  std::vector<Token> toks_;  // reusable buffer; the line's tokens are toks_[0, ntok_)
  std::size_t ntok_ = 0;
  std::vector<Span> sentences_;
  ScanContext ctx_;
  std::string current_;
  std::optional<extraction::LabelInfo> pending_;
  std::vector<mappings::PhraseMatch<mappings::HistologyEntry>> histology_;
  std::vector<mappings::PhraseMatch<mappings::SiteEntry>> sites_;
  std::vector<mappings::PhraseMatch<mappings::FindingEntry>> findings_;
  std::size_t hi_ = 0;
  std::size_t si_ = 0;
  std::size_t fi_ = 0;
};

}  // namespace

NarrativeFacts scan_narrative(std::string_view text, const mappings::Rules& rules, NarrativeHint hint) {
  return Scanner(text, rules, field_of(hint)).run();
}

}  // namespace sarcoma::core
