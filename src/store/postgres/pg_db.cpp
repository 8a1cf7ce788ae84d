#include "store/postgres/pg_db.h"

#include <cstdlib>
#include <optional>
#include <vector>

#include "store/sql/repositories.h"

namespace baro::store::postgres {
namespace {

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

class PgStatement final : public sql::StatementImpl {
 public:
  PgStatement(PgDatabase& db, std::string_view sql) : db_(db), sql_(NumberPlaceholders(sql)) {}

  void BindInt(int index, std::int64_t v) override { Set(index, std::to_string(v)); }
  void BindDouble(int index, double v) override {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    Set(index, buf);
  }
  void BindText(int index, std::string_view v) override { Set(index, std::string(v)); }
  void BindNull(int index) override {
    if (index >= 1) Slot(index).reset();
  }

  Result<bool> Step() override {
    if (!result_) {
      if (auto st = Execute(); !st) return st.error();
      row_ = -1;
    }
    ++row_;
    return row_ < PQntuples(result_.get());
  }

  std::int64_t Int(int col) const override {
    return std::strtoll(PQgetvalue(result_.get(), row_, col), nullptr, 10);
  }
  double Double(int col) const override {
    return std::strtod(PQgetvalue(result_.get(), row_, col), nullptr);
  }
  std::string Text(int col) const override {
    return std::string(PQgetvalue(result_.get(), row_, col),
                       static_cast<std::size_t>(PQgetlength(result_.get(), row_, col)));
  }
  bool IsNull(int col) const override { return PQgetisnull(result_.get(), row_, col) != 0; }
  std::int64_t Changes() const override {
    if (!result_) return 0;
    const char* n = PQcmdTuples(result_.get());
    return n == nullptr || *n == '\0' ? 0 : std::strtoll(n, nullptr, 10);
  }

 private:
  std::optional<std::string>& Slot(int index) {
    if (params_.size() < static_cast<std::size_t>(index)) params_.resize(index);
    return params_[static_cast<std::size_t>(index - 1)];
  }
  void Set(int index, std::string value) {
    if (index >= 1) Slot(index) = std::move(value);
  }

  Status Execute() {
    PGconn* conn = db_.Live();
    if (conn == nullptr) return MakeError(ErrorCode::kUnavailable, "PostgreSQL is unreachable");
    std::vector<const char*> values;
    values.reserve(params_.size());
    for (const auto& p : params_) values.push_back(p ? p->c_str() : nullptr);
    result_.reset(PQexecParams(conn, sql_.c_str(), static_cast<int>(values.size()), nullptr,
                               values.data(), nullptr, nullptr, 0));
    const auto status = PQresultStatus(result_.get());
    if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) return {};
    Error e = ResultError(result_.get(), conn);
    result_.reset();
    return e;
  }

  PgDatabase& db_;
  std::string sql_;
  std::vector<std::optional<std::string>> params_;
  ResultPtr result_;
  int row_ = -1;
};

}  // namespace

std::string NumberPlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  bool quoted = false;
  for (char c : sql) {
    if (c == '\'') quoted = !quoted;
    if (c == '?' && !quoted) {
      out += "$" + std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

Error ResultError(const PGresult* result, PGconn* conn) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string code = state ? state : "";
  const char* text = result ? PQresultErrorMessage(result) : PQerrorMessage(conn);
  std::string message = text ? text : "unknown error";
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  if (code.rfind("23", 0) == 0) return MakeError(ErrorCode::kConflict, "constraint: " + message);
  if (code.empty() || code.rfind("08", 0) == 0 || code == "40001" || code == "40P01" ||
      code.rfind("57P", 0) == 0) {
    return MakeError(ErrorCode::kUnavailable, "PostgreSQL unavailable: " + message);
  }
  return MakeError(ErrorCode::kInternal, "SQL failed (" + code + "): " + message);
}

Result<std::unique_ptr<PgDatabase>> PgDatabase::Open(const std::string& url) {
  auto db = std::unique_ptr<PgDatabase>(new PgDatabase());
  db->conn_ = PQconnectdb(url.c_str());
  if (db->conn_ == nullptr || PQstatus(db->conn_) != CONNECTION_OK) {
    // libpq's message names the host and the reason; it does not repeat the password.
    std::string reason = db->conn_ ? PQerrorMessage(db->conn_) : "out of memory";
    while (!reason.empty() && reason.back() == '\n') reason.pop_back();
    return MakeError(ErrorCode::kUnavailable, "cannot connect to PostgreSQL: " + reason);
  }
  // Quiet notices (e.g. "relation already exists, skipping") instead of printing them.
  PQsetNoticeProcessor(
      db->conn_, [](void*, const char*) {}, nullptr);
  return db;
}

PgDatabase::~PgDatabase() {
  if (conn_ != nullptr) PQfinish(conn_);
}

PGconn* PgDatabase::Live() {
  if (conn_ == nullptr) return nullptr;
  if (PQstatus(conn_) != CONNECTION_OK) {
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) return nullptr;
  }
  return conn_;
}

std::unique_ptr<sql::StatementImpl> PgDatabase::Prepare(std::string_view sql) {
  return std::make_unique<PgStatement>(*this, sql);
}

Status PgDatabase::Exec(std::string_view sql) {
  std::lock_guard lock(mutex());
  PGconn* conn = Live();
  if (conn == nullptr) return MakeError(ErrorCode::kUnavailable, "PostgreSQL is unreachable");
  ResultPtr r(PQexec(conn, std::string(sql).c_str()));
  const auto status = PQresultStatus(r.get());
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return {};
  return ResultError(r.get(), conn);
}

Result<std::int64_t> PgDatabase::LastInsertId() {
  sql::Statement q(*this, "SELECT lastval()");
  auto row = q.Step();
  if (!row) return row.error();
  if (!*row) return MakeError(ErrorCode::kInternal, "no generated id");
  return q.Int(0);
}

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url) {
  auto db = PgDatabase::Open(url);
  if (!db) return db.error();
  return sql::MakeStore(std::move(*db));
}

}  // namespace baro::store::postgres
