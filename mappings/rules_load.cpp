// Rules::load: the data files (histology.json, sites.json, staging.json, findings.json) behind one Rules.
#include <unordered_map>

#include "fhir/rapidjson.hpp"
#include "mappings/histology_table.hpp"
#include "mappings/icdo3.hpp"
#include "mappings/phrase_index.hpp"
#include "mappings/rules.hpp"
#include "mappings/site_table.hpp"
#include "mappings/staging_tables.hpp"
#include "mappings/table_file.hpp"

namespace sarcoma::mappings {
namespace {

// An index's hits as matches into the table whose rows its values number.
template <class Entry>
std::vector<PhraseMatch<Entry>> matches_in(const std::vector<Entry>& table,
                                           const std::vector<PhraseIndex::Hit>& hits) {
  std::vector<PhraseMatch<Entry>> out;
  out.reserve(hits.size());
  for (const auto& h : hits) out.push_back({&table[h.value], h.begin, h.end});
  return out;
}

HistologyCategory category_of(const std::string& s) {
  if (s == "bone-sarcoma") return HistologyCategory::bone_sarcoma;
  if (s == "benign-or-intermediate") return HistologyCategory::benign_or_intermediate;
  if (s == "other-malignancy") return HistologyCategory::other_malignancy;
  return HistologyCategory::soft_tissue_sarcoma;
}

SiteGroup group_of(const std::string& s) {
  if (s == "retroperitoneum") return SiteGroup::retroperitoneum;
  if (s == "head-neck") return SiteGroup::head_neck;
  if (s == "visceral") return SiteGroup::visceral;
  if (s == "not-staged") return SiteGroup::not_staged;
  return SiteGroup::trunk_extremity;
}

HistologyEntry entry_of(const HistologyRow& r) {
  HistologyEntry e;
  e.id = r.id;
  e.label = r.label;
  e.category = category_of(r.category);
  e.differentiation_score = r.differentiation_score;
  e.fnclcc_gradable = r.fnclcc_gradable;
  e.ajcc_soft_tissue_staged = r.ajcc_soft_tissue_staged;
  e.reclassification_prone = r.reclassification_prone;
  for (const auto& c : r.icdo3) e.codes.push_back({std::string(kIcdO3), c});
  for (const auto& c : r.snomed) e.codes.push_back({std::string(kSnomed), c});
  e.synonyms = r.synonyms;
  e.source = r.source;
  e.at_bone_site = r.at_bone_site;
  e.at_soft_tissue_site = r.at_soft_tissue_site;
  return e;
}

SiteEntry entry_of(const SiteRow& r) {
  SiteEntry e;
  e.id = r.id;
  e.label = r.label;
  e.group = group_of(r.group);
  for (const auto& c : r.icdo3) e.codes.push_back({std::string(kIcdO3), c});
  for (const auto& c : r.snomed) e.codes.push_back({std::string(kSnomed), c});
  e.synonyms = r.synonyms;
  e.source = r.source;
  e.bone = r.bone;
  return e;
}

fhir::Issue issue(const std::string& file, const std::string& where, const std::string& what) {
  return fhir::Issue{fhir::Severity::error, "invalid", file + ": " + where + ": " + what, where, {}, {}, {}};
}

// findings.json: rows of {key, group, phrases}; each key must be one the T tables of staging.json use.
Result<std::vector<FindingEntry>, fhir::Issues> load_findings(const std::string& path,
                                                              const StagingTables& t) {
  auto text = read_table_file(path);
  if (!text.ok()) return fail(std::move(text).error());
  rapidjson::Document d;
  d.Parse(text->data(), text->size());
  if (d.HasParseError() || !d.IsObject() || !d.HasMember("rows") || !d["rows"].IsArray())
    return fail(fhir::Issues{issue("findings.json", "(root)", "expected an object with rows")});
  std::vector<FindingEntry> out;
  fhir::Issues issues;
  int i = 0;
  for (const auto& r : d["rows"].GetArray()) {
    std::string where = "rows[" + std::to_string(i++) + "]";
    if (!r.IsObject() || !r.HasMember("key") || !r["key"].IsString() || !r.HasMember("group") ||
        !r["group"].IsString() || !r.HasMember("phrases") || !r["phrases"].IsArray()) {
      issues.push_back(issue("findings.json", where, "needs key, group and phrases"));
      continue;
    }
    FindingEntry e{r["key"].GetString(), r["group"].GetString(), {}};
    for (const auto& p : r["phrases"].GetArray()) {
      if (p.IsString()) e.phrases.emplace_back(p.GetString());
    }
    bool used = false;
    if (auto g = t.t_by_finding.find(e.group); g != t.t_by_finding.end()) {
      for (const auto& row : g->second) {
        for (const auto& f : row.findings) used = used || f == e.key;
      }
    }
    if (!used)
      issues.push_back(issue("findings.json", where, "key " + e.key + " is in no " + e.group + " T row"));
    out.push_back(std::move(e));
  }
  // And the other way round: every finding a T row needs can be found in text.
  for (const auto& [group, rows] : t.t_by_finding) {
    for (const auto& row : rows) {
      for (const auto& key : row.findings) {
        bool listed = false;
        for (const auto& e : out) listed = listed || (e.key == key && e.group == group && !e.phrases.empty());
        if (!listed)
          issues.push_back(
              issue("findings.json", key, "no phrases for the " + group + " finding of " + row.id));
      }
    }
  }
  if (!issues.empty()) return fail(std::move(issues));
  return out;
}

class TableRules final : public Rules {
 public:
  TableRules(HistologyTable h, SiteTable s, StagingTables st, std::vector<FindingEntry> f)
      : htab_(std::move(h)), stab_(std::move(s)), staging_(std::move(st)), findings_(std::move(f)) {}
  TableRules(const TableRules&) = delete;  // indexes point into the entry vectors
  TableRules& operator=(const TableRules&) = delete;

  // Builds entries and indexes; returns the ambiguities found (same phrase or code twice).
  fhir::Issues index() {
    fhir::Issues issues;
    for (const auto& r : htab_.rows) histologies_.push_back(entry_of(r));
    for (const auto& g : htab_.ranges) {
      range_index_.emplace(g.row.id, histologies_.size());
      histologies_.push_back(entry_of(g.row));
    }
    for (const auto& r : stab_.rows) sites_.push_back(entry_of(r));
    for (std::uint32_t i = 0; i < histologies_.size(); ++i) {
      const auto& e = histologies_[i];
      if (!hist_id_.emplace(e.id, i).second) issues.push_back(issue("histology.json", e.id, "duplicate id"));
      for (const auto& c : e.codes) {
        auto [it, fresh] = hist_code_.emplace(c.system + "|" + c.code, i);
        if (!fresh && it->second != i)
          issues.push_back(
              issue("histology.json", e.id, "code " + c.code + " also in " + histologies_[it->second].id));
      }
      for (const auto& syn : e.synonyms) {
        auto prev = hist_phrases_.add(syn, i);
        if (prev != PhraseIndex::kNone && prev != i)
          issues.push_back(
              issue("histology.json", e.id, "phrase '" + syn + "' also names " + histologies_[prev].id));
      }
    }
    for (std::uint32_t i = 0; i < sites_.size(); ++i) {
      const auto& e = sites_[i];
      site_id_.emplace(e.id, i);
      for (const auto& c : e.codes) {
        if (c.system == kSnomed && !site_snomed_.emplace(c.code, i).second)
          issues.push_back(issue("sites.json", e.id, "SNOMED CT code " + c.code + " listed twice"));
      }
      for (const auto& syn : e.synonyms) {
        auto prev = site_phrases_.add(syn, i);
        if (prev != PhraseIndex::kNone && prev != i)
          issues.push_back(issue("sites.json", e.id, "phrase '" + syn + "' also names " + sites_[prev].id));
      }
    }
    for (std::uint32_t i = 0; i < findings_.size(); ++i) {
      for (const auto& p : findings_[i].phrases) {
        auto prev = finding_phrases_.add(p, i);
        if (prev != PhraseIndex::kNone && prev != i)
          issues.push_back(issue("findings.json", findings_[i].key,
                                 "phrase '" + p + "' also names " + findings_[prev].key));
      }
    }
    for (const auto& g : staging_.t_by_size) check_group(g.first, issues);
    return issues;
  }

  std::string version() const override {
    return htab_.version + "+" + stab_.version + "+" + staging_.version;
  }

  const HistologyEntry* histology_by_code(std::string_view system, std::string_view code) const override {
    std::string_view sys = canonical(system);
    if (sys == kIcdO3) {
      auto n = normalize_icdo3_morphology(code);
      if (!n) return nullptr;
      if (auto it = hist_code_.find(std::string(kIcdO3) + "|" + *n); it != hist_code_.end())
        return &histologies_[it->second];
      if (const auto* g = htab_.range_for(*n)) return &histologies_[range_index_.at(g->row.id)];
      return nullptr;
    }
    auto it = hist_code_.find(std::string(sys) + "|" + std::string(code));
    return it == hist_code_.end() ? nullptr : &histologies_[it->second];
  }

  const SiteEntry* site_by_code(std::string_view system, std::string_view code) const override {
    std::string_view sys = canonical(system);
    if (sys == kIcdO3) {
      auto n = normalize_icdo3_topography(code);
      const SiteRow* r = n ? stab_.by_topography(*n) : nullptr;
      return r ? site_by_id(r->id) : nullptr;
    }
    if (sys == kSnomed) {
      auto it = site_snomed_.find(std::string(code));
      return it == site_snomed_.end() ? nullptr : &sites_[it->second];
    }
    return nullptr;
  }

  const HistologyEntry* histology_by_id(std::string_view id) const override {
    auto it = hist_id_.find(std::string(id));
    return it == hist_id_.end() ? nullptr : &histologies_[it->second];
  }
  const SiteEntry* site_by_id(std::string_view id) const override {
    auto it = site_id_.find(std::string(id));
    return it == site_id_.end() ? nullptr : &sites_[it->second];
  }

  std::vector<PhraseMatch<HistologyEntry>> find_histology_phrases(std::string_view text) const override {
    return matches_in(histologies_, hist_phrases_.find(text));
  }
  std::vector<PhraseMatch<SiteEntry>> find_site_phrases(std::string_view text) const override {
    return matches_in(sites_, site_phrases_.find(text));
  }

  std::vector<PhraseMatch<FindingEntry>> find_finding_phrases(std::string_view text) const override {
    return matches_in(findings_, finding_phrases_.find(text));
  }

  NarrativePhrases find_narrative_phrases(std::string_view text) const override {
    PhraseIndex::Words words;
    vocabulary_->cut(text, words);  // once for the three indexes, which share the vocabulary
    return {matches_in(histologies_, hist_phrases_.find(words)),
            matches_in(sites_, site_phrases_.find(words)),
            matches_in(findings_, finding_phrases_.find(words))};
  }

  const std::vector<HistologyEntry>& histologies() const override { return histologies_; }
  const std::vector<SiteEntry>& sites() const override { return sites_; }
  const StagingTables* staging_tables() const override { return &staging_; }

 private:
  std::string_view canonical(std::string_view system) const {
    auto it = htab_.system_aliases.find(system);
    return it == htab_.system_aliases.end() ? system : std::string_view(it->second);
  }
  // Every site group the staging tables name must be one the site table can produce.
  void check_group(const std::string& g, fhir::Issues& issues) const {
    for (SiteGroup s : {SiteGroup::trunk_extremity, SiteGroup::retroperitoneum, SiteGroup::head_neck,
                        SiteGroup::visceral, SiteGroup::not_staged}) {
      if (g == to_string(s)) return;
    }
    issues.push_back(issue("staging.json", "t_by_size." + g, "unknown site group"));
  }

  HistologyTable htab_;
  SiteTable stab_;
  StagingTables staging_;
  std::vector<HistologyEntry> histologies_;
  std::vector<SiteEntry> sites_;
  std::unordered_map<std::string, std::uint32_t> hist_id_, hist_code_, site_id_, site_snomed_, range_index_;
  std::vector<FindingEntry> findings_;
  std::shared_ptr<PhraseVocabulary> vocabulary_ = std::make_shared<PhraseVocabulary>();
  PhraseIndex hist_phrases_{vocabulary_}, site_phrases_{vocabulary_}, finding_phrases_{vocabulary_};
};

}  // namespace

std::string default_mappings_dir() {
  return SARCOMA_DEFAULT_MAPPINGS_DIR;
}

Result<std::shared_ptr<const Rules>, fhir::Issues> Rules::load(const std::string& dir) {
  std::string base = dir.empty() || dir.back() == '/' ? dir : dir + "/";
  auto h = load_histology_table(base + "histology.json");
  auto s = load_site_table(base + "sites.json");
  auto st = load_staging_tables(base + "staging.json");
  fhir::Issues issues;
  for (auto* e :
       {h.ok() ? nullptr : &h.error(), s.ok() ? nullptr : &s.error(), st.ok() ? nullptr : &st.error()}) {
    if (e) issues.insert(issues.end(), e->begin(), e->end());
  }
  if (!issues.empty()) return fail(std::move(issues));
  auto f = load_findings(base + "findings.json", *st);
  if (!f.ok()) return fail(std::move(f).error());
  auto rules = std::make_shared<TableRules>(std::move(h).value(), std::move(s).value(), std::move(st).value(),
                                            std::move(f).value());
  issues = rules->index();
  if (!issues.empty()) return fail(std::move(issues));
  return std::shared_ptr<const Rules>(std::move(rules));
}

}  // namespace sarcoma::mappings
