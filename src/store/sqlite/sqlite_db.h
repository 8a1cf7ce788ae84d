// A thin RAII layer over the sqlite3 C API: one connection, prepared statements with typed binds,
// and transactions. Errors come back as Error values carrying SQLite's message.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace baro::store::sqlite {

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool ok() const { return stmt_ != nullptr; }
  Statement& Bind(int index, std::int64_t v);
  Statement& Bind(int index, int v) { return Bind(index, static_cast<std::int64_t>(v)); }
  Statement& Bind(int index, double v);
  Statement& Bind(int index, std::string_view v);
  Statement& Bind(int index, const std::string& v) { return Bind(index, std::string_view(v)); }
  Statement& Bind(int index, const char* v) { return Bind(index, std::string_view(v)); }
  Statement& Bind(int index, bool v) { return Bind(index, static_cast<std::int64_t>(v ? 1 : 0)); }
  Statement& BindNull(int index);
  template <typename T>
  Statement& Bind(int index, const std::optional<T>& v) {
    return v ? Bind(index, *v) : BindNull(index);
  }

  // Steps once: true when a row is ready, false when done; errors as values.
  Result<bool> Step();
  Status Run();  // steps to completion

  std::int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  double Double(int col) const { return sqlite3_column_double(stmt_, col); }
  std::string Text(int col) const;
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::optional<double> OptDouble(int col) const {
    return IsNull(col) ? std::nullopt : std::optional<double>(Double(col));
  }
  std::optional<std::int64_t> OptInt(int col) const {
    return IsNull(col) ? std::nullopt : std::optional<std::int64_t>(Int(col));
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class Database {
 public:
  static Result<std::unique_ptr<Database>> Open(const std::string& path);
  ~Database();

  sqlite3* handle() { return db_; }
  std::recursive_mutex& mutex() { return mu_; }
  Status Exec(std::string_view sql);  // several statements, no results
  std::int64_t LastInsertId() { return sqlite3_last_insert_rowid(db_); }
  int Changes() { return sqlite3_changes(db_); }
  Error LastError(std::string_view what);

 private:
  sqlite3* db_ = nullptr;
  std::recursive_mutex mu_;
};

// BEGIN IMMEDIATE ... COMMIT, rolled back unless committed. Holds the database mutex.
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  Status status() const { return begin_; }
  Status Commit();

 private:
  Database& db_;
  std::unique_lock<std::recursive_mutex> lock_;
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

}  // namespace baro::store::sqlite
