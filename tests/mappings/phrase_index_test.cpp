#include "mappings/phrase_index.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace sarcoma::mappings {
namespace {

using Hits = std::vector<std::tuple<std::uint32_t, std::size_t, std::size_t>>;

Hits hits_of(const PhraseIndex& index, std::string_view text) {
  Hits out;
  for (const auto& h : index.find(text)) out.emplace_back(h.value, h.begin, h.end);
  return out;
}

TEST(PhraseIndex, WholeWordsAnyCaseAnySeparator) {
  PhraseIndex index;
  EXPECT_EQ(index.add("well-differentiated liposarcoma", 1), PhraseIndex::kNone);
  EXPECT_EQ(index.add("liposarcoma", 2), PhraseIndex::kNone);
  std::string text = "Dx: Well Differentiated LIPOSARCOMA; liposarcomas; liposarcoma.";
  EXPECT_EQ(hits_of(index, text), (Hits{{1, 4, 35}, {2, 51, 62}}));
}

TEST(PhraseIndex, LongestPhraseWinsThenMatchingResumesAfterIt) {
  PhraseIndex index;
  index.add("soft tissue", 1);
  index.add("soft tissue sarcoma", 2);
  index.add("sarcoma", 3);
  index.add("tissue", 4);
  EXPECT_EQ(hits_of(index, "soft tissue sarcoma"), (Hits{{2, 0, 19}}));
  EXPECT_EQ(hits_of(index, "soft tissue mass, sarcoma"), (Hits{{1, 0, 11}, {3, 18, 25}}));
  EXPECT_EQ(hits_of(index, "soft sarcoma tissue"), (Hits{{3, 5, 12}, {4, 13, 19}}));
}

TEST(PhraseIndex, RepeatedPhraseKeepsTheFirstValue) {
  PhraseIndex index;
  EXPECT_EQ(index.add("Myxoid  Liposarcoma", 7), PhraseIndex::kNone);
  EXPECT_EQ(index.add("myxoid-liposarcoma", 9), 7u);
  EXPECT_EQ(index.add("  --  ", 3), PhraseIndex::kNone);  // no words: nothing added
  EXPECT_EQ(hits_of(index, "MYXOID liposarcoma"), (Hits{{7, 0, 18}}));
}

TEST(PhraseIndex, Utf8BytesStayInsideWords) {
  PhraseIndex index;
  index.add("naevus", 1);
  index.add("m\xc3\xbcller", 2);
  EXPECT_TRUE(hits_of(index, "n\xc3\xa6vus naevus\xc3\xa9").empty());
  EXPECT_EQ(hits_of(index, "(M\xc3\xbcller)"), (Hits{{2, 1, 8}}));
}

TEST(PhraseIndex, EmptyIndexAndEmptyText) {
  PhraseIndex index;
  EXPECT_TRUE(index.find("anything at all").empty());
  index.add("x", 1);
  EXPECT_TRUE(index.find("").empty());
}

// Indexes sharing a vocabulary: a text cut once answers each index as a search of its own would,
// and one index's words give no hits in another (histology, site and finding phrases are searched
// this way).
TEST(PhraseIndex, IndexesSharingAVocabularyAnswerAsIfAlone) {
  auto vocabulary = std::make_shared<PhraseVocabulary>();
  PhraseIndex histology(vocabulary), site(vocabulary);
  histology.add("myxoid liposarcoma", 1);
  histology.add("liposarcoma", 2);
  site.add("left thigh", 7);
  site.add("thigh", 8);
  const std::string text = "Left thigh: myxoid liposarcoma; thigh liposarcoma, not myxoid left.";
  PhraseIndex::Words words;
  vocabulary->cut(text, words);
  auto as_hits = [](const std::vector<PhraseIndex::Hit>& hits) {
    Hits out;
    for (const auto& h : hits) out.emplace_back(h.value, h.begin, h.end);
    return out;
  };
  EXPECT_EQ(as_hits(histology.find(words)), (Hits{{1, 12, 30}, {2, 38, 49}}));
  EXPECT_EQ(as_hits(site.find(words)), (Hits{{7, 0, 10}, {8, 32, 37}}));
  EXPECT_EQ(as_hits(histology.find(words)), hits_of(histology, text));
  EXPECT_EQ(as_hits(site.find(words)), hits_of(site, text));
}

// The index against a naive reference (lower-case, split, try every phrase at every word) over
// random texts from a small vocabulary, with enough words to make the table grow several times.
TEST(PhraseIndex, AgreesWithANaiveSearch) {
  std::mt19937 rng(20261207);
  std::vector<std::string> vocabulary;
  for (int i = 0; i < 300; ++i) vocabulary.push_back("w" + std::to_string(i * 7919 % 1000));
  std::vector<std::vector<std::string>> phrases;
  PhraseIndex index;
  for (std::uint32_t v = 0; v < 400; ++v) {
    std::vector<std::string> words;
    for (std::size_t n = 1 + rng() % 4; n > 0; --n) words.push_back(vocabulary[rng() % vocabulary.size()]);
    std::string text;
    for (const auto& w : words) text += (text.empty() ? "" : " ") + w;
    if (index.add(text, v) == PhraseIndex::kNone)
      phrases.push_back(words);
    else
      phrases.emplace_back();  // a repeat: the first value answers
  }
  for (int round = 0; round < 200; ++round) {
    std::string text;
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    std::vector<std::string> words;
    for (int k = 0; k < 60; ++k) {
      if (!text.empty()) text += " ,-"[rng() % 3];
      std::string w = vocabulary[rng() % vocabulary.size()];
      if (rng() % 5 == 0) w += "x";  // a word outside the vocabulary
      if (rng() % 3 == 0) w[0] = 'W';
      spans.emplace_back(text.size(), text.size() + w.size());
      text += w;
      w[0] = 'w';
      words.push_back(w);
    }
    Hits expected;
    for (std::size_t i = 0; i < words.size();) {
      std::size_t best_len = 0;
      std::uint32_t best = 0;
      for (std::uint32_t v = 0; v < phrases.size(); ++v) {
        const auto& p = phrases[v];
        if (p.empty() || p.size() <= best_len || i + p.size() > words.size()) continue;
        if (std::equal(p.begin(), p.end(), words.begin() + static_cast<std::ptrdiff_t>(i))) {
          best_len = p.size();
          best = v;
        }
      }
      if (best_len == 0) {
        ++i;
        continue;
      }
      expected.emplace_back(best, spans[i].first, spans[i + best_len - 1].second);
      i += best_len;
    }
    ASSERT_EQ(hits_of(index, text), expected) << text;
  }
}

}  // namespace
}  // namespace sarcoma::mappings
