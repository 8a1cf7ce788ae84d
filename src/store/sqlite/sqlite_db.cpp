#include "store/sqlite/sqlite_db.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cassert>

#include "store/sql/repositories.h"

namespace baro::store::sqlite {
namespace {

class SqliteStatement final : public sql::StatementImpl {
 public:
  SqliteStatement(SqliteDatabase& db, std::string_view sql)
      : db_(db),
        hold_(db.mutex()),
        session_(db.Current()),
        sql_(sql),
        stmt_(session_.cache.Take(session_.db, sql)) {}
  ~SqliteStatement() override {
    session_.cache.Give(std::move(sql_), stmt_);
    LetGoOfWriter();
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
                       std::string("SQL prepare failed: ") + sqlite3_errmsg(session_.db));
    }
    // A write outside a transaction holds the write lock until its last step.
    if (!session_.holds_writer && !sqlite3_stmt_readonly(stmt_)) {
      // Its session must not be in the middle of another statement's rows: that read's snapshot
      // would be older than another session's commit, and SQLite refuses such a write at once
      // (SQLITE_BUSY_SNAPSHOT, https://www.sqlite.org/rescode.html#busy_snapshot). Write in a
      // transaction instead, which takes the write lock before it reads.
      assert(!OtherStatementBusy() && "a write outside a transaction while a read is open");
      db_.TakeWriter(session_);
      owns_writer_ = true;
    }
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    LetGoOfWriter();
    sqlite3* db = session_.db;
    if (rc == SQLITE_DONE) {
      changes_ = sqlite3_changes(db);
      return false;
    }
    if (rc == SQLITE_CONSTRAINT || sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_UNIQUE) {
      return MakeError(ErrorCode::kConflict, std::string("constraint: ") + sqlite3_errmsg(db));
    }
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
      return MakeError(ErrorCode::kUnavailable,
                       std::string("database busy: ") + sqlite3_errmsg(db));
    }
    return MakeError(ErrorCode::kInternal, std::string("SQL failed: ") + sqlite3_errmsg(db));
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
  bool OtherStatementBusy() const {
    for (sqlite3_stmt* p = sqlite3_next_stmt(session_.db, nullptr); p != nullptr;
         p = sqlite3_next_stmt(session_.db, p)) {
      if (p != stmt_ && sqlite3_stmt_busy(p) != 0) return true;
    }
    return false;
  }

  void LetGoOfWriter() {
    if (!owns_writer_) return;
    owns_writer_ = false;
    // Inside a transaction the statement began (none of Baro's do), the lock stays until it ends.
    if (sqlite3_get_autocommit(session_.db) != 0) db_.ReleaseWriter(session_);
  }

  SqliteDatabase& db_;
  std::unique_lock<sql::SessionLock> hold_;  // first in, last out: the session outlives the rest
  SqliteSession& session_;
  std::string sql_;
  sqlite3_stmt* stmt_ = nullptr;
  std::int64_t changes_ = 0;
  bool owns_writer_ = false;
};

// Every session's connection: WAL (readers beside one writer), foreign keys, secure_delete.
Result<sqlite3*> Connect(const std::string& path) {
  sqlite3* db = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_close_v2(db);
    return MakeError(ErrorCode::kUnavailable, "cannot open database " + path);
  }
  sqlite3_busy_timeout(db, 5000);
  char* err = nullptr;
  if (sqlite3_exec(db,
                   "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; "
                   "PRAGMA secure_delete=ON;",
                   nullptr, nullptr, &err) != SQLITE_OK) {
    std::string message = err ? err : "unknown error";
    sqlite3_free(err);
    sqlite3_close_v2(db);
    return MakeError(ErrorCode::kUnavailable, "cannot set up database " + path + ": " + message);
  }
  return db;
}

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

SqliteSession::~SqliteSession() {
  cache.Clear();
  if (db != nullptr) sqlite3_close_v2(db);
}

SqliteDatabase::SqliteDatabase(std::size_t sessions)
    : pool_(sessions, nullptr, [this](SqliteSession& s) { Tidy(s); }) {}

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(const std::string& path,
                                                             int sessions) {
  if (sessions < 1 || sessions > 1000) {
    return MakeError(ErrorCode::kInvalidInput, "SQLite sessions must be from 1 to 1000");
  }
  if (path == ":memory:") sessions = 1;
  // Create the file owner-only before SQLite opens it (the WAL and SHM files follow its mode).
  if (path != ":memory:") {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return MakeError(ErrorCode::kUnavailable, "cannot open database file " + path);
    ::close(fd);
  }
  auto db = std::unique_ptr<SqliteDatabase>(new SqliteDatabase(static_cast<std::size_t>(sessions)));
  for (int i = 0; i < sessions; ++i) {
    auto conn = Connect(path);
    if (!conn) return conn.error();
    auto session = std::make_unique<SqliteSession>();
    session->db = *conn;
    db->pool_.Add(std::move(session));
  }
  return db;
}

SqliteDatabase::~SqliteDatabase() = default;

SqliteSession& SqliteDatabase::Current() const {
  SqliteSession* s = pool_.Current();
  assert(s != nullptr && "a statement runs while its thread holds the database's lock");
  return *s;
}

void SqliteDatabase::TakeWriter(SqliteSession& s) {
  writer_.lock();
  s.holds_writer = true;
}

void SqliteDatabase::ReleaseWriter(SqliteSession& s) {
  s.holds_writer = false;
  writer_.unlock();
}

void SqliteDatabase::Tidy(SqliteSession& s) {
  if (sqlite3_get_autocommit(s.db) == 0)
    (void)sqlite3_exec(s.db, "ROLLBACK", nullptr, nullptr, nullptr);
  if (s.holds_writer) ReleaseWriter(s);
}

std::int64_t SqliteDatabase::Changes() const {
  SqliteSession* s = pool_.Current();
  return s != nullptr ? s->changes : 0;
}

void SqliteDatabase::SetChanges(std::int64_t n) {
  if (SqliteSession* s = pool_.Current()) s->changes = n;
}

Result<std::int64_t> SqliteDatabase::LastInsertId() {
  std::lock_guard lock(mutex());
  return sqlite3_last_insert_rowid(Current().db);
}

std::size_t SqliteDatabase::cached_statements() const {
  std::size_t n = 0;
  pool_.ForEach([&](const SqliteSession& s) { n += s.cache.idle(); });
  return n;
}

std::unique_ptr<sql::StatementImpl> SqliteDatabase::Prepare(std::string_view sql) {
  return std::make_unique<SqliteStatement>(*this, sql);
}

// Copies the log's pages into the database file (where secure_delete has zeroed what deleted rows
// held) and truncates the log to zero bytes, so no older page image of a deleted row survives in
// baro.db-wal (https://www.sqlite.org/c3ref/wal_checkpoint_v2.html). A reader still holding an
// older snapshot makes it answer false; the next scrub finishes the job.
Result<bool> SqliteDatabase::ScrubDeleted() {
  std::lock_guard lock(mutex());
  SqliteSession& s = Current();
  const bool took = !s.holds_writer;
  if (took) TakeWriter(s);
  int log_frames = 0, checkpointed = 0;
  const int rc = sqlite3_wal_checkpoint_v2(s.db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, &log_frames,
                                           &checkpointed);
  if (took) ReleaseWriter(s);
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) return false;
  if (rc != SQLITE_OK) {
    return MakeError(ErrorCode::kUnavailable,
                     std::string("WAL checkpoint failed: ") + sqlite3_errmsg(s.db));
  }
  return true;
}

// Transaction control, DDL and pragmas: they hold the write lock while they run, and keep it when
// they leave a transaction open (BEGIN IMMEDIATE) until the statement that ends it.
Status SqliteDatabase::Exec(std::string_view sql) {
  std::lock_guard lock(mutex());
  SqliteSession& s = Current();
  if (!s.holds_writer) TakeWriter(s);
  auto run = [&]() -> Status {
    if (sql.find(';') == std::string_view::npos) {
      // One statement (BEGIN IMMEDIATE, COMMIT, ROLLBACK, ...): through the statement cache.
      SqliteStatement one(*this, sql);
      for (;;) {
        auto row = one.Step();
        if (!row) return MakeError(ErrorCode::kInternal, row.error().message);
        if (!*row) return {};
      }
    }
    char* err = nullptr;
    std::string text(sql);
    if (sqlite3_exec(s.db, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string message = err ? err : "unknown error";
      sqlite3_free(err);
      return MakeError(ErrorCode::kInternal, "SQL failed: " + message);
    }
    return {};
  };
  Status st = run();
  if (s.holds_writer && sqlite3_get_autocommit(s.db) != 0) ReleaseWriter(s);
  return st;
}

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& url_path) {
  constexpr int kDefaultSessions = 1;
  constexpr std::string_view kPoolSize = "baro_pool_size=";
  const auto question = url_path.find('?');
  const std::string path = url_path.substr(0, question);
  int sessions = kDefaultSessions;
  if (question != std::string::npos) {
    const std::string_view query = std::string_view(url_path).substr(question + 1);
    if (query.rfind(kPoolSize, 0) != 0) {
      return MakeError(ErrorCode::kInvalidInput,
                       "database.url: a sqlite:// URL takes only baro_pool_size=N after '?'");
    }
    auto n = sql::ParsePoolSize(query.substr(kPoolSize.size()));
    if (!n) return n.error();
    sessions = *n;
  }
  auto db = SqliteDatabase::Open(path, sessions);
  if (!db) return db.error();
  return sql::MakeStore(std::move(*db));
}

}  // namespace baro::store::sqlite
