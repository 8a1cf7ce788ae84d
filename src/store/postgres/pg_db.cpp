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
    auto conn = db_.Live();
    if (!conn) return conn.error();
    std::vector<const char*> values;
    values.reserve(params_.size());
    for (const auto& p : params_) values.push_back(p ? p->c_str() : nullptr);
    result_.reset(db_.Run(*conn, sql_, static_cast<int>(values.size()), values.data()));
    db_.AfterCommand(*conn);
    const auto status = PQresultStatus(result_.get());
    if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) return {};
    Error e = ResultError(result_.get(), *conn);
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

Result<PgUrl> ParsePgUrl(const std::string& url) {
  PgUrl out;
  const auto question = url.find('?');
  out.libpq_url = url.substr(0, question);
  std::string query;
  bool has_connect_timeout = std::getenv("PGCONNECT_TIMEOUT") != nullptr;
  std::string_view rest = question == std::string::npos
                              ? std::string_view()
                              : std::string_view(url).substr(question + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view param = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (param.empty()) continue;
    const std::string_view key = param.substr(0, param.find('='));
    if (key == "baro_pool_size") {
      auto n = sql::ParsePoolSize(key.size() < param.size() ? param.substr(key.size() + 1)
                                                            : std::string_view());
      if (!n) return n.error();
      out.options.pool_size = *n;
      continue;
    }
    if (key == "connect_timeout") has_connect_timeout = true;
    query += query.empty() ? "" : "&";
    query += param;
  }
  if (!has_connect_timeout) {
    query += query.empty() ? "" : "&";
    query += "connect_timeout=" + std::to_string(out.options.connect_timeout_s);
  }
  if (!query.empty()) out.libpq_url += "?" + query;
  return out;
}

namespace {

PGconn* Connect(const std::string& conninfo) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  // Quiet notices (e.g. "relation already exists, skipping") instead of printing them.
  if (conn != nullptr)
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);
  return conn;
}

Error Unreachable(PGconn* conn) {
  // libpq's message names the host and the reason; it does not repeat the password.
  std::string reason = conn != nullptr ? PQerrorMessage(conn) : "out of memory";
  while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) reason.pop_back();
  return MakeError(ErrorCode::kUnavailable, "cannot connect to PostgreSQL: " + reason);
}

}  // namespace

PgDatabase::PgDatabase(std::string conninfo, PgOptions options)
    : conninfo_(std::move(conninfo)),
      options_(options),
      // Connected on first use, outside the pool's mutex (Live).
      pool_(
          static_cast<std::size_t>(options.pool_size), [] { return std::make_unique<Session>(); },
          &PgDatabase::Tidy) {}

Result<std::unique_ptr<PgDatabase>> PgDatabase::Open(const std::string& url) {
  auto parsed = ParsePgUrl(url);
  if (!parsed) return parsed.error();
  auto db =
      std::unique_ptr<PgDatabase>(new PgDatabase(std::move(parsed->libpq_url), parsed->options));
  auto first = std::make_unique<Session>();
  first->conn = Connect(db->conninfo_);
  if (first->conn == nullptr || PQstatus(first->conn) != CONNECTION_OK) {
    Error e = Unreachable(first->conn);
    if (first->conn != nullptr) PQfinish(first->conn);
    return e;
  }
  db->pool_.Add(std::move(first));
  return db;
}

PgDatabase::~PgDatabase() {
  pool_.ForEach([](Session& s) {
    if (s.conn != nullptr) PQfinish(s.conn);
  });
}

void PgDatabase::Tidy(Session& s) {
  if (s.conn == nullptr || PQstatus(s.conn) != CONNECTION_OK) {
    s.in_transaction = false;  // the server ended it with the connection
    return;
  }
  if (PQtransactionStatus(s.conn) != PQTRANS_IDLE) {
    ResultPtr r(PQexec(s.conn, "ROLLBACK"));
  }
  s.in_transaction = false;
}

std::int64_t PgDatabase::Changes() const {
  Session* s = Current();
  return s != nullptr ? s->changes : 0;
}

void PgDatabase::SetChanges(std::int64_t n) {
  if (Session* s = Current()) s->changes = n;
}

std::size_t PgDatabase::SessionCount() {
  return pool_.size();
}

Result<PGconn*> PgDatabase::Live() {
  Session* s = Current();
  if (s == nullptr) {
    return MakeError(ErrorCode::kInternal, "SQL statement outside the database's session lock");
  }
  if (s->conn != nullptr && PQstatus(s->conn) == CONNECTION_OK) return s->conn;
  if (s->in_transaction) {
    // Reconnecting would run the rest of the transaction outside it, one statement at a time.
    return MakeError(ErrorCode::kUnavailable,
                     "PostgreSQL connection lost inside a transaction; it was rolled back");
  }
  if (s->conn == nullptr) {
    s->conn = Connect(conninfo_);
  } else {
    PQreset(s->conn);
  }
  if (s->conn == nullptr || PQstatus(s->conn) != CONNECTION_OK) return Unreachable(s->conn);
  return s->conn;
}

void PgDatabase::AfterCommand(PGconn* conn) {
  Session* s = Current();
  if (s == nullptr) return;
  // Unknown once the connection is gone: the session keeps what it knew, so a transaction that
  // was open stays open (and failing) until it is ended.
  const auto ts = PQtransactionStatus(conn);
  if (ts != PQTRANS_UNKNOWN) s->in_transaction = ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR;
}

PGresult* PgDatabase::Run(PGconn* conn, const std::string& sql, int count,
                          const char* const* values) {
  auto unprepared = [&] {
    return PQexecParams(conn, sql.c_str(), count, nullptr, values, nullptr, nullptr, 0);
  };
  Session* s = Current();
  if (s == nullptr) return unprepared();
  if (const int backend = PQbackendPID(conn); backend != s->prepared_on) {
    s->prepared.clear();
    s->prepared_on = backend;
  }
  auto it = s->prepared.find(sql);
  if (it == s->prepared.end()) {
    if (s->prepared.size() >= kMaxPrepared) return unprepared();
    std::string name = "baro_" + std::to_string(++s->next_name);
    ResultPtr made(PQprepare(conn, name.c_str(), sql.c_str(), count, nullptr));
    // A statement that does not prepare fails as it would have run: its error is the answer.
    if (PQresultStatus(made.get()) != PGRES_COMMAND_OK) return made.release();
    it = s->prepared.emplace(sql, std::move(name)).first;
  }
  PGresult* r = PQexecPrepared(conn, it->second.c_str(), count, values, nullptr, nullptr, 0);
  const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
  // The statement is gone from the server (26000), or its plan no longer fits a changed table
  // (0A000, "cached plan must not change result type"): forget it; outside a transaction, which
  // the error has not aborted, run it unprepared at once.
  if (state != nullptr &&
      (std::string_view(state) == "26000" || std::string_view(state) == "0A000")) {
    s->prepared.erase(it);
    if (PQtransactionStatus(conn) == PQTRANS_IDLE) {
      PQclear(r);
      return unprepared();
    }
  }
  return r;
}

std::unique_ptr<sql::StatementImpl> PgDatabase::Prepare(std::string_view sql) {
  return std::make_unique<PgStatement>(*this, sql);
}

Status PgDatabase::Exec(std::string_view sql) {
  std::lock_guard lock(mutex());
  auto conn = Live();
  if (!conn) {
    // Ending a transaction whose connection was lost: the server already rolled it back.
    if (sql == "COMMIT" || sql == "ROLLBACK") {
      if (Session* s = Current()) s->in_transaction = false;
    }
    return conn.error();
  }
  ResultPtr r(PQexec(*conn, std::string(sql).c_str()));
  AfterCommand(*conn);
  const auto status = PQresultStatus(r.get());
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return {};
  return ResultError(r.get(), *conn);
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
