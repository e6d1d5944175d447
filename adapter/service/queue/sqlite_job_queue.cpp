#include "adapter/service/queue/sqlite_job_queue.hpp"

#include <sqlite3.h>

#include "adapter/service/queue/sqlite_statement.hpp"

namespace sarcoma::service {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS jobs (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  kind        TEXT    NOT NULL,
  payload     BLOB    NOT NULL,
  dedupe_key  TEXT    NOT NULL,
  state       TEXT    NOT NULL CHECK (state IN ('pending', 'leased', 'done', 'dead')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  not_before  INTEGER NOT NULL,
  lease_until INTEGER NOT NULL DEFAULT 0,
  lease_token INTEGER NOT NULL DEFAULT 0,
  last_error  TEXT    NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS jobs_due ON jobs (state, not_before, id);
CREATE INDEX IF NOT EXISTS jobs_dedupe ON jobs (dedupe_key, state);
CREATE TABLE IF NOT EXISTS state (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql";

QueueError sqlite_error(sqlite3* db, const char* what) {
  return std::string(what) + ": " + sqlite3_errmsg(db);
}

// Columns: id, kind, payload, dedupe_key, attempts, lease_token, last_error (in that order).
Job job_from_row(const Statement& row) {
  Job j;
  j.id = row.int64(0);
  j.kind = row.text(1);
  j.payload = row.text(2);
  j.dedupe_key = row.text(3);
  j.attempts = static_cast<int>(row.int64(4));
  j.lease_token = row.int64(5);
  j.last_error = row.text(6);
  return j;
}

bool exec(sqlite3* db, const char* sql) {
  return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}

// BEGIN IMMEDIATE ... COMMIT, rolled back if not committed.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db), ok_(exec(db, "BEGIN IMMEDIATE")) {}
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

}  // namespace

const char* to_string(JobState s) {
  switch (s) {
    case JobState::pending: return "pending";
    case JobState::leased: return "leased";
    case JobState::done: return "done";
    case JobState::dead: return "dead";
  }
  return "pending";
}

QueueResult<std::unique_ptr<SqliteJobQueue>> SqliteJobQueue::open(const std::string& path,
                                                                  const SqliteQueueOptions& options) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    QueueError e = "cannot open queue database " + path + ": " + (db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return fail(e);
  }
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  // WAL lets readers (metrics, dlq list) run beside the writer; synchronous=FULL makes each
  // commit durable before it returns, which is what "acknowledged only when durable" needs.
  if (!exec(db, "PRAGMA journal_mode=WAL") || !exec(db, "PRAGMA synchronous=FULL") || !exec(db, kSchema)) {
    QueueError e = sqlite_error(db, "cannot initialise queue database");
    sqlite3_close(db);
    return fail(e);
  }
  return std::unique_ptr<SqliteJobQueue>(new SqliteJobQueue(db, options));
}

SqliteJobQueue::~SqliteJobQueue() {
  sqlite3_close(db_);
}

QueueResult<EnqueueResult> SqliteJobQueue::enqueue(const NewJob& job, Millis now) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  if (!tx.begun()) return fail(sqlite_error(db_, "enqueue: begin"));
  if (!job.dedupe_key.empty()) {
    Statement find(db_,
                   "SELECT id FROM jobs WHERE dedupe_key = ?1 AND state IN ('pending', 'leased') "
                   "ORDER BY id LIMIT 1");
    find.bind(1, job.dedupe_key);
    if (find.step() == SQLITE_ROW) return EnqueueResult{find.int64(0), true};
  }
  Statement ins(db_,
                "INSERT INTO jobs (kind, payload, dedupe_key, state, not_before, created_at, updated_at) "
                "VALUES (?1, ?2, ?3, 'pending', ?4, ?4, ?4)");
  ins.bind(1, job.kind).bind_blob(2, job.payload).bind(3, job.dedupe_key).bind(4, now);
  if (ins.step() != SQLITE_DONE) return fail(sqlite_error(db_, "enqueue: insert"));
  std::int64_t id = sqlite3_last_insert_rowid(db_);
  if (!tx.commit()) return fail(sqlite_error(db_, "enqueue: commit"));
  return EnqueueResult{id, false};
}

QueueResult<std::optional<Job>> SqliteJobQueue::lease(Millis now, Millis lease_for) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  if (!tx.begun()) return fail(sqlite_error(db_, "lease: begin"));
  // Poison jobs: leases that keep expiring mean the worker keeps dying on this job.
  Statement poison(db_,
                   "UPDATE jobs SET state = 'dead', updated_at = ?1, "
                   "last_error = 'lease expired ' || attempts || ' times (worker died while processing)' "
                   "WHERE state = 'leased' AND lease_until <= ?1 AND attempts >= ?2");
  poison.bind(1, now).bind(2, static_cast<std::int64_t>(options_.max_lease_attempts));
  if (poison.step() != SQLITE_DONE) return fail(sqlite_error(db_, "lease: poison check"));

  Statement take(db_,
                 "UPDATE jobs SET state = 'leased', attempts = attempts + 1, lease_until = ?1 + ?2, "
                 "lease_token = lease_token + 1, updated_at = ?1 "
                 "WHERE id = (SELECT id FROM jobs WHERE (state = 'pending' AND not_before <= ?1) "
                 "                OR (state = 'leased' AND lease_until <= ?1) "
                 "            ORDER BY not_before, id LIMIT 1) "
                 "RETURNING id, kind, payload, dedupe_key, attempts, lease_token, last_error");
  take.bind(1, now).bind(2, lease_for);
  int rc = take.step();
  std::optional<Job> out;
  if (rc == SQLITE_ROW) {
    out = job_from_row(take);
    rc = take.step();
  }
  if (rc != SQLITE_DONE) return fail(sqlite_error(db_, "lease: update"));
  if (!tx.commit()) return fail(sqlite_error(db_, "lease: commit"));
  return out;
}

QueueResult<Ok> SqliteJobQueue::settle(std::int64_t id, std::int64_t lease_token, const char* state,
                                       Millis not_before, Millis now, const std::string& error) {
  std::lock_guard lock(mutex_);
  Statement upd(
      db_,
      "UPDATE jobs SET state = ?1, not_before = ?2, lease_until = 0, last_error = ?3, updated_at = ?4 "
      "WHERE id = ?5 AND state = 'leased' AND lease_token = ?6");
  upd.bind(1, std::string_view(state))
      .bind(2, not_before)
      .bind(3, error)
      .bind(4, now)
      .bind(5, id)
      .bind(6, lease_token);
  if (upd.step() != SQLITE_DONE) return fail(sqlite_error(db_, "settle"));
  if (sqlite3_changes(db_) != 1) {
    return fail(
        QueueError("job " + std::to_string(id) + ": lease is no longer held (expired and re-leased?)"));
  }
  return Ok{};
}

QueueResult<Ok> SqliteJobQueue::complete(std::int64_t id, std::int64_t lease_token, Millis now) {
  return settle(id, lease_token, "done", 0, now, "");
}

QueueResult<Ok> SqliteJobQueue::retry_later(std::int64_t id, std::int64_t lease_token, Millis not_before,
                                            const std::string& error) {
  return settle(id, lease_token, "pending", not_before, not_before, error);
}

QueueResult<Ok> SqliteJobQueue::dead_letter(std::int64_t id, std::int64_t lease_token, Millis now,
                                            const std::string& error) {
  return settle(id, lease_token, "dead", 0, now, error);
}

QueueResult<std::vector<DeadJob>> SqliteJobQueue::list_dead(int limit) {
  std::lock_guard lock(mutex_);
  Statement q(db_,
              "SELECT id, kind, dedupe_key, attempts, last_error, updated_at FROM jobs WHERE state = 'dead' "
              "ORDER BY id LIMIT ?1");
  q.bind(1, static_cast<std::int64_t>(limit));
  std::vector<DeadJob> out;
  int rc;
  while ((rc = q.step()) == SQLITE_ROW) {
    out.push_back(
        DeadJob{q.int64(0), q.text(1), q.text(2), static_cast<int>(q.int64(3)), q.text(4), q.int64(5)});
  }
  if (rc != SQLITE_DONE) return fail(sqlite_error(db_, "list_dead"));
  return out;
}

QueueResult<std::optional<Job>> SqliteJobQueue::show(std::int64_t id) {
  std::lock_guard lock(mutex_);
  Statement q(
      db_, "SELECT id, kind, payload, dedupe_key, attempts, lease_token, last_error FROM jobs WHERE id = ?1");
  q.bind(1, id);
  int rc = q.step();
  if (rc == SQLITE_DONE) return std::optional<Job>();
  if (rc != SQLITE_ROW) return fail(sqlite_error(db_, "show"));
  return std::optional<Job>(job_from_row(q));
}

QueueResult<bool> SqliteJobQueue::requeue_dead(std::int64_t id, Millis now) {
  std::lock_guard lock(mutex_);
  // A reprocessed job starts a fresh retry budget; its last error stays for the record.
  Statement upd(db_,
                "UPDATE jobs SET state = 'pending', attempts = 0, not_before = ?1, updated_at = ?1 "
                "WHERE id = ?2 AND state = 'dead'");
  upd.bind(1, now).bind(2, id);
  if (upd.step() != SQLITE_DONE) return fail(sqlite_error(db_, "requeue_dead"));
  return sqlite3_changes(db_) == 1;
}

QueueResult<std::string> SqliteJobQueue::get_state(const std::string& key) {
  std::lock_guard lock(mutex_);
  Statement q(db_, "SELECT value FROM state WHERE key = ?1");
  q.bind(1, std::string_view(key));
  int rc = q.step();
  if (rc == SQLITE_ROW) return q.text(0);
  if (rc != SQLITE_DONE) return fail(sqlite_error(db_, "get_state"));
  return std::string();
}

QueueResult<Ok> SqliteJobQueue::set_state(const std::string& key, const std::string& value) {
  std::lock_guard lock(mutex_);
  Statement upd(db_, "INSERT INTO state (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2");
  upd.bind(1, std::string_view(key)).bind(2, std::string_view(value));
  if (upd.step() != SQLITE_DONE) return fail(sqlite_error(db_, "set_state"));
  return Ok{};
}

QueueResult<std::int64_t> SqliteJobQueue::release_leases(Millis now) {
  std::lock_guard lock(mutex_);
  Statement upd(db_, "UPDATE jobs SET lease_until = ?1, updated_at = ?1 WHERE state = 'leased' AND lease_until > ?1");
  upd.bind(1, now);
  if (upd.step() != SQLITE_DONE) return fail(sqlite_error(db_, "release_leases"));
  return static_cast<std::int64_t>(sqlite3_changes(db_));
}

QueueResult<QueueCounts> SqliteJobQueue::counts() {
  std::lock_guard lock(mutex_);
  Statement q(db_, "SELECT state, COUNT(*) FROM jobs GROUP BY state");
  QueueCounts c;
  int rc;
  while ((rc = q.step()) == SQLITE_ROW) {
    std::string s = q.text(0);
    std::int64_t n = q.int64(1);
    if (s == "pending")
      c.pending = n;
    else if (s == "leased")
      c.leased = n;
    else if (s == "done")
      c.done = n;
    else if (s == "dead")
      c.dead = n;
  }
  if (rc != SQLITE_DONE) return fail(sqlite_error(db_, "counts"));
  return c;
}

}  // namespace sarcoma::service
