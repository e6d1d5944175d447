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
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sarcoma::mappings {

class PhraseIndex {
 public:
  static constexpr std::uint32_t kNone = 0xffffffffu;

  // Adds `phrase` for `value`. Returns the value already stored for the same word sequence
  // (kNone when new; the first value is kept), or kNone as well for a phrase without words.
  std::uint32_t add(std::string_view phrase, std::uint32_t value);

  struct Hit {
    std::uint32_t value;
    std::size_t begin;  // byte offsets into the searched text
    std::size_t end;
  };
  std::vector<Hit> find(std::string_view text) const;

  // A text cut into words and each word hashed once, so several indexes can search it without
  // cutting and hashing it again (narrative text is searched for histology, site and finding
  // phrases).
  struct Words {
    std::vector<std::size_t> begin, end;
    std::vector<std::uint64_t> hash;
  };
  static void cut(std::string_view text, Words& out);
  // `words` must be cut from `text`.
  std::vector<Hit> find(std::string_view text, const Words& words) const;

 private:
  // The vocabulary: an open-addressing table over the lower-cased words, which are stored back to
  // back in one string. Text words are hashed and compared as they are lower-cased, byte by byte,
  // so a search copies nothing and allocates only its result (this search runs three times over
  // every narrative report; a std::unordered_map<std::string> with a lower-cased copy of the text
  // was a tenth of `batch`).
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t id = kNone;  // kNone: empty slot
    std::uint32_t offset = 0;  // into words_
    std::uint32_t length = 0;
  };
  std::uint32_t word_id(std::string_view text, std::size_t begin, std::size_t end, std::uint64_t hash) const;
  std::uint32_t intern(std::string_view lowered);
  void grow();

  std::vector<Slot> slots_ = std::vector<Slot>(64);  // a power of two, at most half full
  std::string words_;
  std::uint32_t word_count_ = 0;
  std::size_t longest_word_ = 0;
  std::unordered_map<std::uint64_t, std::uint32_t> edges_;  // (node << 32 | word) -> child node
  std::vector<std::uint32_t> node_value_{kNone};            // node 0 is the root
  std::size_t max_words_ = 0;
};

}  // namespace sarcoma::mappings
