// The SQL layer over libpq, for the scale-out deployment: several worker, notifier and API
// processes on several machines share one PostgreSQL database. Each process holds one session,
// serialized by a mutex like the SQLite one; between processes, leases are taken with
// `FOR UPDATE SKIP LOCKED`, so two workers never claim the same monitor or outbox row. Statements
// are always parameterized (the `?` of the shared SQL become `$1`, `$2`, ...; values travel as
// parameters, never inside the SQL text). A lost connection is re-established once per statement;
// when the server cannot be reached the answer is kUnavailable.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>

#include "store/sql/sql_db.h"
#include "store/store.h"

namespace baro::store::postgres {

class PgDatabase final : public sql::Database {
 public:
  // `url`: a libpq connection URI (postgresql://user@host:port/db?...); the password may be in it
  // or come from PGPASSWORD / PGPASSFILE. It is never logged or put in an error.
  static Result<std::unique_ptr<PgDatabase>> Open(const std::string& url);
  ~PgDatabase() override;

  std::unique_ptr<sql::StatementImpl> Prepare(std::string_view sql) override;
  Status Exec(std::string_view sql) override;
  Result<std::int64_t> LastInsertId() override;
  std::string_view BeginTransaction() const override { return "BEGIN"; }
  std::string_view SkipLocked() const override { return " FOR UPDATE SKIP LOCKED"; }
  std::string_view LockMigrations() const override {
    return "LOCK TABLE schema_migrations IN EXCLUSIVE MODE";
  }
  std::string_view MigrationsTable() const override {
    return "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, "
           "applied_at BIGINT NOT NULL DEFAULT (extract(epoch from now())::bigint))";
  }
  const sql::ColumnTypes& Types() const override { return sql::kPostgresTypes; }

  // A connection that can be used now (re-established once if it was lost), or nullptr.
  PGconn* Live();

 private:
  PgDatabase() = default;
  PGconn* conn_ = nullptr;
};

// `?` placeholders to `$n`, outside quoted literals.
std::string NumberPlaceholders(std::string_view sql);

// The error for a failed result: kConflict for integrity violations (SQLSTATE class 23),
// kUnavailable for connection failures, serialization failures and deadlocks, else kInternal.
Error ResultError(const PGresult* result, PGconn* conn);

// The store on the PostgreSQL database at `url`.
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url);

}  // namespace baro::store::postgres
