// The SQL layer the repositories are written against, once for every back-end: a Database whose
// session is held through its lock (one session behind a recursive mutex by default, a session
// from a pool per holding thread where the back-end has one), prepared Statements with positional
// `?` parameters and typed binds, and Transactions. SQLite (sqlite/) and PostgreSQL (postgres/)
// implement it; the few places where their SQL differs are the Database's dialect hooks. Errors
// come back as values: kConflict for a constraint, kUnavailable when the database cannot be reached
// or is busy.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/sql/schema.h"
#include "store/store.h"

namespace baro::store::sql {

// One prepared statement of a back-end.
class StatementImpl {
 public:
  virtual ~StatementImpl() = default;
  virtual void BindInt(int index, std::int64_t v) = 0;
  virtual void BindDouble(int index, double v) = 0;
  virtual void BindText(int index, std::string_view v) = 0;
  virtual void BindNull(int index) = 0;
  virtual Result<bool> Step() = 0;  // true when a row is ready, false when done
  virtual std::int64_t Int(int col) const = 0;
  virtual double Double(int col) const = 0;
  virtual std::string Text(int col) const = 0;
  virtual bool IsNull(int col) const = 0;
  // Rows changed by the statement once it has run.
  virtual std::int64_t Changes() const = 0;
};

// What repositories lock around their statements and transactions (BasicLockable, recursive on
// one thread): while it is held, every statement of the holding thread runs on the same session.
using SessionLock = store::SessionLock;

class Database {
 public:
  virtual ~Database() = default;
  // The default: one session for every thread, one holder at a time.
  virtual SessionLock& mutex() { return one_session_; }
  virtual std::unique_ptr<StatementImpl> Prepare(std::string_view sql) = 0;
  virtual Status Exec(std::string_view sql) = 0;  // several statements, no results
  // The id the last INSERT into a table with a generated key got, in this session.
  virtual Result<std::int64_t> LastInsertId() = 0;
  // Dialect hooks.
  virtual std::string_view BeginTransaction() const = 0;  // "BEGIN IMMEDIATE" / "BEGIN"
  // Appended to the sub-select that picks rows to lease: "" where one writer holds the whole
  // database (SQLite), " FOR UPDATE SKIP LOCKED" where several processes share it (PostgreSQL).
  virtual std::string_view SkipLocked() const = 0;
  // Run first inside a migration's transaction so that processes starting together apply each
  // migration once: "" where BEGIN already takes the write lock (SQLite), an exclusive lock on
  // schema_migrations where it does not (PostgreSQL).
  virtual std::string_view LockMigrations() const = 0;
  // The DDL of the table that records applied migrations.
  virtual std::string_view MigrationsTable() const = 0;
  // How the back-end spells the schema's placeholder types (sql/schema.h).
  virtual const ColumnTypes& Types() const = 0;

  // Makes what deleted rows held unreadable in the database's files as far as the back-end can at
  // once; true when nothing of them remains there. SQLite (whose secure_delete zeroes freed space)
  // checkpoints its write-ahead log and truncates it; a back-end that keeps dead rows until a
  // later vacuum (PostgreSQL) answers false (docs/storage.md).
  virtual Result<bool> ScrubDeleted() { return false; }

  // Rows changed by the last statement run through Statement::Run in the holder's session.
  virtual std::int64_t Changes() const { return changes_; }
  virtual void SetChanges(std::int64_t n) { changes_ = n; }

 private:
  class OneSession final : public SessionLock {
   public:
    void lock() override { mu_.lock(); }
    void unlock() override { mu_.unlock(); }

   private:
    std::recursive_mutex mu_;
  };
  OneSession one_session_;
  std::int64_t changes_ = 0;
};

class Statement {
 public:
  Statement(Database& db, std::string_view sql) : db_(db), impl_(db.Prepare(sql)) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Bind(int index, std::int64_t v) {
    impl_->BindInt(index, v);
    return *this;
  }
  Statement& Bind(int index, int v) { return Bind(index, static_cast<std::int64_t>(v)); }
  Statement& Bind(int index, double v) {
    impl_->BindDouble(index, v);
    return *this;
  }
  Statement& Bind(int index, std::string_view v) {
    impl_->BindText(index, v);
    return *this;
  }
  Statement& Bind(int index, const std::string& v) { return Bind(index, std::string_view(v)); }
  Statement& Bind(int index, const char* v) { return Bind(index, std::string_view(v)); }
  Statement& Bind(int index, bool v) { return Bind(index, static_cast<std::int64_t>(v ? 1 : 0)); }
  Statement& BindNull(int index) {
    impl_->BindNull(index);
    return *this;
  }
  template <typename T>
  Statement& Bind(int index, const std::optional<T>& v) {
    return v ? Bind(index, *v) : BindNull(index);
  }

  Result<bool> Step() { return impl_->Step(); }
  Status Run();  // steps to completion and records the rows changed on the database

  std::int64_t Int(int col) const { return impl_->Int(col); }
  double Double(int col) const { return impl_->Double(col); }
  std::string Text(int col) const { return impl_->Text(col); }
  bool IsNull(int col) const { return impl_->IsNull(col); }
  std::optional<double> OptDouble(int col) const {
    return IsNull(col) ? std::nullopt : std::optional<double>(Double(col));
  }
  std::optional<std::int64_t> OptInt(int col) const {
    return IsNull(col) ? std::nullopt : std::optional<std::int64_t>(Int(col));
  }

 private:
  Database& db_;
  std::unique_ptr<StatementImpl> impl_;
};

// BEGIN ... COMMIT, rolled back unless committed. Holds the database's session lock.
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  Status status() const { return begin_; }
  Status Commit();

 private:
  Database& db_;
  std::unique_lock<SessionLock> lock_;
  Status begin_;
  bool done_ = false;
};

// kNotFound when a statement that had to change a row changed none (the row is missing or belongs
// to another user).
inline Status ExpectChange(Database& db, Status st) {
  if (!st) return st;
  if (db.Changes() == 0) return MakeError(ErrorCode::kNotFound, "no such row");
  return {};
}

// Steps through every row, turning each into a T with `read`.
template <typename T, typename Reader>
Result<std::vector<T>> ReadAll(Statement& q, Reader read) {
  std::vector<T> out;
  for (;;) {
    auto row = q.Step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(read(q));
  }
}

}  // namespace baro::store::sql
