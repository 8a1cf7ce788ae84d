// The SQL layer over the sqlite3 C API: a small pool of connections (WAL, foreign keys,
// secure_delete) whose statements are prepared on first use and kept for reuse; readers run side by
// side, writers one at a time (transactions BEGIN IMMEDIATE, so one writer holds the file).
#pragma once

#include <sqlite3.h>

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/sql/session_pool.h"
#include "store/sql/sql_db.h"
#include "store/store.h"

namespace baro::store::sqlite {

// Prepared statements kept for reuse, by SQL text: preparing is most of what a small statement
// costs. At most kMaxIdle idle statements (beyond that a returned one is finalized), so the cache
// stays bounded whatever SQL is built at run time.
class StatementCache {
 public:
  static constexpr std::size_t kMaxIdle = 256;
  // An idle statement for `sql`, else a freshly prepared one; nullptr when it does not prepare.
  sqlite3_stmt* Take(sqlite3* db, std::string_view sql);
  // Resets `stmt`, clears its bindings and keeps it (or finalizes it when the cache is full).
  void Give(std::string sql, sqlite3_stmt* stmt);
  void Clear();  // finalizes every idle statement
  std::size_t idle() const;

 private:
  mutable std::mutex mu_;
  std::unordered_multimap<std::string, sqlite3_stmt*> idle_;
};

// One connection of the pool and what belongs to it.
struct SqliteSession {
  SqliteSession() = default;
  SqliteSession(const SqliteSession&) = delete;
  SqliteSession& operator=(const SqliteSession&) = delete;
  ~SqliteSession();
  sqlite3* db = nullptr;
  StatementCache cache;
  std::int64_t changes = 0;   // rows changed by the last Statement::Run in this session
  bool holds_writer = false;  // this session holds the process's write lock
};

// Several connections to one file: a thread holding the database's lock has one of its own, so
// reads run side by side (WAL readers do not block each other or the writer). Writes are one at a
// time: a transaction, and a statement that writes outside one, hold the process's write lock from
// BEGIN (or its first step) to COMMIT/ROLLBACK (or its last step), so writers queue on a mutex
// instead of SQLite's busy back-off; another process on the same file still waits through the
// busy timeout. A statement prepared by a thread that holds no session takes one for its lifetime.
class SqliteDatabase final : public sql::Database {
 public:
  // `sessions`: connections opened (at once), 1 to 1000; an in-memory database (":memory:") has
  // exactly one, since every connection to it would be a database of its own.
  static Result<std::unique_ptr<SqliteDatabase>> Open(const std::string& path, int sessions = 1);
  ~SqliteDatabase() override;

  sql::SessionLock& mutex() override { return pool_; }
  std::int64_t Changes() const override;
  void SetChanges(std::int64_t n) override;

  std::unique_ptr<sql::StatementImpl> Prepare(std::string_view sql) override;
  Status Exec(std::string_view sql) override;
  Result<std::int64_t> LastInsertId() override;
  std::string_view BeginTransaction() const override { return "BEGIN IMMEDIATE"; }
  std::string_view SkipLocked() const override { return ""; }
  std::string_view LockMigrations() const override { return ""; }
  std::string_view MigrationsTable() const override {
    return "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
           "applied_at INTEGER NOT NULL DEFAULT (strftime('%s','now')))";
  }
  const sql::ColumnTypes& Types() const override { return sql::kSqliteTypes; }
  Result<bool> ScrubDeleted() override;
  // Idle prepared statements over all sessions; sessions open.
  std::size_t cached_statements() const;
  std::size_t sessions() const { return pool_.size(); }

  // For the statements: the calling thread's session (it must hold the lock), and the write lock.
  SqliteSession& Current() const;
  void TakeWriter(SqliteSession& s);
  void ReleaseWriter(SqliteSession& s);

 private:
  explicit SqliteDatabase(std::size_t sessions);
  // Ends what a holder left open before its session goes back to the pool.
  void Tidy(SqliteSession& s);

  std::mutex writer_;
  sql::SessionPool<SqliteSession> pool_;
};

// The store on the SQLite database at `url_path`: a file path, optionally followed by
// `?baro_pool_size=N` (connections, 1 to 1000; default 1: see docs/storage.md).
// The store on the SQLite file at `path`.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& url_path);

}  // namespace baro::store::sqlite
