#include "mappings/phrase_index.hpp"

namespace sarcoma::mappings {
namespace {

bool word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}
char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

struct Span {
  std::size_t begin, end;
};

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

}  // namespace

std::uint32_t PhraseIndex::word_id(std::string_view lowered) const {
  auto it = words_.find(lowered);
  return it == words_.end() ? kNone : it->second;
}

std::uint32_t PhraseIndex::add(std::string_view phrase, std::uint32_t value) {
  std::uint32_t node = 0;
  std::size_t count = 0;
  std::string word;
  for_each_word(phrase, [&](std::size_t b, std::size_t e) {
    word.clear();
    for (std::size_t k = b; k < e; ++k) word.push_back(lower(phrase[k]));
    auto [w, inserted] = words_.try_emplace(word, static_cast<std::uint32_t>(words_.size()));
    std::uint64_t key = (static_cast<std::uint64_t>(node) << 32) | w->second;
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

std::vector<PhraseIndex::Hit> PhraseIndex::find(std::string_view text) const {
  std::vector<Hit> hits;
  if (words_.empty()) return hits;
  std::string lowered(text);
  for (char& c : lowered) c = lower(c);
  std::vector<Span> spans;
  std::vector<std::uint32_t> ids;
  for_each_word(lowered, [&](std::size_t b, std::size_t e) {
    spans.push_back({b, e});
    ids.push_back(word_id(std::string_view(lowered).substr(b, e - b)));
  });
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
    hits.push_back({best_value, spans[i].begin, spans[best_end].end});
    i = best_end + 1;
  }
  return hits;
}

}  // namespace sarcoma::mappings
