#pragma once
// Helpers shared by the fhir tests.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "fhir/issue.hpp"
#include "fhir/json_codec.hpp"
#include "fhir/xml_codec.hpp"

namespace sarcoma::fhir::test {

// JSON with whitespace outside strings removed.
inline std::string minify_json(std::string_view in) {
  std::string out;
  bool in_string = false;
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (in_string) {
      out.push_back(c);
      if (c == '\\' && i + 1 < in.size()) {
        out.push_back(in[++i]);
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
      out.push_back(c);
    } else if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
      out.push_back(c);
    }
  }
  return out;
}

inline std::string dump(const Issues& issues) {
  std::string s;
  for (const auto& i : issues) {
    s +=
        std::string(to_string(i.severity)) + " " + i.code + " @" + i.expression + ": " + i.diagnostics + "\n";
  }
  return s;
}

inline Parsed parse_json_ok(std::string_view in, const ParseOptions& o = {}) {
  auto r = parse_json(in, o);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : dump(r.error()));
  return r.ok() ? std::move(r).value() : Parsed{};
}
inline Parsed parse_xml_ok(std::string_view in, const ParseOptions& o = {}) {
  auto r = parse_xml(in, o);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : dump(r.error()));
  return r.ok() ? std::move(r).value() : Parsed{};
}

// The first issue with this code (nullptr when none).
inline const Issue* find_issue(const Issues& issues, std::string_view code) {
  for (const auto& i : issues) {
    if (i.code == code) return &i;
  }
  return nullptr;
}

}  // namespace sarcoma::fhir::test
