#include "adapter/service/store/sqlite_fhir_store.hpp"

#include <sqlite3.h>

#include <cstdio>
#include <random>
#include <variant>

#include "adapter/service/queue/sqlite_statement.hpp"
#include "adapter/service/store/bundle_ops.hpp"
#include "adapter/service/store/resource_ops.hpp"
#include "adapter/service/store/store_backend.hpp"

namespace sarcoma::service::store {
namespace {

// resources: the current version of each resource (history is not kept; see fhir_rest.hpp).
// search_index: what search and the conditional interactions match on (search_index.hpp).
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS resources (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  type         TEXT    NOT NULL,
  id           TEXT    NOT NULL,
  version_id   INTEGER NOT NULL,
  last_updated INTEGER NOT NULL,
  json         TEXT    NOT NULL,
  deleted      INTEGER NOT NULL DEFAULT 0,
  UNIQUE (type, id)
);
CREATE INDEX IF NOT EXISTS resources_updated ON resources (type, deleted, last_updated);
CREATE TABLE IF NOT EXISTS search_index (
  res_type TEXT NOT NULL,
  res_id   TEXT NOT NULL,
  param    TEXT NOT NULL,
  system   TEXT NOT NULL,
  value    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS search_index_match ON search_index (res_type, param, value, system);
CREATE INDEX IF NOT EXISTS search_index_owner ON search_index (res_type, res_id);
)sql";

bool exec(sqlite3* db, const char* sql) {
  return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}

// SQLite's messages name tables and constraints, never bound values: safe to report.
StoreError db_error(sqlite3* db, const char* what) {
  const int code = sqlite3_errcode(db);
  const bool busy = code == SQLITE_BUSY || code == SQLITE_LOCKED;
  return store_error(busy ? 503 : 500, busy ? "transient" : "exception",
                     std::string("store ") + what + ": " + sqlite3_errmsg(db));
}

using Bind = std::variant<std::string, std::int64_t>;

void bind_all(Statement& st, const std::vector<Bind>& binds) {
  for (std::size_t i = 0; i < binds.size(); ++i) {
    const int index = static_cast<int>(i + 1);
    if (const auto* s = std::get_if<std::string>(&binds[i])) {
      st.bind(index, std::string_view(*s));
    } else {
      st.bind(index, std::get<std::int64_t>(binds[i]));
    }
  }
}

// WHERE clause for a search; values are always bound, never spliced.
std::string where_clause(std::string_view type, const SearchQuery& q, std::vector<Bind>& binds) {
  std::string sql = "r.type = ? AND r.deleted = 0";
  binds.emplace_back(std::string(type));
  for (const auto& c : q.conditions) {
    if (c.any_of.empty()) {
      sql += " AND 0";
      continue;
    }
    if (c.param == "_id") {
      sql += " AND r.id IN (";
      for (std::size_t i = 0; i < c.any_of.size(); ++i) {
        sql += i ? ", ?" : "?";
        binds.emplace_back(c.any_of[i].value);
      }
      sql += ")";
      continue;
    }
    sql += " AND r.id IN (SELECT x.res_id FROM search_index x WHERE x.res_type = ? AND x.param = ? AND (";
    binds.emplace_back(std::string(type));
    binds.emplace_back(c.param);
    for (std::size_t i = 0; i < c.any_of.size(); ++i) {
      const TokenMatch& m = c.any_of[i];
      if (i) sql += " OR ";
      if (!m.system) {
        sql += "x.value = ?";
        binds.emplace_back(m.value);
      } else if (m.value.empty()) {
        sql += "x.system = ?";
        binds.emplace_back(*m.system);
      } else {
        sql += "(x.system = ? AND x.value = ?)";
        binds.emplace_back(*m.system);
        binds.emplace_back(m.value);
      }
    }
    sql += "))";
  }
  return sql;
}

// FHIR request-priority as a number (routine 0 < urgent 1 < asap 2 < stat 3; none -1).
#define PRIORITY_RANK                                                                                        \
  "(CASE json_extract(r.json, '$.priority') WHEN 'stat' THEN 3 WHEN 'asap' THEN 2 WHEN 'urgent' THEN 1 " \
  "WHEN 'routine' THEN 0 ELSE -1 END)"

const char* order_clause(SortOrder sort) {
  switch (sort) {
    case SortOrder::stored: return " ORDER BY r.seq";
    case SortOrder::last_updated: return " ORDER BY r.last_updated, r.seq";
    case SortOrder::last_updated_desc: return " ORDER BY r.last_updated DESC, r.seq DESC";
    case SortOrder::priority: return " ORDER BY " PRIORITY_RANK ", r.last_updated, r.seq";
    case SortOrder::priority_desc: return " ORDER BY " PRIORITY_RANK " DESC, r.last_updated, r.seq";
  }
  return " ORDER BY r.seq";
}

class SqliteBackend final : public StoreBackend {
 public:
  SqliteBackend(sqlite3* db, std::function<std::string()> new_id) : db_(db), new_id_(std::move(new_id)) {}

  StoreResult<std::optional<StoredResource>> get(std::string_view type, std::string_view id) override {
    Statement q(db_,
                "SELECT version_id, last_updated, deleted, json FROM resources WHERE type = ?1 AND id = ?2");
    q.bind(1, type).bind(2, id);
    int rc = q.step();
    if (rc == SQLITE_DONE) return std::optional<StoredResource>();
    if (rc != SQLITE_ROW) return fail(db_error(db_, "read"));
    return std::optional<StoredResource>(StoredResource{std::string(type), std::string(id), q.int64(0),
                                                        q.int64(1), q.int64(2) != 0, q.text(3)});
  }

  StoreResult<Ok> put(const StoredResource& r, const std::vector<IndexEntry>& index) override {
    Statement upsert(
        db_,
        "INSERT INTO resources (type, id, version_id, last_updated, json, deleted) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
        "ON CONFLICT (type, id) DO UPDATE SET version_id = excluded.version_id, "
        "last_updated = excluded.last_updated, json = excluded.json, deleted = excluded.deleted");
    upsert.bind(1, std::string_view(r.type))
        .bind(2, std::string_view(r.id))
        .bind(3, r.version)
        .bind(4, r.last_updated)
        .bind(5, std::string_view(r.json))
        .bind(6, std::int64_t{r.deleted ? 1 : 0});
    if (upsert.step() != SQLITE_DONE) return fail(db_error(db_, "write"));
    Statement clear(db_, "DELETE FROM search_index WHERE res_type = ?1 AND res_id = ?2");
    clear.bind(1, std::string_view(r.type)).bind(2, std::string_view(r.id));
    if (clear.step() != SQLITE_DONE) return fail(db_error(db_, "index"));
    for (const auto& e : index) {
      Statement ins(
          db_,
          "INSERT INTO search_index (res_type, res_id, param, system, value) VALUES (?1, ?2, ?3, ?4, ?5)");
      ins.bind(1, std::string_view(r.type))
          .bind(2, std::string_view(r.id))
          .bind(3, std::string_view(e.param))
          .bind(4, std::string_view(e.system))
          .bind(5, std::string_view(e.value));
      if (ins.step() != SQLITE_DONE) return fail(db_error(db_, "index"));
    }
    return Ok{};
  }

  StoreResult<SearchPage> search(std::string_view type, const SearchQuery& q) override {
    std::vector<Bind> binds;
    const std::string where = where_clause(type, q, binds);
    SearchPage page;
    {
      Statement count(db_, ("SELECT COUNT(*) FROM resources r WHERE " + where).c_str());
      bind_all(count, binds);
      if (count.step() != SQLITE_ROW) return fail(db_error(db_, "search"));
      page.total = count.int64(0);
    }
    if (q.summary_count || q.count == 0 || q.offset >= page.total) return page;
    Statement rows(db_, ("SELECT r.type, r.id, r.version_id, r.last_updated, r.json FROM resources r WHERE " +
                         where + order_clause(q.sort) + " LIMIT ? OFFSET ?")
                            .c_str());
    binds.emplace_back(std::int64_t{q.count});
    binds.emplace_back(q.offset);
    bind_all(rows, binds);
    int rc;
    while ((rc = rows.step()) == SQLITE_ROW) {
      page.resources.push_back(
          StoredResource{rows.text(0), rows.text(1), rows.int64(2), rows.int64(3), false, rows.text(4)});
    }
    if (rc != SQLITE_DONE) return fail(db_error(db_, "search"));
    return page;
  }

  std::string new_id() override { return new_id_(); }

  StoreResult<Ok> begin_nested() override {
    if (!exec(db_, "SAVEPOINT entry")) return fail(db_error(db_, "savepoint"));
    return Ok{};
  }
  StoreResult<Ok> end_nested(bool keep) override {
    if (!keep && !exec(db_, "ROLLBACK TO entry")) return fail(db_error(db_, "rollback to savepoint"));
    if (!exec(db_, "RELEASE entry")) return fail(db_error(db_, "release savepoint"));
    return Ok{};
  }

 private:
  sqlite3* db_;
  std::function<std::string()> new_id_;
};

// BEGIN ... COMMIT, rolled back unless committed (as in the queue).
class Transaction {
 public:
  Transaction(sqlite3* db, bool write) : db_(db), ok_(exec(db, write ? "BEGIN IMMEDIATE" : "BEGIN")) {}
  ~Transaction() {
    if (ok_ && !done_) exec(db_, "ROLLBACK");
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  bool begun() const { return ok_; }
  bool commit() {
    done_ = exec(db_, "COMMIT");
    return done_;
  }

 private:
  sqlite3* db_;
  bool ok_;
  bool done_ = false;
};

// Random (version 4) UUIDs: server ids must not be guessable from one another or collide across
// restarts; the generator is only called under the store's mutex.
std::function<std::string()> random_uuids() {
  std::random_device device;
  auto engine = std::make_shared<std::mt19937_64>((std::uint64_t{device()} << 32) ^ device());
  return [engine] {
    std::uint64_t hi = (*engine)();
    std::uint64_t lo = (*engine)();
    hi = (hi & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull;  // version 4
    lo = (lo & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;  // RFC 4122 variant
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                  static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                  static_cast<unsigned>(lo >> 48), static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFull));
    return std::string(buf);
  };
}

}  // namespace

Result<std::unique_ptr<SqliteFhirStore>, std::string> SqliteFhirStore::open(const std::string& path,
                                                                            SqliteStoreOptions options) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string e = "cannot open store database " + path + ": " + (db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return fail(std::move(e));
  }
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  // Same durability as the queue: a 201 means the resource is on disk.
  if (!exec(db, "PRAGMA journal_mode=WAL") || !exec(db, "PRAGMA synchronous=FULL") || !exec(db, kSchema)) {
    std::string e = std::string("cannot initialise store database: ") + sqlite3_errmsg(db);
    sqlite3_close(db);
    return fail(std::move(e));
  }
  if (!options.new_id) options.new_id = random_uuids();
  return std::unique_ptr<SqliteFhirStore>(new SqliteFhirStore(db, std::move(options)));
}

SqliteFhirStore::SqliteFhirStore(sqlite3* db, SqliteStoreOptions options)
    : db_(db), options_(std::move(options)), backend_(std::make_unique<SqliteBackend>(db, options_.new_id)) {}

SqliteFhirStore::~SqliteFhirStore() {
  backend_.reset();
  sqlite3_close(db_);
}

template <class F>
auto SqliteFhirStore::in_transaction(bool write, F&& f) {
  using R = decltype(f(*backend_));
  std::lock_guard lock(mutex_);
  Transaction tx(db_, write);
  if (!tx.begun()) return R(fail(db_error(db_, "begin")));
  R result = f(*backend_);
  if (result.ok() && !tx.commit()) return R(fail(db_error(db_, "commit")));
  return result;
}

StoreResult<WriteResult> SqliteFhirStore::create(std::string_view type, std::string_view json, Millis now,
                                                 const QueryParams& if_none_exist) {
  if (auto ok = check_target(type, {}); !ok.ok()) return fail(std::move(ok).error());
  auto resource = parse_resource(json, type, type, options_.limits);
  if (!resource.ok()) return fail(std::move(resource).error());
  return in_transaction(true, [&](StoreBackend& b) {
    return create_resource(b, type, std::move(*resource), now, if_none_exist, options_.limits);
  });
}

StoreResult<StoredResource> SqliteFhirStore::read(std::string_view type, std::string_view id) {
  if (auto ok = check_target(type, id); !ok.ok()) return fail(std::move(ok).error());
  return in_transaction(false, [&](StoreBackend& b) { return read_resource(b, type, id); });
}

StoreResult<WriteResult> SqliteFhirStore::update(std::string_view type, std::string_view id,
                                                 std::string_view json, Millis now) {
  if (auto ok = check_target(type, id); !ok.ok()) return fail(std::move(ok).error());
  auto resource = parse_resource(json, type, type, options_.limits);
  if (!resource.ok()) return fail(std::move(resource).error());
  return in_transaction(true, [&](StoreBackend& b) {
    return update_resource(b, type, id, std::move(*resource), now, type, options_.limits);
  });
}

StoreResult<WriteResult> SqliteFhirStore::conditional_update(std::string_view type,
                                                             const QueryParams& criteria,
                                                             std::string_view json, Millis now) {
  if (auto ok = check_target(type, {}); !ok.ok()) return fail(std::move(ok).error());
  auto resource = parse_resource(json, type, type, options_.limits);
  if (!resource.ok()) return fail(std::move(resource).error());
  return in_transaction(true, [&](StoreBackend& b) {
    return conditional_update_resource(b, type, criteria, std::move(*resource), now, type, options_.limits);
  });
}

StoreResult<WriteResult> SqliteFhirStore::remove(std::string_view type, std::string_view id, Millis now) {
  if (auto ok = check_target(type, id); !ok.ok()) return fail(std::move(ok).error());
  return in_transaction(true, [&](StoreBackend& b) { return delete_resource(b, type, id, now); });
}

StoreResult<SearchPage> SqliteFhirStore::search(std::string_view type, const SearchQuery& query) {
  if (auto ok = check_target(type, {}); !ok.ok()) return fail(std::move(ok).error());
  return in_transaction(false, [&](StoreBackend& b) { return b.search(type, query); });
}

StoreResult<BundleResult> SqliteFhirStore::process_bundle(std::string_view json, Millis now,
                                                          std::string_view base_url) {
  return in_transaction(true,
                        [&](StoreBackend& b) { return run_bundle(b, json, now, base_url, options_.limits); });
}

}  // namespace sarcoma::service::store
