#pragma once
// Shared fixtures for the extraction tests: the fake Rules, the shipped element-code table, and a
// parse -> resolve -> extract helper over FHIR JSON text.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "adapter/core/extract/extract.hpp"
#include "fhir/json_codec.hpp"
#include "mappings/element_codes.hpp"
#include "tests/core/extract/fake_rules.hpp"

namespace sarcoma::core::test {

inline const FakeRules& rules() {
  static const FakeRules r(std::string(SARCOMA_SOURCE_DIR) + "/mappings/histology.json");
  return r;
}

inline const mappings::ElementCodes& elements() {
  static const mappings::ElementCodes e = [] {
    auto r = mappings::load_element_codes(std::string(SARCOMA_SOURCE_DIR) + "/mappings/elements.json");
    if (!r.ok()) {
      ADD_FAILURE() << r.error().front().diagnostics;
      return mappings::ElementCodes{};
    }
    return std::move(r).value();
  }();
  return e;
}

inline NarrativeFacts scan(std::string_view text) {
  return scan_narrative(text, rules());
}

// The single tumour of a narrative scan (fails the test when there is not exactly one).
inline TumourFacts one(std::string_view text) {
  auto n = scan(text);
  EXPECT_EQ(n.tumours.size(), 1u) << text;
  return n.tumours.empty() ? TumourFacts{} : n.tumours.front();
}

// Parses FHIR JSON, resolves and extracts the first report.
inline ReportFacts extract_json(std::string_view json) {
  auto parsed = fhir::parse_json(json);
  if (!parsed.ok()) {
    ADD_FAILURE() << "parse failed: " << parsed.error().front().diagnostics;
    return {};
  }
  ExtractOptions options;
  options.elements = &elements();
  auto all = extract_all(parsed->resource, rules(), options);
  if (!all.ok() || all->empty()) {
    ADD_FAILURE() << "no report";
    return {};
  }
  return std::move(all->front());
}

}  // namespace sarcoma::core::test
