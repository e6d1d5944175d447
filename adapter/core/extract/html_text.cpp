#include "adapter/core/extract/html_text.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include "adapter/core/extract/tokens.hpp"

namespace sarcoma::core::extraction {
namespace {

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_alnum(char c) {
  return is_alpha(c) || (c >= '0' && c <= '9');
}

// Bytes that text_char appends as they are, whatever the state: not markup ('<', '&') and not
// whitespace (collapsed, or kept in <pre>).
bool plain(char c) {
  return c != '<' && c != '&' && c != ' ' && c != '\n' && c != '\r' && c != '\t';
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

struct NamedEntity {
  const char* name;
  std::uint32_t cp;
};
constexpr std::array<NamedEntity, 17> kEntities{{{"amp", '&'},
                                                 {"lt", '<'},
                                                 {"gt", '>'},
                                                 {"quot", '"'},
                                                 {"apos", '\''},
                                                 {"nbsp", ' '},
                                                 {"times", 0xD7},
                                                 {"ge", 0x2265},
                                                 {"le", 0x2264},
                                                 {"deg", 0xB0},
                                                 {"micro", 0xB5},
                                                 {"sup2", 0xB2},
                                                 {"ndash", 0x2013},
                                                 {"mdash", 0x2014},
                                                 {"plusmn", 0xB1},
                                                 {"middot", 0xB7},
                                                 {"bull", 0x2022}}};

// Decodes the entity starting at html[i] == '&'. Returns the length consumed (0: not an entity).
std::size_t decode_entity(std::string_view html, std::size_t i, std::string& out) {
  std::size_t j = i + 1;
  std::size_t limit = std::min(html.size(), i + 12);  // entity names we know are short
  while (j < limit && html[j] != ';' && (is_alnum(html[j]) || html[j] == '#')) ++j;
  if (j >= limit || html[j] != ';' || j == i + 1) return 0;
  std::string_view name = html.substr(i + 1, j - i - 1);
  if (name[0] == '#') {
    std::uint32_t cp = 0;
    bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
    std::size_t k = hex ? 2 : 1;
    if (k >= name.size()) return 0;
    for (; k < name.size(); ++k) {
      char c = name[k];
      int d = -1;
      if (c >= '0' && c <= '9')
        d = c - '0';
      else if (hex && c >= 'a' && c <= 'f')
        d = c - 'a' + 10;
      else if (hex && c >= 'A' && c <= 'F')
        d = c - 'A' + 10;
      if (d < 0) return 0;
      cp = cp * (hex ? 16u : 10u) + static_cast<std::uint32_t>(d);
      if (cp > 0x10FFFF) cp = 0x110000;  // saturate; replaced below
    }
    append_utf8(out, cp == 0xA0 ? ' ' : cp);
    return j - i + 1;
  }
  for (const auto& e : kEntities) {
    if (name == e.name) {
      append_utf8(out, e.cp);
      return j - i + 1;
    }
  }
  return 0;
}

enum class TagKind { inline_tag, block, cell, term, definition, row, skip_content, pre };

TagKind classify(std::string_view name) {
  static constexpr std::array<std::string_view, 26> kBlock{
      "p",       "div",     "br",     "li",     "ul",      "ol",    "table", "thead", "tbody",
      "tfoot",   "h1",      "h2",     "h3",     "h4",      "h5",    "h6",    "hr",    "blockquote",
      "section", "article", "header", "footer", "caption", "title", "dl",    "body"};
  if (ieq(name, "td") || ieq(name, "th")) return TagKind::cell;
  if (ieq(name, "tr")) return TagKind::row;
  if (ieq(name, "dt")) return TagKind::term;
  if (ieq(name, "dd")) return TagKind::definition;
  if (ieq(name, "script") || ieq(name, "style") || ieq(name, "head")) return TagKind::skip_content;
  if (ieq(name, "pre")) return TagKind::pre;
  for (auto b : kBlock) {
    if (ieq(name, b)) return TagKind::block;
  }
  return TagKind::inline_tag;
}

class Writer {
 public:
  explicit Writer(std::size_t reserve) { out_.reserve(reserve); }
  void text_char(char c, bool pre) {
    if (!pre && (c == '\n' || c == '\r' || c == '\t')) c = ' ';
    if (c == '\r') return;
    if (c == '\n') {
      newline();
      return;
    }
    if (c == ' ' && (out_.empty() || out_.back() == ' ' || out_.back() == '\n')) return;
    out_.push_back(c);
  }
  void raw(std::string_view s) { out_.append(s); }
  // Text of plain() bytes only: what text_char would append byte by byte.
  void plain(std::string_view s) { out_.append(s); }
  std::string& buffer() { return out_; }
  void newline() {
    trim_trailing_space();
    if (!out_.empty() && out_.back() != '\n') out_.push_back('\n');
  }
  void cell_separator() {
    trim_trailing_space();
    if (out_.empty() || out_.back() == '\n') return;
    if (out_.back() == ':') {
      out_.push_back(' ');
    } else {
      raw(": ");
    }
  }
  void space() {
    if (!out_.empty() && out_.back() != ' ' && out_.back() != '\n') out_.push_back(' ');
  }
  std::string finish() {
    while (!out_.empty() && (out_.back() == ' ' || out_.back() == '\n')) out_.pop_back();
    return std::move(out_);
  }

 private:
  void trim_trailing_space() {
    while (!out_.empty() && out_.back() == ' ') out_.pop_back();
  }
  std::string out_;
};

// Position of the next case-insensitive "</name" at or after `from`, or npos.
std::size_t find_close(std::string_view html, std::size_t from, std::string_view name) {
  for (std::size_t i = html.find("</", from); i != std::string_view::npos; i = html.find("</", i + 2)) {
    if (i + 2 + name.size() <= html.size() && ieq(html.substr(i + 2, name.size()), name)) return i;
  }
  return std::string_view::npos;
}

}  // namespace

bool looks_like_html(std::string_view text) {
  std::size_t limit = std::min<std::size_t>(text.size(), 512);
  for (std::size_t i = 0; i + 1 < limit; ++i) {
    if (text[i] == '<' && (is_alpha(text[i + 1]) || text[i + 1] == '!' || text[i + 1] == '/')) return true;
  }
  return false;
}

std::string html_to_text(std::string_view html) {
  Writer w(html.size());
  bool pre = false;
  int cells_in_row = 0;
  bool no_more_gt = false;  // once no '>' follows, none will: keeps the pass linear
  std::size_t i = 0;
  while (i < html.size()) {
    char c = html[i];
    if (plain(c)) {  // a run of plain text goes in whole: for these bytes text_char only appends
      std::size_t e = i + 1;
      while (e < html.size() && plain(html[e])) ++e;
      w.plain(html.substr(i, e - i));
      i = e;
      continue;
    }
    if (c == '&') {
      std::string& buf = w.buffer();
      std::size_t n = decode_entity(html, i, buf);
      if (n > 0) {
        i += n;
        continue;
      }
      w.text_char(c, pre);
      ++i;
      continue;
    }
    if (c != '<' || no_more_gt || i + 1 >= html.size()) {
      w.text_char(c, pre);
      ++i;
      continue;
    }
    if (html.compare(i, 4, "<!--") == 0) {
      std::size_t e = html.find("-->", i + 4);
      i = e == std::string_view::npos ? html.size() : e + 3;
      continue;
    }
    char n1 = html[i + 1];
    bool closing = n1 == '/';
    if (!(is_alpha(n1) || n1 == '!' || n1 == '?' ||
          (closing && i + 2 < html.size() && is_alpha(html[i + 2])))) {
      w.text_char(c, pre);  // a literal '<' ("< 50%")
      ++i;
      continue;
    }
    // Find the end of the tag, skipping quoted attribute values.
    std::size_t j = i + 1;
    char quote = 0;
    while (j < html.size()) {
      char cj = html[j];
      if (quote != 0) {
        if (cj == quote) quote = 0;
      } else if (cj == '"' || cj == '\'') {
        quote = cj;
      } else if (cj == '>') {
        break;
      }
      ++j;
    }
    if (j >= html.size()) {
      no_more_gt = true;  // an unterminated tag: the rest is text (keeps the pass linear)
      w.text_char(c, pre);
      ++i;
      continue;
    }
    std::size_t name_begin = i + (closing ? 2 : 1);
    std::size_t name_end = name_begin;
    while (name_end < j && is_alnum(html[name_end])) ++name_end;
    std::string_view name = html.substr(name_begin, name_end - name_begin);
    TagKind kind = classify(name);
    i = j + 1;
    switch (kind) {
      case TagKind::inline_tag: break;
      case TagKind::block: w.newline(); break;
      case TagKind::pre:
        pre = !closing;
        w.newline();
        break;
      case TagKind::row:
        cells_in_row = 0;
        w.newline();
        break;
      case TagKind::cell:
        if (!closing) {
          if (cells_in_row == 1)
            w.cell_separator();
          else if (cells_in_row > 1)
            w.space();
          ++cells_in_row;
        }
        break;
      case TagKind::term:
        if (!closing) w.newline();
        break;
      case TagKind::definition:
        if (!closing) w.cell_separator();
        break;
      case TagKind::skip_content:
        if (!closing) {
          std::size_t e = find_close(html, i, name);
          if (e == std::string_view::npos) {
            i = html.size();
          } else {
            std::size_t gt = html.find('>', e);
            i = gt == std::string_view::npos ? html.size() : gt + 1;
          }
        }
        break;
    }
  }
  return w.finish();
}

}  // namespace sarcoma::core::extraction
