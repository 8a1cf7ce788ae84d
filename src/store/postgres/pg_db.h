// The SQL layer over libpq, for the scale-out deployment: several worker, notifier and API
// processes on several machines share one PostgreSQL database. Within a process, a small pool of
// sessions: a thread holding the database's lock has a session of its own, so threads do not wait
// for each other's round trips (threads beyond the pool's size wait for a session). Between
// processes, leases are taken with `FOR UPDATE SKIP LOCKED`, so two workers never claim the same
// monitor or outbox row. Statements are always parameterized (the `?` of the shared SQL become
// `$1`, `$2`, ...; values travel as parameters, never inside the SQL text). A lost connection is
// re-established when its session is next used, except in the middle of a transaction: the rest of
// that transaction fails, so a half-written transaction is never finished in another session. When
// the server cannot be reached the answer is kUnavailable.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "store/sql/session_pool.h"
#include "store/sql/sql_db.h"
#include "store/store.h"

namespace baro::store::postgres {

// Baro's own settings of the PostgreSQL back-end, read from (and removed from) the query of the
// database URL before libpq sees it.
struct PgOptions {
  // `baro_pool_size`: sessions a process opens at most, opened as threads need them.
  int pool_size = 4;
  // `connect_timeout` (libpq's own parameter, in seconds): applied when the URL does not set it,
  // so an unreachable host gives kUnavailable instead of waiting for the operating system.
  int connect_timeout_s = 10;
};

// Splits Baro's parameters off a postgresql:// URL: the options, and the URL libpq is given (with
// connect_timeout added when absent). kInvalidInput for a malformed Baro parameter.
struct PgUrl {
  std::string libpq_url;
  PgOptions options;
};
Result<PgUrl> ParsePgUrl(const std::string& url);

class PgDatabase final : public sql::Database {
 public:
  // `url`: a libpq connection URI (postgresql://user@host:port/db?...); the password may be in it
  // or come from PGPASSWORD / PGPASSFILE. It is never logged or put in an error. The first session
  // is opened at once, so an unreachable server is reported here.
  static Result<std::unique_ptr<PgDatabase>> Open(const std::string& url);
  ~PgDatabase() override;

  sql::SessionLock& mutex() override { return pool_; }
  std::int64_t Changes() const override;
  void SetChanges(std::int64_t n) override;

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

  // The connection of the calling thread's session, usable now (opened or re-established if
  // needed), or an error: kUnavailable when the server cannot be reached or the connection was
  // lost inside the open transaction, kInternal when the thread holds no session.
  Result<PGconn*> Live();
  // Records the session's transaction state after a command ran on `conn`.
  void AfterCommand(PGconn* conn);
  // Runs `sql` ($n placeholders) with text parameters on `conn`, the calling thread's session: as a
  // statement the session prepared on its first use (parsed and planned once per server
  // connection, at most kMaxPrepared per session; beyond that, or where the server cannot use the
  // prepared plan any more, it runs unprepared).
  PGresult* Run(PGconn* conn, const std::string& sql, int count, const char* const* values);
  static constexpr std::size_t kMaxPrepared = 256;
  // Sessions opened so far (at most the pool size).
  std::size_t SessionCount();

 private:
  struct Session {
    PGconn* conn = nullptr;
    bool in_transaction = false;
    std::int64_t changes = 0;
    // Statements prepared on the server connection whose backend is `prepared_on` (a reconnect
    // starts a backend with none), by SQL text.
    std::unordered_map<std::string, std::string> prepared;
    int prepared_on = 0;
    std::uint64_t next_name = 0;
  };

  PgDatabase(std::string conninfo, PgOptions options);
  Session* Current() const { return pool_.Current(); }
  // Ends a transaction left open by a holder before the session goes back to the pool.
  static void Tidy(Session& s);

  std::string conninfo_;
  PgOptions options_;
  sql::SessionPool<Session> pool_;
};

// `?` placeholders to `$n`, outside quoted literals.
std::string NumberPlaceholders(std::string_view sql);

// The error for a failed result: kConflict for integrity violations (SQLSTATE class 23),
// kUnavailable for connection failures, serialization failures and deadlocks, else kInternal.
Error ResultError(const PGresult* result, PGconn* conn);

// The store on the PostgreSQL database at `url`.
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url);

}  // namespace baro::store::postgres
