#pragma once
// The shipped staging tables, loaded once per test binary.
#include <gtest/gtest.h>

#include <string>

#include "mappings/staging_tables.hpp"

namespace sarcoma::core::test {

inline const mappings::StagingTables& staging_tables() {
  static const mappings::StagingTables t = [] {
    auto r = mappings::load_staging_tables(std::string(SARCOMA_SOURCE_DIR) + "/mappings/staging.json");
    if (!r.ok()) {
      ADD_FAILURE() << r.error().front().diagnostics;
      return mappings::StagingTables{};
    }
    return std::move(r).value();
  }();
  return t;
}

}  // namespace sarcoma::core::test
