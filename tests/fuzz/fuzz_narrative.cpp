// libFuzzer target: the narrative scanner (and the HTML-to-text step before it) on arbitrary bytes
// must never crash, hang or throw, and every fact must cite a span that really holds its text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "adapter/core/extract/html_text.hpp"
#include "adapter/core/extract/narrative.hpp"
#include "adapter/core/rule_set.hpp"
#include "tests/core/extract/fake_rules.hpp"

namespace {

const sarcoma::core::test::FakeRules& rules() {
  static const sarcoma::core::test::FakeRules r = [] {
    const char* dir = std::getenv("SARCOMA_SOURCE_DIR");
    return sarcoma::core::test::FakeRules(dir != nullptr ? std::string(dir) + "/mappings/histology.json"
                                                         : "");
  }();
  return r;
}

// The shipped tables (mappings/): the only Rules with T-category finding phrases and every site
// synonym, so the finding and site passes see real matches too.
const sarcoma::mappings::Rules& shipped_rules() {
  static const std::shared_ptr<const sarcoma::core::RuleSet> r = [] {
    const char* dir = std::getenv("SARCOMA_SOURCE_DIR");
    auto loaded = sarcoma::core::RuleSet::load(dir != nullptr ? std::string(dir) + "/mappings"
                                                              : sarcoma::mappings::default_mappings_dir());
    if (!loaded.ok()) std::abort();
    return std::move(loaded).value();
  }();
  return *r->rules;
}

// The byte range of 1-based line `line` in `text`.
std::string_view line_of(std::string_view text, int line) {
  std::size_t pos = 0;
  for (int l = 1; l < line; ++l) {
    std::size_t e = text.find_first_of("\r\n", pos);
    if (e == std::string_view::npos) return {};
    pos = e + ((text[e] == '\r' && e + 1 < text.size() && text[e + 1] == '\n') ? 2 : 1);
  }
  std::size_t e = text.find_first_of("\r\n", pos);
  return text.substr(pos, e == std::string_view::npos ? std::string_view::npos : e - pos);
}

template <class T>
void check(std::string_view text, const std::vector<sarcoma::core::Fact<T>>& facts) {
  for (const auto& f : facts) {
    const auto& s = f.source;
    if (s.line < 1 || s.begin < 0 || s.end < s.begin) std::abort();
    auto l = line_of(text, s.line);
    if (static_cast<std::size_t>(s.end) > l.size()) std::abort();
    if (l.substr(static_cast<std::size_t>(s.begin), static_cast<std::size_t>(s.end - s.begin)) != s.text) {
      std::abort();
    }
  }
}

void check_all(std::string_view text, const sarcoma::core::NarrativeFacts& n) {
  for (const auto& t : n.tumours) {
    check(text, t.histology);
    check(text, t.site);
    check(text, t.size);
    check(text, t.mitoses);
    check(text, t.necrosis);
    check(text, t.stated_grade);
    check(text, t.stated_differentiation_score);
    check(text, t.stated_mitotic_score);
    check(text, t.stated_necrosis_score);
    check(text, t.extent_findings);
    check(text, t.multifocal_site_count);
    check(text, t.stated_t);
    check(text, t.stated_n);
    check(text, t.stated_m);
    check(text, t.stated_stage_group);
    check(text, t.nodal_metastasis);
    check(text, t.distant_metastasis);
  }
  check(text, n.circumstances.post_neoadjuvant);
  check(text, n.circumstances.unplanned_excision);
  check(text, n.circumstances.recurrence);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sarcoma::core;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  if (size > (1u << 20)) return 0;
  check_all(in, scan_narrative(in, rules()));
  std::string text = extraction::html_to_text(in);
  check_all(text, scan_narrative(text, rules()));
  // Each hint reads the text as one known fact (a coded string value).
  auto hint = static_cast<NarrativeHint>(size % (static_cast<std::size_t>(NarrativeHint::multifocal) + 1));
  check_all(in, scan_narrative(in, rules(), hint));
  check_all(in, scan_narrative(in, shipped_rules()));
  return 0;
}
