#pragma once
// What the JSON and XML readers/writers share: input pre-checks (size, emptiness, UTF-8 of every
// byte), the issue collector with the current element path, and primitive text conversion.
// Internal to the fhir library.
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fhir/base64.hpp"
#include "fhir/element.hpp"
#include "fhir/issue.hpp"
#include "fhir/parse.hpp"
#include "fhir/result.hpp"

namespace sarcoma::fhir::detail {

inline constexpr std::size_t kMaxIssues = 200;  // more are dropped; keeps hostile input cheap

// Collects issues and tracks the FHIRPath-style path of the element being read.
class IssueSink {
 public:
  explicit IssueSink(const ParseOptions& options) : options_(options) {}

  std::string path;  // e.g. "Bundle.entry[1].resource.result[0]"

  void add(Severity severity, const char* code, std::string diagnostics,
           std::optional<std::size_t> offset = {}, std::optional<int> line = {},
           std::optional<int> column = {});
  void error(const char* code, std::string diagnostics, std::optional<std::size_t> offset = {}) {
    add(Severity::error, code, std::move(diagnostics), offset);
  }
  void warning(const char* code, std::string diagnostics, std::optional<std::size_t> offset = {}) {
    add(Severity::warning, code, std::move(diagnostics), offset);
  }
  // Unknown element: a warning, or an error in strict mode.
  void unknown(std::string_view name, std::optional<std::size_t> offset = {});

  bool failed() const { return failed_; }
  // The issues so far, with XML byte offsets turned into line/column.
  Issues& issues() {
    resolve_lines();
    return issues_;
  }
  const ParseOptions& options() const { return options_; }
  // Line/column translation for XML readers: set to the original input.
  std::string_view line_source;

 private:
  // One pass over the input for all pending issues: per-issue scans would be quadratic.
  void resolve_lines();
  std::vector<std::size_t> pending_lines_;  // indices of issues whose offset awaits line/column

  const ParseOptions& options_;
  Issues issues_;
  bool failed_ = false;
};

// Appends ".name" or "[i]" to the sink's path for the lifetime of the object.
class PathScope {
 public:
  PathScope(IssueSink& sink, std::string_view name) : sink_(sink), size_(sink.path.size()) {
    if (!sink.path.empty()) sink.path.push_back('.');
    sink.path.append(name);
  }
  PathScope(IssueSink& sink, std::size_t index) : sink_(sink), size_(sink.path.size()) {
    sink.path.push_back('[');
    sink.path.append(std::to_string(index));
    sink.path.push_back(']');
  }
  PathScope(const PathScope&) = delete;
  PathScope& operator=(const PathScope&) = delete;
  ~PathScope() { sink_.path.resize(size_); }

 private:
  IssueSink& sink_;
  std::size_t size_;
};

std::string_view strip_bom(std::string_view in);
// Offset of the first byte that is not part of well-formed UTF-8 (no overlongs, no surrogates,
// nothing above U+10FFFF), or nullopt.
std::optional<std::size_t> find_invalid_utf8(std::string_view in);
// Size, emptiness and UTF-8 checks shared by both readers; adds an error and returns false.
bool precheck_input(std::string_view in, IssueSink& sink);

// Lexical form -> value. Returns nullptr on success, else what is wrong (for diagnostics).
const char* integer_from_text(PT kind, std::string_view text, std::int32_t& out);
// Lexical forms of date, dateTime, instant and time (R4 datatypes.html regexes); nullptr when valid.
const char* temporal_check(PT kind, std::string_view text);
template <PT K>
const char* prim_from_text(std::string_view text, std::optional<typename PrimTraits<K>::type>& out) {
  if constexpr (K == PT::boolean) {
    if (text == "true") {
      out = true;
    } else if (text == "false") {
      out = false;
    } else {
      return "not a boolean (true or false)";
    }
  } else if constexpr (K == PT::integer || K == PT::unsignedInt || K == PT::positiveInt) {
    std::int32_t v = 0;
    if (const char* err = integer_from_text(K, text, v)) return err;
    out = v;
  } else if constexpr (K == PT::decimal) {
    auto d = Decimal::parse(text);
    if (!d) return "not a valid decimal";
    out = std::move(*d);
  } else {
    if constexpr (K == PT::base64Binary) {
      if (!base64_valid(text)) return "invalid base64";
    }
    if constexpr (K == PT::date || K == PT::dateTime || K == PT::instant || K == PT::time) {
      if (const char* err = temporal_check(K, text)) return err;
    }
    out.emplace(text);
  }
  return nullptr;
}

template <PT K>
std::string prim_to_text(const typename PrimTraits<K>::type& v) {
  if constexpr (K == PT::boolean) {
    return v ? "true" : "false";
  } else if constexpr (K == PT::integer || K == PT::unsignedInt || K == PT::positiveInt) {
    return std::to_string(v);
  } else if constexpr (K == PT::decimal) {
    return v.text();
  } else {
    return v;
  }
}

// How a primitive is written in JSON.
enum class JsonKind { boolean, number, string };
constexpr JsonKind json_kind(PT k) {
  switch (k) {
    case PT::boolean: return JsonKind::boolean;
    case PT::integer:
    case PT::unsignedInt:
    case PT::positiveInt:
    case PT::decimal: return JsonKind::number;
    default: return JsonKind::string;
  }
}

// The end of a read: fails when any error was raised, else the resource and the warnings.
inline Result<Parsed, Issues> finish(IssueSink& sink, Parsed&& parsed) {
  if (sink.failed()) return fail(std::move(sink.issues()));
  parsed.issues = std::move(sink.issues());
  return std::move(parsed);
}

// Runs a reader so that nothing thrown inside (allocation failure, a library exception) crosses
// the API: it becomes a fatal "exception" issue.
template <class Fn>
Result<Parsed, Issues> guarded(const char* reader, Fn&& body) {
  std::string what;
  try {
    return body();
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
    what = "unknown exception";
  }
  return fail(
      Issues{Issue{Severity::fatal, "exception", std::string(reader) + " failed: " + what, "", {}, {}, {}}});
}

// A resourceType must look like one ([A-Z][A-Za-z]*, at most 64 chars) before it is echoed anywhere.
bool plausible_resource_type(std::string_view s);

inline constexpr std::string_view kFhirNs = "http://hl7.org/fhir";
inline constexpr std::string_view kXhtmlNs = "http://www.w3.org/1999/xhtml";

}  // namespace sarcoma::fhir::detail
