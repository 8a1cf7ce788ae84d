// The SQL layer over the sqlite3 C API: one connection (WAL, foreign keys, secure_delete) whose
// statements are prepared on first use and kept for reuse; transactions BEGIN IMMEDIATE, so one
// writer holds the file.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

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

class SqliteDatabase final : public sql::Database {
 public:
  static Result<std::unique_ptr<SqliteDatabase>> Open(const std::string& path);
  ~SqliteDatabase() override;

  std::unique_ptr<sql::StatementImpl> Prepare(std::string_view sql) override;
  Status Exec(std::string_view sql) override;
  Result<std::int64_t> LastInsertId() override { return sqlite3_last_insert_rowid(db_); }
  std::string_view BeginTransaction() const override { return "BEGIN IMMEDIATE"; }
  std::string_view SkipLocked() const override { return ""; }
  std::string_view LockMigrations() const override { return ""; }
  std::string_view MigrationsTable() const override {
    return "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
           "applied_at INTEGER NOT NULL DEFAULT (strftime('%s','now')))";
  }
  const sql::ColumnTypes& Types() const override { return sql::kSqliteTypes; }
  Result<bool> ScrubDeleted() override;
  std::size_t cached_statements() const { return cache_.idle(); }

 private:
  SqliteDatabase() = default;
  sqlite3* db_ = nullptr;
  StatementCache cache_;
};

// The store on the SQLite file at `path`.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

}  // namespace baro::store::sqlite
