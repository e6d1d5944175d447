#pragma once
// Everything the pipeline reads from mappings/, loaded once at start and shared read-only by every
// report (the CLI, each daemon worker, the benchmarks).
#include <memory>
#include <string>

#include "fhir/issue.hpp"
#include "fhir/result.hpp"
#include "mappings/element_codes.hpp"
#include "mappings/review_reasons.hpp"
#include "mappings/rules.hpp"
#include "mappings/value_codes.hpp"

namespace sarcoma::core {

struct RuleSet {
  std::shared_ptr<const mappings::Rules> rules;  // histology, sites, FNCLCC/AJCC tables
  mappings::ElementCodes elements;               // input element codes (elements.json)
  mappings::ReviewReasonTable reasons;           // review_reasons.json
  mappings::ValueCodes values;                   // value_codes.json

  std::string version() const;  // every table's version, for Provenance

  // Loads every table from `dir`; the issues name file and row. (File reading is the only I/O;
  // it happens once, before any report is processed.)
  static Result<std::shared_ptr<const RuleSet>, fhir::Issues> load(const std::string& dir);
};

}  // namespace sarcoma::core
