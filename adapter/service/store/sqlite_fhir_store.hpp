#pragma once
// FhirStore on one embedded SQLite file (<data-dir>/store.db), WAL with synchronous=FULL like the
// queue: a write acknowledged with 201/200 survives a crash. Every interaction, a whole transaction
// Bundle included, is one SQLite transaction. One connection behind a mutex: requests from the HTTP
// threads are serialised, which is plenty for the embedded case (several replicas use PostgreSQL).
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "adapter/service/store/fhir_store.hpp"

struct sqlite3;

namespace sarcoma::service::store {

class StoreBackend;

struct SqliteStoreOptions {
  int busy_timeout_ms = 5000;
  StoreLimits limits;
  // Server-assigned ids. Empty: random UUIDs (v4). Tests inject a counter.
  std::function<std::string()> new_id;
};

class SqliteFhirStore final : public FhirStore {
 public:
  static Result<std::unique_ptr<SqliteFhirStore>, std::string> open(const std::string& path,
                                                                    SqliteStoreOptions options = {});
  ~SqliteFhirStore() override;
  SqliteFhirStore(const SqliteFhirStore&) = delete;
  SqliteFhirStore& operator=(const SqliteFhirStore&) = delete;

  StoreResult<WriteResult> create(std::string_view type, std::string_view json, Millis now,
                                  const QueryParams& if_none_exist = {}) override;
  StoreResult<StoredResource> read(std::string_view type, std::string_view id) override;
  StoreResult<WriteResult> update(std::string_view type, std::string_view id, std::string_view json,
                                  Millis now) override;
  StoreResult<WriteResult> conditional_update(std::string_view type, const QueryParams& criteria,
                                              std::string_view json, Millis now) override;
  StoreResult<WriteResult> remove(std::string_view type, std::string_view id, Millis now) override;
  StoreResult<SearchPage> search(std::string_view type, const SearchQuery& query) override;
  StoreResult<BundleResult> process_bundle(std::string_view json, Millis now,
                                           std::string_view base_url) override;

 private:
  SqliteFhirStore(sqlite3* db, SqliteStoreOptions options);
  // Runs f(backend) in one transaction (BEGIN IMMEDIATE for writes): committed when f succeeds,
  // rolled back otherwise.
  template <class F>
  auto in_transaction(bool write, F&& f);

  sqlite3* db_;
  SqliteStoreOptions options_;
  std::unique_ptr<StoreBackend> backend_;
  std::mutex mutex_;
};

}  // namespace sarcoma::service::store
