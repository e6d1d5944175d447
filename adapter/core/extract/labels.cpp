#include "adapter/core/extract/labels.hpp"

#include <array>
#include <cstdint>

#include "adapter/core/extract/tokens.hpp"

namespace sarcoma::core::extraction {
namespace {

// One bit per word that matters in a label; a label is classified from the set of its words in
// one pass (labels are read on every synoptic line, so this stays cheap).
enum Word : std::uint64_t {
  kMargin = 1ull << 0,
  kLvi = 1ull << 1,  // lymphovascular, vascular, perineural, angiolymphatic
  kNode = 1ull << 2,
  kExamined = 1ull << 3,
  kInvolved = 1ull << 4,
  kDistant = 1ull << 5,
  kMetasta = 1ull << 6,
  kTreatment = 1ull << 7,
  kEffect = 1ull << 8,
  kResponse = 1ull << 9,
  kNeoadjuvant = 1ull << 10,  // neoadjuvant, presurgical, preoperative
  kPrior = 1ull << 11,
  kTherapy = 1ull << 12,
  kHistory = 1ull << 13,
  kTnm = 1ull << 14,  // tnm, ptnm, pt, pn, pm
  kStage = 1ull << 15,
  kClassification = 1ull << 16,
  kPrimary = 1ull << 17,
  kTumor = 1ull << 18,
  kDifferentiation = 1ull << 19,
  kScore = 1ull << 20,
  kMitotic = 1ull << 21,
  kNecrosis = 1ull << 22,
  kGrade = 1ull << 23,
  kFnclcc = 1ull << 24,
  kNuclear = 1ull << 25,
  kHistologic = 1ull << 26,
  kType = 1ull << 27,
  kHistology = 1ull << 28,  // histology, histotype
  kAdditional = 1ull << 29,
  kDimension = 1ull << 30,  // dimension, diameter
  kSize = 1ull << 31,
  kSpecimen = 1ull << 32,
  kExcision = 1ull << 33,  // excision, resection
  kFocality = 1ull << 34,  // focality, multifocal
  kNumber = 1ull << 35,
  kTumors = 1ull << 36,
  kSite = 1ull << 37,       // site, location
  kProcedure = 1ull << 38,  // procedure, source
  kCm = 1ull << 39,
  kMm = 1ull << 40,
  kPre = 1ull << 41,
  kOperative = 1ull << 42,
  kSubtype = 1ull << 43,
  kInch = 1ull << 44,
  kSurgery = 1ull << 45,  // biopsy, amputation, ...ectomy: procedure words that are not excision
  kExtent = 1ull << 46,
};

struct Entry {
  std::string_view word;
  std::uint64_t bits;
  bool prefix;  // matches words starting with `word`
};

constexpr std::array<Entry, 61> kWords{{
    // Whole words: "marginal excision" describes a specimen, it is not a margin label.
    {"margin", kMargin, false},
    {"margins", kMargin, false},
    {"lymphovascular", kLvi, false},
    {"vascular", kLvi, false},
    {"perineural", kLvi, false},
    {"angiolymphatic", kLvi, false},
    {"node", kNode, false},
    {"nodes", kNode, false},
    {"nodal", kNode, false},
    {"examined", kExamined, false},
    {"submitted", kExamined, false},
    {"involved", kInvolved, false},
    {"positive", kInvolved, false},
    {"distant", kDistant, false},
    {"metasta", kMetasta, true},
    {"treatment", kTreatment, false},
    {"effect", kEffect, false},
    {"response", kResponse, false},
    {"neoadjuvant", kNeoadjuvant, false},
    {"presurgical", kNeoadjuvant, false},
    {"preoperative", kNeoadjuvant, false},
    {"prior", kPrior, false},
    {"therapy", kTherapy, false},
    {"history", kHistory, false},
    {"tnm", kTnm, false},
    {"ptnm", kTnm, false},
    {"pt", kTnm, false},
    {"pn", kTnm, false},
    {"pm", kTnm, false},
    {"stage", kStage, false},
    {"classification", kClassification, false},
    {"primary", kPrimary, false},
    {"tumor", kTumor, false},
    {"tumour", kTumor, false},
    {"differentiation", kDifferentiation, false},
    {"score", kScore, false},
    {"mitotic", kMitotic, false},
    {"mitoses", kMitotic, false},
    {"mitosis", kMitotic, false},
    {"necrosis", kNecrosis, false},
    {"grade", kGrade, false},
    {"fnclcc", kFnclcc, false},
    {"nuclear", kNuclear, false},
    {"histologic", kHistologic, false},
    {"histological", kHistologic, false},
    {"type", kType, false},
    {"histology", kHistology, false},
    {"histotype", kHistology, false},
    {"additional", kAdditional, false},
    {"dimension", kDimension, false},
    {"diameter", kDimension, false},
    {"size", kSize, false},
    {"specimen", kSpecimen, false},
    {"excision", kExcision, false},
    {"resection", kExcision, false},
    {"focality", kFocality, false},
    {"multifocal", kFocality, false},
    {"site", kSite, false},
    {"location", kSite, false},
    {"procedure", kProcedure, false},
    {"source", kProcedure, false},
}};

// kWords grouped by first letter (a counting sort at compile time): bits_of looks only at the
// entries that can match instead of scanning all of them for every label word.
struct WordsByLetter {
  std::array<std::uint8_t, 27> start{};  // entries of letter c: order[start[c] .. start[c + 1])
  std::array<std::uint8_t, kWords.size()> order{};
};
constexpr WordsByLetter make_words_by_letter() {
  WordsByLetter t;
  std::array<std::uint8_t, 27> count{};
  for (const auto& e : kWords) ++count[static_cast<std::size_t>(e.word.front() - 'a') + 1];
  for (std::size_t c = 1; c < 27; ++c) t.start[c] = static_cast<std::uint8_t>(t.start[c - 1] + count[c]);
  std::array<std::uint8_t, 27> next = t.start;
  for (std::size_t i = 0; i < kWords.size(); ++i) {
    t.order[next[static_cast<std::size_t>(kWords[i].word.front() - 'a')]++] = static_cast<std::uint8_t>(i);
  }
  return t;
}
constexpr WordsByLetter kWordsByLetter = make_words_by_letter();

std::uint64_t bits_of(std::string_view w) {
  if (ieq(w, "cm") || ieq(w, "centimeters") || ieq(w, "centimetres")) return kCm;
  if (ieq(w, "mm") || ieq(w, "millimeters") || ieq(w, "millimetres")) return kMm;
  if (ieq(w, "tumors") || ieq(w, "tumours")) return kTumors | kTumor;
  if (ieq(w, "number")) return kNumber;
  if (ieq(w, "pre")) return kPre;
  if (ieq(w, "operative")) return kOperative;
  if (ieq(w, "subtype")) return kSubtype;
  if (ieq(w, "dimensions")) return kDimension;
  // Whole words only: "in" would also name a label "Size in greatest dimension".
  if (ieq(w, "inch") || ieq(w, "inches")) return kInch;
  if (ieq(w, "extent") || ieq(w, "extension")) return kExtent;  // CAP: "Tumor Extension"
  if (ieq(w, "biopsy") || ieq(w, "biopsies") || ieq(w, "amputation") || ieq(w, "disarticulation") ||
      ieq(w, "enucleation") || ieq(w, "debulking") || ieq(w, "excisional") || iends(w, "ectomy")) {
    return kSurgery;
  }
  std::uint64_t b = 0;
  const char first = lower_ascii(w.front());
  if (first < 'a' || first > 'z') return b;  // every entry starts with a letter
  const auto letter = static_cast<std::size_t>(first - 'a');
  for (std::size_t k = kWordsByLetter.start[letter]; k < kWordsByLetter.start[letter + 1]; ++k) {
    const Entry& e = kWords[kWordsByLetter.order[k]];
    if (e.prefix ? istarts(w, e.word) : ieq(w, e.word)) b |= e.bits;
  }
  return b;
}

bool all(std::uint64_t bits, std::uint64_t mask) {
  return (bits & mask) == mask;
}

Field field_of(std::uint64_t b) {
  if (b & kMargin) return Field::ignored;
  if (b & kLvi) return Field::ignored;
  if (b & kNode) {
    if (b & kExamined) return Field::ignored;
    if (b & kInvolved) return Field::nodes_involved;
    return Field::nodes;
  }
  if (b & (kDistant | kMetasta)) return Field::distant;
  if (all(b, kTreatment | kEffect) || (b & kResponse)) return Field::treatment_effect;
  if ((b & kNeoadjuvant) || all(b, kPre | kOperative) || all(b, kPrior | kTherapy) ||
      all(b, kPrior | kTreatment) || all(b, kTreatment | kHistory) || all(b, kTherapy | kHistory)) {
    return Field::treatment_history;
  }
  if ((b & kTnm) || all(b, kStage | kClassification) || all(b, kPrimary | kTumor)) return Field::tnm;
  if (b & kStage) return Field::stage;
  if (b & kDifferentiation) return Field::differentiation_score;
  if (b & kScore) {
    if (b & kMitotic) return Field::mitotic_score;
    if (b & kNecrosis) return Field::necrosis_score;
    if (b & (kGrade | kFnclcc)) return Field::grade;
    return Field::ignored;  // total score and others: the components and the grade are read instead
  }
  if (all(b, kNuclear | kGrade)) return Field::ignored;
  if (b & (kGrade | kFnclcc)) return Field::grade;
  if (b & kMitotic) return Field::mitoses;
  if (b & kNecrosis) return Field::necrosis;
  if (all(b, kHistologic | kType) || all(b, kTumor | kType) || (b & kHistology) ||
      all(b, kHistologic | kSubtype)) {
    return Field::histology;
  }
  if ((b & kAdditional) || ((b & (kSpecimen | kExcision)) && (b & kSize))) return Field::ignored;
  if (b & (kSize | kDimension)) return Field::size;
  if ((b & kFocality) || all(b, kNumber | kTumors)) return Field::multifocal;
  if (b & (kSpecimen | kProcedure | kSite)) return Field::site;
  if (b & kExtent) return Field::extent;
  return Field::free;
}

}  // namespace

LabelInfo classify_label(std::string_view label) {
  std::uint64_t b = 0;
  std::size_t i = 0;
  auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  while (i < label.size()) {
    if (!alnum(label[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < label.size() && alnum(label[j])) ++j;
    b |= bits_of(label.substr(i, j - i));
    i = j;
  }
  LabelInfo info;
  info.field = field_of(b);
  if (b & kCm)
    info.unit = "cm";
  else if (b & kMm)
    info.unit = "mm";
  else if (b & kInch)
    info.unit = "[in_i]";
  // "Right thigh, re-excision of margins", "Left thigh, primary tumor, resection": a procedure
  // word and nothing that names a reported element (nodes, metastasis, size, mitoses, necrosis,
  // grade, TNM, additional findings, vessel invasion).
  constexpr std::uint64_t kElement = kNode | kExamined | kDistant | kMetasta | kSize | kDimension | kMitotic |
                                     kNecrosis | kGrade | kFnclcc | kScore | kDifferentiation | kTnm |
                                     kStage | kAdditional | kLvi | kCm | kMm | kInch;
  info.procedure_only = (b & (kExcision | kSurgery)) != 0 && (b & kElement) == 0;
  return info;
}

}  // namespace sarcoma::core::extraction
