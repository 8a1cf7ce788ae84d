// The SQL layer over the sqlite3 C API: one connection (WAL, foreign keys, secure_delete) whose
// statements are prepared on demand; transactions BEGIN IMMEDIATE, so one writer holds the file.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>

#include "store/sql/sql_db.h"
#include "store/store.h"

namespace baro::store::sqlite {

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

 private:
  SqliteDatabase() = default;
  sqlite3* db_ = nullptr;
};

// The store on the SQLite file at `path`.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

}  // namespace baro::store::sqlite
