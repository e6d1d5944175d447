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
#include <functional>
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

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::uint32_t word_id(std::string_view lowered) const;

  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> words_;
  std::unordered_map<std::uint64_t, std::uint32_t> edges_;  // (node << 32 | word) -> child node
  std::vector<std::uint32_t> node_value_{kNone};            // node 0 is the root
  std::size_t max_words_ = 0;
};

}  // namespace sarcoma::mappings
