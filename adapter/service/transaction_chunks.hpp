#pragma once
// Some servers cap the size of a transaction with conditional entries (Medplum: 8 entries). A
// derived Bundle larger than the configured cap is written as consecutive transactions of at most
// `max_entries` entries, in Bundle order (Observations, then the Task, then the Provenance). A
// reference to an entry of an earlier chunk (its urn:uuid fullUrl) is rewritten to the Type/id the
// server reported for it. Every entry is an idempotent conditional update, so a failure half-way is
// repaired by the queue's retry, which writes all chunks again.
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "fhir/result.hpp"

namespace sarcoma::service {

class TransactionChunks {
 public:
  // Fails when `bundle_json` is not a transaction Bundle.
  static Result<TransactionChunks, std::string> split(const std::string& bundle_json, std::size_t max_entries);

  std::size_t size() const { return chunks_.size(); }
  // The i-th chunk, with references to earlier chunks' entries rewritten from what was recorded.
  std::string chunk(std::size_t i) const;
  // Records the transaction-response of chunk i (entry.response.location per entry, in order).
  // Fails when the response does not name a location for every entry.
  Result<bool, std::string> record_response(std::size_t i, const std::string& response_json);

 private:
  std::vector<std::vector<std::string>> chunks_;  // serialised entries per chunk
  std::vector<std::vector<std::string>> full_urls_;
  std::map<std::string, std::string> resolved_;  // urn:uuid:... -> Type/id
};

}  // namespace sarcoma::service
