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

std::uint32_t PhraseVocabulary::find(std::string_view text, std::size_t begin, std::size_t end,
                                     std::uint64_t h) const {
  std::size_t length = end - begin;
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

std::uint32_t PhraseVocabulary::intern(std::string_view word) {
  std::uint64_t h = word_hash(word, 0, word.size());
  std::uint32_t existing = find(word, 0, word.size(), h);
  if (existing != kNone) return existing;
  if ((count_ + 1) * 2 > slots_.size()) grow();
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = h & mask;
  while (slots_[i].id != kNone) i = (i + 1) & mask;
  slots_[i] =
      Slot{h, count_, static_cast<std::uint32_t>(words_.size()), static_cast<std::uint32_t>(word.size())};
  for (char c : word) words_.push_back(lower(c));
  if (word.size() > longest_) longest_ = word.size();
  return count_++;
}

void PhraseVocabulary::grow() {
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

void PhraseVocabulary::cut(std::string_view text, Words& out) const {
  out.list.clear();
  out.list.reserve(text.size() / 4 + 1);  // one allocation for the typical 5-6 bytes per word and space
  for_each_word(text, [&](std::size_t b, std::size_t e) {
    std::uint32_t id = (count_ == 0 || e - b > longest_) ? kNone : find(text, b, e, word_hash(text, b, e));
    out.list.push_back({b, e, id});
  });
}

PhraseIndex::PhraseIndex() : vocabulary_(std::make_shared<PhraseVocabulary>()) {}
PhraseIndex::PhraseIndex(std::shared_ptr<PhraseVocabulary> vocabulary) : vocabulary_(std::move(vocabulary)) {}

std::uint32_t PhraseIndex::add(std::string_view phrase, std::uint32_t value) {
  std::uint32_t node = 0;
  std::size_t count = 0;
  for_each_word(phrase, [&](std::size_t b, std::size_t e) {
    std::uint32_t w = vocabulary_->intern(phrase.substr(b, e - b));
    const auto fresh_node = static_cast<std::uint32_t>(node_value_.size());
    std::uint32_t next;
    if (node == 0) {
      if (root_children_.size() <= w) root_children_.resize(w + 1, kNone);
      if (root_children_[w] == kNone) root_children_[w] = fresh_node;
      next = root_children_[w];
    } else {
      next = edges_.try_emplace((static_cast<std::uint64_t>(node) << 32) | w, fresh_node).first->second;
    }
    if (next == fresh_node) node_value_.push_back(kNone);
    node = next;
    ++count;
  });
  if (count == 0) return kNone;
  if (count > max_words_) max_words_ = count;
  if (node_value_[node] != kNone) return node_value_[node];
  node_value_[node] = value;
  return kNone;
}

std::uint32_t PhraseIndex::child(std::uint32_t node, std::uint32_t word) const {
  if (node == 0) return word < root_children_.size() ? root_children_[word] : kNone;
  auto edge = edges_.find((static_cast<std::uint64_t>(node) << 32) | word);
  return edge == edges_.end() ? kNone : edge->second;
}

std::vector<PhraseIndex::Hit> PhraseIndex::find(std::string_view text) const {
  if (max_words_ == 0) return {};
  Words words;
  vocabulary_->cut(text, words);
  return find(words);
}

std::vector<PhraseIndex::Hit> PhraseIndex::find(const Words& words) const {
  std::vector<Hit> hits;
  if (max_words_ == 0) return hits;
  const auto& w = words.list;
  std::size_t i = 0;
  while (i < w.size()) {
    std::uint32_t node = 0;
    std::size_t best_end = 0;
    std::uint32_t best_value = kNone;
    for (std::size_t j = i; j < w.size() && j - i < max_words_ && w[j].id != kNone; ++j) {
      node = child(node, w[j].id);
      if (node == kNone) break;
      if (node_value_[node] != kNone) {
        best_value = node_value_[node];
        best_end = j;
      }
    }
    if (best_value == kNone) {
      ++i;
      continue;
    }
    hits.push_back({best_value, w[i].begin, w[best_end].end});
    i = best_end + 1;
  }
  return hits;
}

}  // namespace sarcoma::mappings
