#include "store/sqlite/sqlite_db.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/sql/repositories.h"

namespace baro::store::sqlite {
namespace {

class SqliteStatement final : public sql::StatementImpl {
 public:
  SqliteStatement(sqlite3* db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
        SQLITE_OK) {
      stmt_ = nullptr;
    }
  }
  ~SqliteStatement() override {
    if (stmt_ != nullptr) sqlite3_finalize(stmt_);
  }

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
  sqlite3_stmt* stmt_ = nullptr;
  std::int64_t changes_ = 0;
};

}  // namespace

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
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

std::unique_ptr<sql::StatementImpl> SqliteDatabase::Prepare(std::string_view sql) {
  return std::make_unique<SqliteStatement>(db_, sql);
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
