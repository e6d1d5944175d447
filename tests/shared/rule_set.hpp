#pragma once
// The rule tables of mappings/, loaded once per test binary (loading parses every table).
#include <cstdio>
#include <cstdlib>

#include "adapter/core/rule_set.hpp"

namespace sarcoma::test {

inline const core::RuleSet& rule_set() {
  static const auto loaded = [] {
    auto r = core::RuleSet::load(mappings::default_mappings_dir());
    if (!r.ok()) {
      for (const auto& i : r.error()) std::fprintf(stderr, "mappings: %s\n", i.diagnostics.c_str());
      std::abort();
    }
    return std::move(r).value();
  }();
  return *loaded;
}

}  // namespace sarcoma::test
