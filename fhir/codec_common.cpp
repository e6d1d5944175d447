#include "fhir/codec_common.hpp"

#include <algorithm>

namespace sarcoma::fhir::detail {

void IssueSink::add(Severity severity, const char* code, std::string diagnostics,
                    std::optional<std::size_t> offset, std::optional<int> line, std::optional<int> column) {
  if (severity == Severity::error || severity == Severity::fatal) failed_ = true;
  if (issues_.size() >= kMaxIssues) return;
  Issue issue;
  issue.severity = severity;
  issue.code = code;
  issue.diagnostics = std::move(diagnostics);
  issue.expression = path;
  issue.offset = offset;
  issue.line = line;
  issue.column = column;
  if (!line_source.empty() && offset && !line) pending_lines_.push_back(issues_.size());
  issues_.push_back(std::move(issue));
}

void IssueSink::resolve_lines() {
  if (pending_lines_.empty()) return;
  std::sort(pending_lines_.begin(), pending_lines_.end(),
            [&](std::size_t a, std::size_t b) { return *issues_[a].offset < *issues_[b].offset; });
  int line = 1, column = 1;
  std::size_t pos = 0;
  for (std::size_t index : pending_lines_) {
    Issue& issue = issues_[index];
    std::size_t target = std::min(*issue.offset, line_source.size());
    for (; pos < target; ++pos) {
      char ch = line_source[pos];
      if (ch == '\n') {
        ++line;
        column = 1;
      } else if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) {
        ++column;  // count characters, not UTF-8 continuation bytes
      }
    }
    issue.line = line;
    issue.column = column;
    issue.offset.reset();  // XML issues carry line/column
  }
  pending_lines_.clear();
}

void IssueSink::unknown(std::string_view name, std::optional<std::size_t> offset) {
  std::string msg = "unknown element '";
  msg.append(name.substr(0, 64));
  msg.append("'");
  std::size_t keep = path.size();
  if (!path.empty()) path.push_back('.');
  path.append(name.substr(0, 64));
  add(options_.strict ? Severity::error : Severity::warning, "structure", std::move(msg), offset);
  path.resize(keep);
}

std::string_view strip_bom(std::string_view in) {
  if (in.size() >= 3 && static_cast<unsigned char>(in[0]) == 0xEF &&
      static_cast<unsigned char>(in[1]) == 0xBB && static_cast<unsigned char>(in[2]) == 0xBF) {
    in.remove_prefix(3);
  }
  return in;
}

std::optional<std::size_t> find_invalid_utf8(std::string_view in) {
  const auto* s = reinterpret_cast<const unsigned char*>(in.data());
  const std::size_t n = in.size();
  std::size_t i = 0;
  while (i < n) {
    // Fast path: 8 ASCII bytes at a time.
    while (i + 8 <= n) {
      std::uint64_t w;
      __builtin_memcpy(&w, s + i, 8);
      if (w & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // > U+10FFFF
    } else {
      return i;
    }
    if (i + len > n) return i;
    if (s[i + 1] < lo || s[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k) {
      if (s[i + k] < 0x80 || s[i + k] > 0xBF) return i;
    }
    i += len;
  }
  return std::nullopt;
}

bool precheck_input(std::string_view in, IssueSink& sink) {
  if (in.size() > sink.options().max_bytes) {
    sink.error("too-long", "input is " + std::to_string(in.size()) + " bytes; the limit is " +
                               std::to_string(sink.options().max_bytes));
    return false;
  }
  if (in.find_first_not_of(" \t\r\n", 0) == std::string_view::npos || strip_bom(in).empty()) {
    sink.error("structure", "empty input");
    return false;
  }
  if (auto bad = find_invalid_utf8(in)) {
    sink.error("invalid", "invalid UTF-8 at byte " + std::to_string(*bad), *bad);
    return false;
  }
  return true;
}

namespace {

// A small cursor over the lexical forms; each helper consumes exactly its pattern or fails.
struct Lex {
  std::string_view s;
  std::size_t i = 0;
  bool done() const { return i == s.size(); }
  bool lit(char c) {
    if (i < s.size() && s[i] == c) return ++i, true;
    return false;
  }
  // n digits whose value lies in [lo, hi].
  bool num(int n, int lo, int hi) {
    if (i + static_cast<std::size_t>(n) > s.size()) return false;
    int v = 0;
    for (int k = 0; k < n; ++k) {
      char c = s[i + static_cast<std::size_t>(k)];
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    if (v < lo || v > hi) return false;
    i += static_cast<std::size_t>(n);
    return true;
  }
  // hh:mm:ss(.fff)? with seconds up to 60 (leap second), as R4 allows.
  bool time() {
    if (!num(2, 0, 23) || !lit(':') || !num(2, 0, 59) || !lit(':') || !num(2, 0, 60)) return false;
    if (lit('.')) {
      std::size_t start = i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
      if (i == start) return false;
    }
    return true;
  }
  // Z or +hh:mm / -hh:mm, hh up to 13, or exactly 14:00.
  bool zone() {
    if (lit('Z')) return true;
    if (!lit('+') && !lit('-')) return false;
    std::size_t save = i;
    if (num(2, 14, 14) && lit(':') && num(2, 0, 0)) return true;
    i = save;
    return num(2, 0, 13) && lit(':') && num(2, 0, 59);
  }
  // YYYY(-MM(-DD)?)?; returns how many parts were read (0 on failure).
  int date() {
    if (!num(4, 1, 9999)) return 0;
    if (!lit('-')) return 1;
    if (!num(2, 1, 12)) return 0;
    if (!lit('-')) return 2;
    return num(2, 1, 31) ? 3 : 0;
  }
};

}  // namespace

const char* temporal_check(PT kind, std::string_view text) {
  Lex l{text};
  switch (kind) {
    case PT::time:
      if (l.time() && l.done()) return nullptr;
      return "not a valid time (hh:mm:ss)";
    case PT::date:
      if (l.date() && l.done()) return nullptr;
      return "not a valid date (YYYY, YYYY-MM or YYYY-MM-DD)";
    case PT::dateTime: {
      int parts = l.date();
      if (parts == 0) break;
      if (l.done()) return nullptr;
      // A time needs a full date and a time zone.
      if (parts == 3 && l.lit('T') && l.time() && l.zone() && l.done()) return nullptr;
      break;
    }
    case PT::instant:
      if (l.date() == 3 && l.lit('T') && l.time() && l.zone() && l.done()) return nullptr;
      return "not a valid instant (YYYY-MM-DDThh:mm:ss(.sss)+zz:zz)";
    default: return nullptr;
  }
  return "not a valid dateTime (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss+zz:zz)";
}

const char* integer_from_text(PT kind, std::string_view text, std::int32_t& out) {
  // FHIR integer: [0]|[-+]?[1-9][0-9]* ; JSON additionally allows "-0" which we accept as 0.
  std::string_view t = text;
  if (!t.empty() && t[0] == '+') t.remove_prefix(1);
  if (t.empty() || t.size() > 12) return t.empty() ? "not an integer" : "integer out of range";
  for (std::size_t i = (t[0] == '-' ? 1 : 0); i < t.size(); ++i) {
    if (t[i] < '0' || t[i] > '9') return "not an integer";
  }
  std::int64_t v = 0;
  auto r = std::from_chars(t.data(), t.data() + t.size(), v);
  if (r.ec != std::errc() || r.ptr != t.data() + t.size()) return "not an integer";
  if (v < INT32_MIN || v > INT32_MAX) return "integer out of range (32-bit)";
  if (kind == PT::unsignedInt && v < 0) return "unsignedInt must be >= 0";
  if (kind == PT::positiveInt && v < 1) return "positiveInt must be >= 1";
  out = static_cast<std::int32_t>(v);
  return nullptr;
}

bool plausible_resource_type(std::string_view s) {
  if (s.empty() || s.size() > 64 || s[0] < 'A' || s[0] > 'Z') return false;
  for (char c : s) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return false;
  }
  return true;
}

}  // namespace sarcoma::fhir::detail
