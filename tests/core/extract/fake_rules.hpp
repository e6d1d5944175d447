#pragma once
// A small Rules for the extraction tests, benchmark and fuzzer while mappings/ grows: the shipped
// histology rows (mappings/histology.json) when readable, plus a few non-sarcoma and bone-sarcoma
// rows and a handful of sites. Phrase search: a first-word index, one pass over the text.
#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mappings/histology_table.hpp"
#include "mappings/rules.hpp"

namespace sarcoma::core::test {

class FakeRules final : public mappings::Rules {
 public:
  explicit FakeRules(const std::string& histology_json = "") {
    using mappings::HistologyCategory;
    if (!histology_json.empty()) {
      auto table = mappings::load_histology_table(histology_json);
      if (table.ok()) {
        for (const auto& r : table->rows) {
          mappings::HistologyEntry e;
          e.id = r.id;
          e.label = r.label;
          e.category = category(r.category);
          e.differentiation_score = r.differentiation_score;
          e.fnclcc_gradable = r.fnclcc_gradable;
          e.ajcc_soft_tissue_staged = r.ajcc_soft_tissue_staged;
          e.reclassification_prone = r.reclassification_prone;
          for (const auto& c : r.icdo3) e.codes.push_back({std::string(mappings::kIcdO3), c});
          e.synonyms = r.synonyms;
          histologies_.push_back(std::move(e));
        }
      }
    }
    if (histologies_.empty()) {
      add_histology("leiomyosarcoma", HistologyCategory::soft_tissue_sarcoma, {"8890/3"}, {"leiomyosarcoma"});
      add_histology("myxoid-liposarcoma", HistologyCategory::soft_tissue_sarcoma, {"8852/3"},
                    {"myxoid liposarcoma"});
      add_histology("undifferentiated-pleomorphic-sarcoma", HistologyCategory::soft_tissue_sarcoma,
                    {"8802/3", "8830/3"}, {"undifferentiated pleomorphic sarcoma", "ups"});
      add_histology("synovial-sarcoma", HistologyCategory::soft_tissue_sarcoma, {"9040/3"},
                    {"synovial sarcoma"});
      add_histology("extraskeletal-osteosarcoma", HistologyCategory::soft_tissue_sarcoma, {},
                    {"extraskeletal osteosarcoma"});
    }
    add_histology("lipoma", HistologyCategory::benign_or_intermediate, {"8850/0"}, {"lipoma"});
    add_histology("leiomyoma", HistologyCategory::benign_or_intermediate, {"8890/0"}, {"leiomyoma"});
    add_histology("carcinoma-nos", HistologyCategory::other_malignancy, {"8010/3"}, {"carcinoma"});
    add_histology("squamous-cell-carcinoma", HistologyCategory::other_malignancy, {"8070/3"},
                  {"squamous cell carcinoma"});
    add_histology("lymphoma-nos", HistologyCategory::other_malignancy, {"9590/3"},
                  {"lymphoma", "diffuse large b-cell lymphoma"});
    add_histology("melanoma", HistologyCategory::other_malignancy, {"8720/3"},
                  {"melanoma", "malignant melanoma"});
    add_histology("osteosarcoma", HistologyCategory::bone_sarcoma, {"9180/3"}, {"osteosarcoma"});
    add_histology("chondrosarcoma", HistologyCategory::bone_sarcoma, {"9220/3"}, {"chondrosarcoma"});
    // Test-only SNOMED CT codes, to exercise lookups by a second system.
    for (auto& h : histologies_) {
      if (h.id == "leiomyosarcoma") h.codes.push_back({std::string(mappings::kSnomed), "302855005"});
    }

    using mappings::SiteGroup;
    add_site("lower-limb", SiteGroup::trunk_extremity, {"C49.2"},
             {"thigh", "lower limb", "lower extremity", "leg", "calf", "knee"});
    add_site("upper-limb", SiteGroup::trunk_extremity, {"C49.1"},
             {"arm", "forearm", "upper limb", "shoulder"});
    add_site("trunk", SiteGroup::trunk_extremity, {"C49.6"},
             {"trunk", "back", "chest wall", "abdominal wall"});
    add_site("retroperitoneum", SiteGroup::retroperitoneum, {"C48.0"},
             {"retroperitoneum", "retroperitoneal"});
    add_site("head-neck", SiteGroup::head_neck, {"C49.0"}, {"neck", "scalp", "face"});
    add_site("lung", SiteGroup::visceral, {"C34.9"}, {"lung"});
    add_site("uterus", SiteGroup::not_staged, {"C55.9"}, {"uterus", "uterine"});
    for (auto& s : sites_) {
      if (s.id == "lower-limb") s.codes.push_back({std::string(mappings::kSnomed), "68367000"});
    }
    build(histologies_, histology_index_);
    build(sites_, site_index_);
  }

  FakeRules(const FakeRules&) = delete;  // the phrase index points into the tables
  FakeRules& operator=(const FakeRules&) = delete;

  std::string version() const override { return "fake/1"; }

  const mappings::HistologyEntry* histology_by_code(std::string_view system,
                                                    std::string_view code) const override {
    for (const auto& h : histologies_) {
      for (const auto& c : h.codes) {
        if (c.system == system && c.code == code) return &h;
      }
    }
    return nullptr;
  }
  const mappings::SiteEntry* site_by_code(std::string_view system, std::string_view code) const override {
    for (const auto& s : sites_) {
      for (const auto& c : s.codes) {
        if (c.system == system && c.code == code) return &s;
      }
    }
    return nullptr;
  }
  const mappings::HistologyEntry* histology_by_id(std::string_view id) const override {
    for (const auto& h : histologies_) {
      if (h.id == id) return &h;
    }
    return nullptr;
  }
  const mappings::SiteEntry* site_by_id(std::string_view id) const override {
    for (const auto& s : sites_) {
      if (s.id == id) return &s;
    }
    return nullptr;
  }
  std::vector<mappings::PhraseMatch<mappings::HistologyEntry>> find_histology_phrases(
      std::string_view text) const override {
    return find(histology_index_, text);
  }
  std::vector<mappings::PhraseMatch<mappings::SiteEntry>> find_site_phrases(
      std::string_view text) const override {
    return find(site_index_, text);
  }
  const std::vector<mappings::HistologyEntry>& histologies() const override { return histologies_; }
  const std::vector<mappings::SiteEntry>& sites() const override { return sites_; }

 private:
  static mappings::HistologyCategory category(const std::string& s) {
    using mappings::HistologyCategory;
    if (s == "bone-sarcoma") return HistologyCategory::bone_sarcoma;
    if (s == "benign-or-intermediate") return HistologyCategory::benign_or_intermediate;
    if (s == "other-malignancy") return HistologyCategory::other_malignancy;
    return HistologyCategory::soft_tissue_sarcoma;
  }
  void add_histology(std::string id, mappings::HistologyCategory cat, std::vector<std::string> codes,
                     std::vector<std::string> synonyms) {
    mappings::HistologyEntry e;
    e.id = std::move(id);
    e.category = cat;
    for (auto& c : codes) e.codes.push_back({std::string(mappings::kIcdO3), std::move(c)});
    e.synonyms = std::move(synonyms);
    histologies_.push_back(std::move(e));
  }
  void add_site(std::string id, mappings::SiteGroup g, std::vector<std::string> codes,
                std::vector<std::string> synonyms) {
    mappings::SiteEntry e;
    e.id = std::move(id);
    e.group = g;
    for (auto& c : codes) e.codes.push_back({std::string(mappings::kIcdO3), std::move(c)});
    e.synonyms = std::move(synonyms);
    sites_.push_back(std::move(e));
  }

  static bool word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
  }
  static char low(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

  // Phrases indexed by their first word: one pass over the words of the text, then a comparison
  // of each candidate phrase at that position (longest wins). Linear enough for tests and benches.
  template <class Entry>
  struct Index {
    struct Phrase {
      const Entry* entry;
      std::string text;
    };
    std::unordered_map<std::string, std::vector<Phrase>> by_first_word;
  };

  template <class Entry>
  static void build(const std::vector<Entry>& entries, Index<Entry>& index) {
    index.by_first_word.clear();
    for (const auto& e : entries) {
      for (const auto& syn : e.synonyms) {
        std::size_t n = 0;
        while (n < syn.size() && word_char(syn[n])) ++n;
        if (n == 0) continue;
        index.by_first_word[syn.substr(0, n)].push_back({&e, syn});
      }
    }
    for (auto& [w, list] : index.by_first_word) {
      std::sort(list.begin(), list.end(),
                [](const auto& a, const auto& b) { return a.text.size() > b.text.size(); });
    }
  }

  template <class Entry>
  static std::vector<mappings::PhraseMatch<Entry>> find(const Index<Entry>& index, std::string_view text) {
    std::vector<mappings::PhraseMatch<Entry>> out;
    std::string word;
    std::size_t i = 0;
    while (i < text.size()) {
      if (!word_char(text[i])) {
        ++i;
        continue;
      }
      std::size_t j = i;
      word.clear();
      while (j < text.size() && word_char(text[j])) word.push_back(low(text[j++]));
      auto it = index.by_first_word.find(word);
      std::size_t next = j;
      if (it != index.by_first_word.end()) {
        for (const auto& p : it->second) {
          std::size_t end = i + p.text.size();
          if (end > text.size() || (end < text.size() && word_char(text[end]) && word_char(p.text.back())))
            continue;
          bool same = true;
          for (std::size_t k = 0; k < p.text.size() && same; ++k) same = low(text[i + k]) == p.text[k];
          if (!same) continue;
          out.push_back({p.entry, i, end});
          next = end;
          break;
        }
      }
      i = next;
    }
    return out;
  }

  std::vector<mappings::HistologyEntry> histologies_;
  std::vector<mappings::SiteEntry> sites_;
  Index<mappings::HistologyEntry> histology_index_;
  Index<mappings::SiteEntry> site_index_;
};

}  // namespace sarcoma::core::test
