#include "store/sqlite/sqlite_db.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace baro::store::sqlite {

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
      SQLITE_OK) {
    stmt_ = nullptr;
  }
}

Statement::~Statement() {
  if (stmt_ != nullptr) sqlite3_finalize(stmt_);
}

Statement& Statement::Bind(int index, std::int64_t v) {
  if (stmt_) sqlite3_bind_int64(stmt_, index, v);
  return *this;
}
Statement& Statement::Bind(int index, double v) {
  if (stmt_) sqlite3_bind_double(stmt_, index, v);
  return *this;
}
Statement& Statement::Bind(int index, std::string_view v) {
  if (stmt_)
    sqlite3_bind_text(stmt_, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::BindNull(int index) {
  if (stmt_) sqlite3_bind_null(stmt_, index);
  return *this;
}

Result<bool> Statement::Step() {
  if (stmt_ == nullptr) {
    return MakeError(ErrorCode::kInternal,
                     std::string("SQL prepare failed: ") + sqlite3_errmsg(db_));
  }
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  if (rc == SQLITE_CONSTRAINT || sqlite3_extended_errcode(db_) == SQLITE_CONSTRAINT_UNIQUE) {
    return MakeError(ErrorCode::kConflict, std::string("constraint: ") + sqlite3_errmsg(db_));
  }
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
    return MakeError(ErrorCode::kUnavailable, std::string("database busy: ") + sqlite3_errmsg(db_));
  }
  return MakeError(ErrorCode::kInternal, std::string("SQL failed: ") + sqlite3_errmsg(db_));
}

Status Statement::Run() {
  for (;;) {
    auto r = Step();
    if (!r) return r.error();
    if (!*r) return {};
  }
}

std::string Statement::Text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  return p == nullptr ? std::string()
                      : std::string(reinterpret_cast<const char*>(p),
                                    static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& path) {
  // Create the file owner-only before SQLite opens it (the WAL and SHM files follow its mode).
  if (path != ":memory:") {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return MakeError(ErrorCode::kUnavailable, "cannot open database file " + path);
    ::close(fd);
  }
  auto db = std::unique_ptr<Database>(new Database());
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

Database::~Database() {
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

Status Database::Exec(std::string_view sql) {
  std::lock_guard lock(mu_);
  char* err = nullptr;
  std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string message = err ? err : "unknown error";
    sqlite3_free(err);
    return MakeError(ErrorCode::kInternal, "SQL failed: " + message);
  }
  return {};
}

Error Database::LastError(std::string_view what) {
  return MakeError(ErrorCode::kInternal, std::string(what) + ": " + sqlite3_errmsg(db_));
}

Transaction::Transaction(Database& db) : db_(db), lock_(db.mutex()) {
  begin_ = db_.Exec("BEGIN IMMEDIATE");
  done_ = !begin_.ok();
}

Transaction::~Transaction() {
  if (!done_) (void)db_.Exec("ROLLBACK");
}

Status Transaction::Commit() {
  done_ = true;
  auto st = db_.Exec("COMMIT");
  if (!st) (void)db_.Exec("ROLLBACK");
  return st;
}

}  // namespace baro::store::sqlite
