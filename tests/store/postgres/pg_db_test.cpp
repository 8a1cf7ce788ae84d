// The PostgreSQL back-end's own behaviour, against a real server started by the test: Baro's URL
// parameters, a session per thread from a bounded pool, and a transaction whose connection is lost.
#include "store/postgres/pg_db.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <future>
#include <set>
#include <thread>

#include "support/postgres_server.h"

namespace baro::store::postgres {
namespace {

bool PostgresRequired() {
  const char* v = std::getenv("BARO_REQUIRE_POSTGRES");
  return v != nullptr && std::string_view(v) == "1";
}

TEST(PgUrl, BaroParametersAreTakenOutAndATimeoutAdded) {
  ::unsetenv("PGCONNECT_TIMEOUT");
  auto plain = ParsePgUrl("postgresql://baro@db.internal:5432/baro");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->options.pool_size, PgOptions().pool_size);
  EXPECT_EQ(plain->libpq_url, "postgresql://baro@db.internal:5432/baro?connect_timeout=" +
                                  std::to_string(PgOptions().connect_timeout_s));

  auto tuned =
      ParsePgUrl("postgres://db.internal/baro?sslmode=require&baro_pool_size=12&connect_timeout=3");
  ASSERT_TRUE(tuned.ok());
  EXPECT_EQ(tuned->options.pool_size, 12);
  EXPECT_EQ(tuned->libpq_url, "postgres://db.internal/baro?sslmode=require&connect_timeout=3");

  for (const char* bad : {"postgresql:///b?baro_pool_size=0", "postgresql:///b?baro_pool_size=x",
                          "postgresql:///b?baro_pool_size=", "postgresql:///b?baro_pool_size=4k",
                          "postgresql:///b?baro_pool_size=1001"}) {
    auto r = ParsePgUrl(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  }
}

TEST(PgUrl, TheEnvironmentsTimeoutIsLeftToLibpq) {
  ::setenv("PGCONNECT_TIMEOUT", "2", 1);
  auto r = ParsePgUrl("postgresql:///baro?host=/run/postgresql");
  ::unsetenv("PGCONNECT_TIMEOUT");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->libpq_url, "postgresql:///baro?host=/run/postgresql");
}

class PgDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& server = testing::PostgresServer::Shared();
    if (!server.ok()) {
      if (PostgresRequired()) FAIL() << server.why_not();
      GTEST_SKIP() << server.why_not();
    }
    url_ = server.NewDatabase();
  }
  std::unique_ptr<PgDatabase> Open(const std::string& extra = "") {
    auto db = PgDatabase::Open(url_ + extra);
    EXPECT_TRUE(db.ok()) << db.error().message;
    return db.ok() ? std::move(*db) : nullptr;
  }
  static std::int64_t BackendPid(PgDatabase& db) {
    std::lock_guard lock(db.mutex());
    sql::Statement q(db, "SELECT pg_backend_pid()");
    auto row = q.Step();
    EXPECT_TRUE(row.ok() && *row);
    return row.ok() && *row ? q.Int(0) : -1;
  }
  std::string url_;
};

// While one thread holds its session (inside a transaction), another thread of the same process
// gets a session of its own instead of waiting.
TEST_F(PgDbTest, EachHoldingThreadHasASessionOfItsOwn) {
  auto db = Open("&baro_pool_size=2");
  ASSERT_NE(db, nullptr);
  std::int64_t holder_pid = 0;
  std::future<std::int64_t> other;
  {
    sql::Transaction tx(*db);
    ASSERT_TRUE(tx.status().ok());
    holder_pid = BackendPid(*db);  // the same session again: the lock is recursive
    other = std::async(std::launch::async, [&] { return BackendPid(*db); });
    // A single shared session would make the other thread wait for this transaction to end.
    ASSERT_EQ(other.wait_for(std::chrono::seconds(30)), std::future_status::ready)
        << "the second thread waited for the first one's session";
    ASSERT_TRUE(tx.Commit().ok());
  }
  const std::int64_t other_pid = other.get();
  EXPECT_GT(holder_pid, 0);
  EXPECT_GT(other_pid, 0);
  EXPECT_NE(holder_pid, other_pid);
  EXPECT_EQ(db->SessionCount(), 2u);
}

// However many threads use the database at once, no more sessions than the pool's size are opened,
// and every thread's work is done.
TEST_F(PgDbTest, ThePoolNeverOpensMoreThanItsSize) {
  auto db = Open("&baro_pool_size=2");
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->Exec("CREATE TABLE hits (thread BIGINT NOT NULL)").ok());
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        sql::Transaction tx(*db);
        ASSERT_TRUE(tx.status().ok()) << tx.status().error().message;
        sql::Statement q(*db, "INSERT INTO hits(thread) VALUES (?)");
        ASSERT_TRUE(q.Bind(1, t).Run().ok());
        EXPECT_EQ(db->Changes(), 1);
        ASSERT_TRUE(tx.Commit().ok());
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_LE(db->SessionCount(), 2u);
  std::lock_guard lock(db->mutex());
  sql::Statement count(*db, "SELECT COUNT(*) FROM hits");
  ASSERT_TRUE(*count.Step());
  EXPECT_EQ(count.Int(0), 80);
}

// A connection lost in the middle of a transaction fails the rest of it: the statements after the
// loss do not run, one by one, on a new connection, and nothing of the transaction is kept. The
// next use of the database reconnects.
TEST_F(PgDbTest, ALostConnectionFailsTheRestOfItsTransaction) {
  auto db = Open();
  auto killer = Open();
  ASSERT_NE(db, nullptr);
  ASSERT_NE(killer, nullptr);
  ASSERT_TRUE(db->Exec("CREATE TABLE items (n BIGINT NOT NULL)").ok());
  {
    sql::Transaction tx(*db);
    ASSERT_TRUE(tx.status().ok());
    sql::Statement first(*db, "INSERT INTO items(n) VALUES (?)");
    ASSERT_TRUE(first.Bind(1, 1).Run().ok());
    const std::int64_t pid = BackendPid(*db);
    {
      std::lock_guard lock(killer->mutex());
      sql::Statement kill(*killer, "SELECT pg_terminate_backend(?)");
      auto row = kill.Bind(1, pid).Step();
      ASSERT_TRUE(row.ok() && *row);
      EXPECT_EQ(kill.Text(0), "t");
    }
    sql::Statement second(*db, "INSERT INTO items(n) VALUES (?)");
    auto lost = second.Bind(1, 2).Run();
    ASSERT_FALSE(lost.ok());
    EXPECT_EQ(lost.error().code, ErrorCode::kUnavailable);
    sql::Statement third(*db, "INSERT INTO items(n) VALUES (?)");
    auto after = third.Bind(1, 3).Run();
    ASSERT_FALSE(after.ok()) << "a statement of the lost transaction ran on a new connection";
    EXPECT_EQ(after.error().code, ErrorCode::kUnavailable);
    EXPECT_FALSE(tx.Commit().ok());
  }
  std::lock_guard lock(db->mutex());
  sql::Statement count(*db, "SELECT COUNT(*) FROM items");
  auto row = count.Step();
  ASSERT_TRUE(row.ok()) << row.error().message;
  ASSERT_TRUE(*row);
  EXPECT_EQ(count.Int(0), 0);
}

// A session whose connection dropped while idle is re-established: the statement that finds the
// loss fails with kUnavailable (it may or may not have reached the server, so it is not repeated),
// the next one runs.
TEST_F(PgDbTest, AnIdleSessionReconnects) {
  auto db = Open();
  auto killer = Open();
  ASSERT_NE(db, nullptr);
  ASSERT_NE(killer, nullptr);
  const std::int64_t pid = BackendPid(*db);
  {
    std::lock_guard lock(killer->mutex());
    sql::Statement kill(*killer, "SELECT pg_terminate_backend(?)");
    ASSERT_TRUE(*kill.Bind(1, pid).Step());
  }
  std::lock_guard lock(db->mutex());
  sql::Statement probe(*db, "SELECT 1");
  auto first = probe.Step();
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.error().code, ErrorCode::kUnavailable);
  sql::Statement again(*db, "SELECT pg_backend_pid()");
  auto second = again.Step();
  ASSERT_TRUE(second.ok()) << second.error().message;
  ASSERT_TRUE(*second);
  EXPECT_NE(again.Int(0), pid);
}

// A statement run again on a session is parsed and planned once: the server lists it once among
// the session's prepared statements (pg_prepared_statements,
// https://www.postgresql.org/docs/15/view-pg-prepared-statements.html). A new server connection
// prepares it again, and a table changed under a prepared plan is read unprepared.
TEST_F(PgDbTest, ARepeatedStatementIsPreparedOncePerConnection) {
  auto db = Open("&baro_pool_size=1");
  auto killer = Open();
  ASSERT_NE(db, nullptr);
  ASSERT_NE(killer, nullptr);
  const std::string kPlusOne = "SELECT CAST(? AS BIGINT) + 1";
  auto plus_one = [&](std::int64_t v) -> std::int64_t {
    std::lock_guard lock(db->mutex());
    sql::Statement q(*db, kPlusOne);
    auto row = q.Bind(1, v).Step();
    return row.ok() && *row ? q.Int(0) : -1;
  };
  auto prepared_copies = [&] {
    std::lock_guard lock(db->mutex());
    sql::Statement q(*db, "SELECT COUNT(*) FROM pg_prepared_statements WHERE statement = ?");
    auto row = q.Bind(1, "SELECT CAST($1 AS BIGINT) + 1").Step();
    return row.ok() && *row ? q.Int(0) : -1;
  };
  EXPECT_EQ(plus_one(41), 42);
  EXPECT_EQ(plus_one(1), 2);
  EXPECT_EQ(prepared_copies(), 1);

  const std::int64_t pid = BackendPid(*db);
  {
    std::lock_guard lock(killer->mutex());
    sql::Statement kill(*killer, "SELECT pg_terminate_backend(?)");
    ASSERT_TRUE(*kill.Bind(1, pid).Step());
  }
  EXPECT_EQ(plus_one(5), -1) << "the lost connection fails the first statement";
  EXPECT_EQ(plus_one(5), 6) << "prepared again on the new connection";
  EXPECT_EQ(prepared_copies(), 1);

  ASSERT_TRUE(db->Exec("CREATE TABLE widened (a BIGINT); INSERT INTO widened VALUES (7)").ok());
  auto read_all = [&]() -> std::int64_t {
    std::lock_guard lock(db->mutex());
    sql::Statement q(*db, "SELECT * FROM widened");
    auto row = q.Step();
    return row.ok() && *row ? q.Int(0) : -1;
  };
  EXPECT_EQ(read_all(), 7);
  ASSERT_TRUE(db->Exec("ALTER TABLE widened ADD COLUMN b BIGINT").ok());
  EXPECT_EQ(read_all(), 7) << "a plan whose result no longer fits runs unprepared";
}

TEST_F(PgDbTest, ConstraintViolationsAreConflicts) {
  auto db = Open();
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->Exec("CREATE TABLE names (name TEXT PRIMARY KEY)").ok());
  std::lock_guard lock(db->mutex());
  sql::Statement a(*db, "INSERT INTO names(name) VALUES (?)");
  ASSERT_TRUE(a.Bind(1, "x").Run().ok());
  sql::Statement b(*db, "INSERT INTO names(name) VALUES (?)");
  auto dup = b.Bind(1, "x").Run();
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  // A value with quotes and a question mark travels as a parameter, not as SQL text.
  sql::Statement c(*db, "INSERT INTO names(name) VALUES (?)");
  ASSERT_TRUE(c.Bind(1, "it's ?; DROP TABLE names; --").Run().ok());
  sql::Statement read(*db, "SELECT name FROM names WHERE name <> 'x?'  ORDER BY name");
  auto rows = sql::ReadAll<std::string>(read, [](const sql::Statement& r) { return r.Text(0); });
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(*rows, (std::vector<std::string>{"it's ?; DROP TABLE names; --", "x"}));
}

}  // namespace
}  // namespace baro::store::postgres
