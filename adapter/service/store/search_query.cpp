#include "adapter/service/store/search_query.hpp"

#include <charconv>

#include "adapter/service/store/search_index.hpp"

namespace sarcoma::service::store {
namespace {

// Hostile queries stay cheap: every value becomes an SQL parameter.
constexpr std::size_t kMaxParams = 64;
constexpr std::size_t kMaxValues = 512;

// Parameter names are echoed in errors (they are not patient data); values never are.
std::string shown(const std::string& name) {
  return "'" + (name.size() > 64 ? name.substr(0, 64) + "..." : name) + "'";
}

fhir::Issue error(std::string code, std::string diagnostics) {
  return fhir::Issue{fhir::Severity::error, std::move(code), std::move(diagnostics), {}, {}, {}, {}};
}

// Splits at unescaped `sep` (FHIR search escaping: "\," "\|" "\$" "\\"); escapes are kept.
std::vector<std::string> split_escaped(const std::string& text, char sep) {
  std::vector<std::string> out(1);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      out.back() += text.substr(i, 2);
      ++i;
    } else if (text[i] == sep) {
      out.emplace_back();
    } else {
      out.back() += text[i];
    }
  }
  return out;
}

std::string unescape(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) ++i;
    out += text[i];
  }
  return out;
}

bool is_reference_param(const std::string& name) {
  return name == "subject" || name == "patient" || name == "focus" || name == "for" || name == "derived-from";
}

// One alternative of a search value (already split at commas).
Result<TokenMatch, fhir::Issue> parse_value(const std::string& param, const std::string& piece) {
  if (param == "_id") return TokenMatch{std::nullopt, unescape(piece)};
  if (is_reference_param(param)) {
    auto key = reference_key(unescape(piece), true);
    if (!key) return fail(error("value", "search parameter " + shown(param) + " expects Type/id or an id"));
    return TokenMatch{key->type.empty() ? std::nullopt : std::optional<std::string>(key->type), key->id};
  }
  auto parts = split_escaped(piece, '|');
  if (parts.size() > 2)
    return fail(error("value", "search parameter " + shown(param) + ": more than one '|'"));
  if (parts.size() == 1) return TokenMatch{std::nullopt, unescape(parts[0])};
  if (param == "status") return TokenMatch{std::nullopt, unescape(parts[1])};  // status is a bare code
  if (parts[0].empty() && parts[1].empty()) {
    return fail(error("value", "search parameter " + shown(param) + ": empty system and value"));
  }
  return TokenMatch{unescape(parts[0]), unescape(parts[1])};
}

Result<int, fhir::Issue> parse_int(const std::string& name, const std::string& text, std::int64_t max) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < 0) {
    return fail(error("value", name + " must be a non-negative integer"));
  }
  return static_cast<int>(v > max ? max : v);
}

Result<SearchQuery, fhir::Issues> parse(const QueryParams& params, bool criteria_only) {
  SearchQuery q;
  fhir::Issues issues;
  std::size_t values = 0;
  if (params.size() > kMaxParams) {
    return fail(
        fhir::Issues{error("too-costly", "more than " + std::to_string(kMaxParams) + " search parameters")});
  }
  for (const auto& [name, value] : params) {
    if (name.find(':') != std::string::npos) {
      issues.push_back(error("not-supported", "search modifiers are not supported (" + shown(name) + ")"));
      continue;
    }
    const bool control = !name.empty() && name[0] == '_' && name != "_id";
    if (control && criteria_only) {
      issues.push_back(error("not-supported", shown(name) + " is not allowed in conditional criteria"));
      continue;
    }
    if (name == "_count") {
      auto n = parse_int(name, value, kMaxPageSize);
      if (n.ok()) {
        q.count = *n;
        if (q.count == 0) q.summary_count = true;
      } else {
        issues.push_back(n.error());
      }
      continue;
    }
    if (name == "_offset") {
      auto n = parse_int(name, value, 1'000'000'000);
      if (n.ok()) {
        q.offset = *n;
      } else {
        issues.push_back(n.error());
      }
      continue;
    }
    if (name == "_sort") {
      if (value == "_lastUpdated") {
        q.sort = SortOrder::last_updated;
      } else if (value == "-_lastUpdated") {
        q.sort = SortOrder::last_updated_desc;
      } else if (value == "priority") {
        q.sort = SortOrder::priority;
      } else if (value == "-priority") {
        q.sort = SortOrder::priority_desc;
      } else {
        issues.push_back(error("not-supported", "_sort supports _lastUpdated, -_lastUpdated, priority and -priority only"));
      }
    } else if (name == "_summary") {
      if (value == "count") {
        q.summary_count = true;
      } else if (value != "false") {
        issues.push_back(error("not-supported", "_summary supports count and false only"));
      }
    } else if (name == "_total") {
      // The total is always counted exactly; every _total value is satisfied.
    } else if (name == "_format" || name == "_pretty") {
      // Content negotiation belongs to the REST layer, which has checked _format already.
    } else if (control) {
      issues.push_back(error("not-supported", "search parameter " + shown(name) + " is not supported"));
      continue;
    } else if (name == "_id" || name == "identifier" || name == "status" || is_reference_param(name)) {
      if (value.empty()) continue;  // FHIR: a parameter with an empty value is ignored
      SearchCondition c{name, {}};
      for (const auto& piece : split_escaped(value, ',')) {
        if (++values > kMaxValues) {
          return fail(fhir::Issues{
              error("too-costly", "more than " + std::to_string(kMaxValues) + " search values")});
        }
        auto m = parse_value(name, piece);
        if (m.ok()) {
          c.any_of.push_back(std::move(*m));
        } else {
          issues.push_back(m.error());
        }
      }
      q.conditions.push_back(std::move(c));
    } else {
      issues.push_back(error("not-supported", "search parameter " + shown(name) + " is not supported"));
      continue;
    }
    q.link_params.emplace_back(name, value);
  }
  if (criteria_only && issues.empty() && q.conditions.empty()) {
    issues.push_back(error("required", "conditional request without search criteria"));
  }
  if (!issues.empty()) return fail(std::move(issues));
  return q;
}

}  // namespace

Result<SearchQuery, fhir::Issues> parse_search(const QueryParams& params) {
  return parse(params, false);
}

Result<SearchQuery, fhir::Issues> parse_criteria(const QueryParams& params) {
  return parse(params, true);
}

}  // namespace sarcoma::service::store
