#include "mappings/phrase_index.hpp"

#include <array>
#include <cstring>

namespace sarcoma::mappings {
namespace {

// Word bytes: ASCII letters and digits, and every byte >= 0x80 (UTF-8 letters stay inside words).
constexpr std::array<bool, 256> make_word_bytes() {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) {
    t[static_cast<std::size_t>(c)] =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
  }
  return t;
}
constexpr auto kWordBytes = make_word_bytes();
bool word_byte(unsigned char c) {
  return kWordBytes[c];
}
char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Calls f(begin, end) for each word of `text`.
template <class F>
void for_each_word(std::string_view text, F&& f) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (!word_byte(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && word_byte(static_cast<unsigned char>(text[j]))) ++j;
    f(i, j);
    i = j;
  }
}

// A hash of the word's bytes with bit 0x20 set in each, eight bytes a step (one multiply per step
// instead of one per byte: this hashes every word of every narrative). Setting 0x20 lower-cases
// A-Z and leaves the vocabulary's lower-cased words as they are, so a text word and its
// vocabulary entry hash alike; the other bytes it merges only collide, and word_id compares the
// bytes themselves.
std::uint64_t mix(std::uint64_t h, std::uint64_t w) {
  h = (h ^ w) * 0x9e3779b97f4a7c15ull;
  return h ^ (h >> 32);
}
std::uint64_t finish(std::uint64_t h) {
  h ^= h >> 29;
  h *= 0xbf58476d1ce4e5b9ull;
  return h ^ (h >> 32);
}

std::uint64_t word_hash(std::string_view text, std::size_t begin, std::size_t end) {
  constexpr std::uint64_t kCaseBits = 0x2020202020202020ull;
  std::uint64_t h = 0xcbf29ce484222325ull ^ (end - begin);
  std::size_t k = begin;
  for (; k + 8 <= end; k += 8) {
    std::uint64_t w;
    std::memcpy(&w, text.data() + k, 8);
    h = mix(h, w | kCaseBits);
  }
  if (k < end) {
    std::uint64_t w = 0;
    for (std::size_t shift = 0; k < end; ++k, shift += 8) {
      w |= static_cast<std::uint64_t>(static_cast<unsigned char>(text[k]) | 0x20u) << shift;
    }
    h = mix(h, w);
  }
  return finish(h);
}

}  // namespace

std::uint32_t PhraseIndex::word_id(std::string_view text, std::size_t begin, std::size_t end,
                                   std::uint64_t h) const {
  std::size_t length = end - begin;
  if (length > longest_word_) return kNone;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.id == kNone) return kNone;
    if (slot.hash != h || slot.length != length) continue;
    const char* stored = words_.data() + slot.offset;
    std::size_t k = 0;
    while (k < length && stored[k] == lower(text[begin + k])) ++k;
    if (k == length) return slot.id;
  }
}

std::uint32_t PhraseIndex::intern(std::string_view lowered) {
  std::uint64_t h = word_hash(lowered, 0, lowered.size());
  std::uint32_t existing = word_id(lowered, 0, lowered.size(), h);
  if (existing != kNone) return existing;
  if ((word_count_ + 1) * 2 > slots_.size()) grow();
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = h & mask;
  while (slots_[i].id != kNone) i = (i + 1) & mask;
  slots_[i] = Slot{h, word_count_, static_cast<std::uint32_t>(words_.size()),
                   static_cast<std::uint32_t>(lowered.size())};
  words_.append(lowered);
  if (lowered.size() > longest_word_) longest_word_ = lowered.size();
  return word_count_++;
}

void PhraseIndex::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.size() * 2, Slot{});
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.id == kNone) continue;
    std::size_t i = slot.hash & mask;
    while (slots_[i].id != kNone) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

std::uint32_t PhraseIndex::add(std::string_view phrase, std::uint32_t value) {
  std::uint32_t node = 0;
  std::size_t count = 0;
  std::string word;
  for_each_word(phrase, [&](std::size_t b, std::size_t e) {
    word.clear();
    for (std::size_t k = b; k < e; ++k) word.push_back(lower(phrase[k]));
    std::uint32_t w = intern(word);
    std::uint64_t key = (static_cast<std::uint64_t>(node) << 32) | w;
    auto [edge, fresh] = edges_.try_emplace(key, static_cast<std::uint32_t>(node_value_.size()));
    if (fresh) node_value_.push_back(kNone);
    node = edge->second;
    ++count;
  });
  if (count == 0) return kNone;
  if (count > max_words_) max_words_ = count;
  if (node_value_[node] != kNone) return node_value_[node];
  node_value_[node] = value;
  return kNone;
}

void PhraseIndex::cut(std::string_view text, Words& out) {
  out.begin.clear();
  out.end.clear();
  out.hash.clear();
  for_each_word(text, [&](std::size_t b, std::size_t e) {
    out.begin.push_back(b);
    out.end.push_back(e);
    out.hash.push_back(word_hash(text, b, e));
  });
}

std::vector<PhraseIndex::Hit> PhraseIndex::find(std::string_view text) const {
  if (word_count_ == 0) return {};
  Words words;
  cut(text, words);
  return find(text, words);
}

std::vector<PhraseIndex::Hit> PhraseIndex::find(std::string_view text, const Words& words) const {
  std::vector<Hit> hits;
  if (word_count_ == 0) return hits;
  std::vector<std::uint32_t> ids(words.hash.size());
  for (std::size_t k = 0; k < ids.size(); ++k)
    ids[k] = word_id(text, words.begin[k], words.end[k], words.hash[k]);
  std::size_t i = 0;
  while (i < ids.size()) {
    std::uint32_t node = 0;
    std::size_t best_end = 0;
    std::uint32_t best_value = kNone;
    for (std::size_t j = i; j < ids.size() && j - i < max_words_ && ids[j] != kNone; ++j) {
      auto edge = edges_.find((static_cast<std::uint64_t>(node) << 32) | ids[j]);
      if (edge == edges_.end()) break;
      node = edge->second;
      if (node_value_[node] != kNone) {
        best_value = node_value_[node];
        best_end = j;
      }
    }
    if (best_value == kNone) {
      ++i;
      continue;
    }
    hits.push_back({best_value, words.begin[i], words.end[best_end]});
    i = best_end + 1;
  }
  return hits;
}

}  // namespace sarcoma::mappings
