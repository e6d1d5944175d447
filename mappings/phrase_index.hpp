#pragma once
// Case-insensitive, whole-word phrase search over narrative text.
//
// Text and phrases are cut into the same words (runs of ASCII letters and digits, and of bytes
// >= 0x80 so UTF-8 letters stay inside a word); everything else separates words, so
// "well-differentiated", "well differentiated" and "Well Differentiated" are the same phrase.
// The phrases form a trie over word ids. At each word the trie is walked as far as the text
// allows and the longest phrase ending on the walk wins; matching then resumes after it
// (leftmost-longest, non-overlapping). The walk is bounded by the longest phrase's word count,
// so a search is linear in the text length for a given table. No regex, no backtracking.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sarcoma::mappings {

// The words of one or more phrase indexes, each with an id. Narrative text is searched with three
// indexes (histology, site, finding phrases) sharing one vocabulary, so each word of the text is
// cut, hashed and looked up once, not three times.
class PhraseVocabulary {
 public:
  static constexpr std::uint32_t kNone = 0xffffffffu;

  // The id of `word` (any case), added if new.
  std::uint32_t intern(std::string_view word);

  // A text cut into words, each with its id (kNone for a word no phrase contains).
  struct Word {
    std::size_t begin, end;  // byte offsets into the text
    std::uint32_t id;
  };
  struct Words {
    std::vector<Word> list;
  };
  void cut(std::string_view text, Words& out) const;

 private:
  // An open-addressing table over the lower-cased words, which are stored back to back in one
  // string. Text words are compared as they are lower-cased, so a cut copies nothing and
  // allocates only its result (a std::unordered_map<std::string> with a lower-cased copy of the
  // text was a tenth of `batch`).
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t id = kNone;  // kNone: empty slot
    std::uint32_t offset = 0;  // into words_
    std::uint32_t length = 0;
  };
  std::uint32_t find(std::string_view text, std::size_t begin, std::size_t end, std::uint64_t hash) const;
  void grow();

  std::vector<Slot> slots_ = std::vector<Slot>(64);  // a power of two, at most half full
  std::string words_;
  std::uint32_t count_ = 0;
  std::size_t longest_ = 0;
};

class PhraseIndex {
 public:
  static constexpr std::uint32_t kNone = PhraseVocabulary::kNone;
  using Words = PhraseVocabulary::Words;

  // An index with a vocabulary of its own, or one it shares with other indexes.
  PhraseIndex();
  explicit PhraseIndex(std::shared_ptr<PhraseVocabulary> vocabulary);

  // Adds `phrase` for `value`. Returns the value already stored for the same word sequence
  // (kNone when new; the first value is kept), or kNone as well for a phrase without words.
  std::uint32_t add(std::string_view phrase, std::uint32_t value);

  struct Hit {
    std::uint32_t value;
    std::size_t begin;  // byte offsets into the searched text
    std::size_t end;
  };
  std::vector<Hit> find(std::string_view text) const;
  // `words` must be cut by this index's vocabulary (after the last add to it).
  std::vector<Hit> find(const Words& words) const;
  const PhraseVocabulary& vocabulary() const { return *vocabulary_; }

 private:
  std::uint32_t child(std::uint32_t node, std::uint32_t word) const;

  std::shared_ptr<PhraseVocabulary> vocabulary_;
  // The root's children by word id (kNone: no phrase starts with the word). Most walks end at the
  // root, so they cost one array read; deeper edges are in edges_.
  std::vector<std::uint32_t> root_children_;
  std::unordered_map<std::uint64_t, std::uint32_t> edges_;  // (node << 32 | word) -> child node, node > 0
  std::vector<std::uint32_t> node_value_{kNone};            // node 0 is the root
  std::size_t max_words_ = 0;
};

}  // namespace sarcoma::mappings
