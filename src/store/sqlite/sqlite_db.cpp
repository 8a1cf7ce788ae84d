#include "store/sqlite/sqlite_db.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/sql/repositories.h"

namespace baro::store::sqlite {
namespace {

class SqliteStatement final : public sql::StatementImpl {
 public:
  SqliteStatement(sqlite3* db, StatementCache& cache, std::string_view sql)
      : db_(db), cache_(cache), sql_(sql), stmt_(cache.Take(db, sql)) {}
  ~SqliteStatement() override { cache_.Give(std::move(sql_), stmt_); }

  void BindInt(int index, std::int64_t v) override {
    if (stmt_) sqlite3_bind_int64(stmt_, index, v);
  }
  void BindDouble(int index, double v) override {
    if (stmt_) sqlite3_bind_double(stmt_, index, v);
  }
  void BindText(int index, std::string_view v) override {
    if (stmt_) {
      sqlite3_bind_text(stmt_, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    }
  }
  void BindNull(int index) override {
    if (stmt_) sqlite3_bind_null(stmt_, index);
  }

  Result<bool> Step() override {
    if (stmt_ == nullptr) {
      return MakeError(ErrorCode::kInternal,
                       std::string("SQL prepare failed: ") + sqlite3_errmsg(db_));
    }
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) {
      changes_ = sqlite3_changes(db_);
      return false;
    }
    if (rc == SQLITE_CONSTRAINT || sqlite3_extended_errcode(db_) == SQLITE_CONSTRAINT_UNIQUE) {
      return MakeError(ErrorCode::kConflict, std::string("constraint: ") + sqlite3_errmsg(db_));
    }
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
      return MakeError(ErrorCode::kUnavailable,
                       std::string("database busy: ") + sqlite3_errmsg(db_));
    }
    return MakeError(ErrorCode::kInternal, std::string("SQL failed: ") + sqlite3_errmsg(db_));
  }

  std::int64_t Int(int col) const override { return sqlite3_column_int64(stmt_, col); }
  double Double(int col) const override { return sqlite3_column_double(stmt_, col); }
  std::string Text(int col) const override {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p == nullptr ? std::string()
                        : std::string(reinterpret_cast<const char*>(p),
                                      static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
  }
  bool IsNull(int col) const override { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::int64_t Changes() const override { return changes_; }

 private:
  sqlite3* db_;
  StatementCache& cache_;
  std::string sql_;
  sqlite3_stmt* stmt_ = nullptr;
  std::int64_t changes_ = 0;
};

}  // namespace

sqlite3_stmt* StatementCache::Take(sqlite3* db, std::string_view sql) {
  {
    std::lock_guard lock(mu_);
    if (auto it = idle_.find(std::string(sql)); it != idle_.end()) {
      sqlite3_stmt* stmt = it->second;
      idle_.erase(it);
      return stmt;
    }
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) !=
      SQLITE_OK) {
    sqlite3_finalize(stmt);
    return nullptr;
  }
  return stmt;
}

void StatementCache::Give(std::string sql, sqlite3_stmt* stmt) {
  if (stmt == nullptr) return;
  // Ready for the next use, holding none of this use's values.
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  {
    std::lock_guard lock(mu_);
    if (idle_.size() < kMaxIdle) {
      idle_.emplace(std::move(sql), stmt);
      return;
    }
  }
  sqlite3_finalize(stmt);
}

void StatementCache::Clear() {
  std::lock_guard lock(mu_);
  for (auto& [sql, stmt] : idle_) sqlite3_finalize(stmt);
  idle_.clear();
}

std::size_t StatementCache::idle() const {
  std::lock_guard lock(mu_);
  return idle_.size();
}

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(const std::string& path) {
  // Create the file owner-only before SQLite opens it (the WAL and SHM files follow its mode).
  if (path != ":memory:") {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return MakeError(ErrorCode::kUnavailable, "cannot open database file " + path);
    ::close(fd);
  }
  auto db = std::unique_ptr<SqliteDatabase>(new SqliteDatabase());
  int rc =
      sqlite3_open_v2(path.c_str(), &db->db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) return MakeError(ErrorCode::kUnavailable, "cannot open database " + path);
  sqlite3_busy_timeout(db->db_, 5000);
  auto st = db->Exec(
      "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; "
      "PRAGMA secure_delete=ON;");
  if (!st) return st.error();
  return db;
}

SqliteDatabase::~SqliteDatabase() {
  cache_.Clear();
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

std::unique_ptr<sql::StatementImpl> SqliteDatabase::Prepare(std::string_view sql) {
  return std::make_unique<SqliteStatement>(db_, cache_, sql);
}

// Copies the log's pages into the database file (where secure_delete has zeroed what deleted rows
// held) and truncates the log to zero bytes, so no older page image of a deleted row survives in
// baro.db-wal (https://www.sqlite.org/c3ref/wal_checkpoint_v2.html). A reader still holding an
// older snapshot makes it answer false; the next scrub finishes the job.
Result<bool> SqliteDatabase::ScrubDeleted() {
  std::lock_guard lock(mutex());
  int log_frames = 0, checkpointed = 0;
  const int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, &log_frames,
                                           &checkpointed);
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) return false;
  if (rc != SQLITE_OK) {
    return MakeError(ErrorCode::kUnavailable,
                     std::string("WAL checkpoint failed: ") + sqlite3_errmsg(db_));
  }
  return true;
}

Status SqliteDatabase::Exec(std::string_view sql) {
  std::lock_guard lock(mutex());
  if (sql.find(';') == std::string_view::npos) {
    // One statement (BEGIN IMMEDIATE, COMMIT, ROLLBACK, ...): through the statement cache.
    SqliteStatement one(db_, cache_, sql);
    for (;;) {
      auto row = one.Step();
      if (!row) return MakeError(ErrorCode::kInternal, row.error().message);
      if (!*row) return {};
    }
  }
  char* err = nullptr;
  std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string message = err ? err : "unknown error";
    sqlite3_free(err);
    return MakeError(ErrorCode::kInternal, "SQL failed: " + message);
  }
  return {};
}

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  auto db = SqliteDatabase::Open(path);
  if (!db) return db.error();
  return sql::MakeStore(std::move(*db));
}

}  // namespace baro::store::sqlite
