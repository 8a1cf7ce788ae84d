// The SQLite back-end's sessions (docs/storage.md, "Sessions in one process"): readers beside a
// writer, writers one at a time, per-session ids and counts, and the pool size from the URL.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/sql/sql_db.h"
#include "store/sqlite/sqlite_db.h"
#include "store/store.h"
#include "support/temp_dir.h"

namespace baro::store::sqlite {
namespace {

using namespace std::chrono_literals;

class SqliteSessionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = SqliteDatabase::Open(dir_.File("sessions.db"), 4);
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    ASSERT_TRUE(db_->Exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)").ok());
    ASSERT_TRUE(db_->Exec("CREATE TABLE counter (n INTEGER NOT NULL); "
                          "INSERT INTO counter VALUES (0);")
                    .ok());
  }
  std::int64_t Count() {
    sql::Statement q(*db_, "SELECT COUNT(*) FROM t");
    auto row = q.Step();
    return row.ok() && *row ? q.Int(0) : -1;
  }
  testing::TempDir dir_;
  std::unique_ptr<SqliteDatabase> db_;
};

TEST_F(SqliteSessionsTest, AReaderDoesNotWaitForAThreadInTheMiddleOfAWriteTransaction) {
  ASSERT_TRUE(sql::Statement(*db_, "INSERT INTO t(k, v) VALUES (1, 'committed')").Run().ok());
  std::lock_guard held(db_->mutex());
  sql::Transaction tx(*db_);
  ASSERT_TRUE(tx.status().ok());
  ASSERT_TRUE(sql::Statement(*db_, "INSERT INTO t(k, v) VALUES (2, 'pending')").Run().ok());

  // Another thread reads while this one still holds its session and the open transaction: with
  // one session for everyone it would wait until the commit below.
  auto reader = std::async(std::launch::async, [&] { return Count(); });
  ASSERT_EQ(reader.wait_for(30s), std::future_status::ready)
      << "the reader waited for the writer's session";
  EXPECT_EQ(reader.get(), 1) << "a reader sees only what is committed";
  ASSERT_TRUE(tx.Commit().ok());
  EXPECT_EQ(Count(), 2);
  EXPECT_GE(db_->sessions(), 2u);
}

TEST_F(SqliteSessionsTest, WritersFromManyThreadsQueueAndLoseNoUpdate) {
  constexpr int kThreads = 6, kEach = 150;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        // A read-modify-write in a transaction, and a write outside one.
        {
          std::lock_guard hold(db_->mutex());
          sql::Transaction tx(*db_);
          sql::Statement read(*db_, "SELECT n FROM counter");
          auto row = read.Step();
          if (!tx.status().ok() || !row.ok() || !*row) {
            ++failures;
            continue;
          }
          const std::int64_t n = read.Int(0);
          sql::Statement write(*db_, "UPDATE counter SET n = ?");
          if (!write.Bind(1, n + 1).Run().ok() || !tx.Commit().ok()) ++failures;
        }
        sql::Statement insert(*db_, "INSERT INTO t(k, v) VALUES (?, 'x')");
        if (!insert.Bind(1, t * kEach + i).Run().ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  sql::Statement q(*db_, "SELECT n FROM counter");
  ASSERT_TRUE(*q.Step());
  EXPECT_EQ(q.Int(0), kThreads * kEach);
  EXPECT_EQ(Count(), kThreads * kEach);
}

TEST_F(SqliteSessionsTest, InsertIdsAndChangedRowsBelongToTheThreadsOwnSession) {
  constexpr int kThreads = 4, kEach = 200;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        std::lock_guard hold(db_->mutex());
        const std::string mine = "thread" + std::to_string(t) + "-" + std::to_string(i);
        if (auto st = sql::Statement(*db_, "INSERT INTO t(v) VALUES (?)").Bind(1, mine).Run();
            !st.ok()) {
          ADD_FAILURE() << st.error().message;
          ++wrong;
          continue;
        }
        auto id = db_->LastInsertId();
        {
          sql::Statement back(*db_, "SELECT v FROM t WHERE k = ?");
          back.Bind(1, id.ok() ? *id : -1);
          auto row = back.Step();
          if (!row.ok() || !*row || back.Text(0) != mine) {
            ADD_FAILURE() << "row " << (id.ok() ? *id : -1) << " is not " << mine;
            ++wrong;
          }
        }  // its read ends before the write below
        // One row changed by this thread's update, whatever the others changed meanwhile.
        sql::Statement touch(*db_, "UPDATE t SET v = v WHERE k = ?");
        if (auto st = touch.Bind(1, id.ok() ? *id : -1).Run(); !st.ok() || db_->Changes() != 1) {
          ADD_FAILURE() << (st.ok() ? "changes " + std::to_string(db_->Changes())
                                    : st.error().message);
          ++wrong;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST(SqliteSessionsUrl, ThePoolSizeComesFromTheUrlAndAnInMemoryDatabaseHasOneSession) {
  testing::TempDir dir;
  auto three = SqliteDatabase::Open(dir.File("three.db"), 3);
  ASSERT_TRUE(three.ok());
  EXPECT_EQ((*three)->sessions(), 3u);
  auto memory = SqliteDatabase::Open(":memory:", 4);
  ASSERT_TRUE(memory.ok());
  EXPECT_EQ((*memory)->sessions(), 1u);

  EXPECT_TRUE(OpenStore("sqlite://" + dir.File("a.db") + "?baro_pool_size=2").ok());
  for (const char* bad :
       {"?baro_pool_size=0", "?baro_pool_size=1001", "?baro_pool_size=x", "?mode=ro"}) {
    auto store = OpenStore("sqlite://" + dir.File("b.db") + bad);
    ASSERT_FALSE(store.ok()) << bad;
    EXPECT_EQ(store.error().code, ErrorCode::kInvalidInput) << bad;
  }
}

// Store::HoldSession: a thread's calls in a row run on the one session it holds (with the default
// single connection, another thread's call waits until the hold ends), and a hold nests.
TEST(SqliteSessionHold, AnotherThreadsCallWaitsForTheHoldAndTheHoldersCallsRun) {
  testing::TempDir dir;
  auto opened = OpenStore("sqlite://" + dir.File("hold.db"));
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  Store& store = **opened;
  ASSERT_TRUE(store.Migrate().ok());
  auto user = store.users().Create("hold@example.com", "hash", 1);
  ASSERT_TRUE(user.ok()) << user.error().message;

  auto hold = store.HoldSession();
  {
    auto inner = store.HoldSession();  // nested on the same thread: no deadlock
    EXPECT_TRUE(store.users().Get(user->id).ok());
  }
  EXPECT_TRUE(store.users().Get(user->id).ok());
  std::atomic<bool> released{false};
  auto other = std::async(std::launch::async, [&] {
    auto got = store.users().Get(user->id);
    // It ran only after the hold below ended.
    return got.ok() && released.load();
  });
  EXPECT_EQ(other.wait_for(200ms), std::future_status::timeout)
      << "another thread's call ran while this thread held the only session";
  released = true;
  hold.unlock();
  ASSERT_EQ(other.wait_for(30s), std::future_status::ready);
  EXPECT_TRUE(other.get());
}

}  // namespace
}  // namespace baro::store::sqlite
