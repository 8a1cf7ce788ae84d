#include <gtest/gtest.h>

#include <string>

#include "store/sql/sql_db.h"
#include "store/sqlite/sqlite_db.h"
#include "support/temp_dir.h"

namespace baro::store::sqlite {
namespace {

class StatementCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = SqliteDatabase::Open(dir_.File("cache.db"));
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    ASSERT_TRUE(db_->Exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)").ok());
  }
  testing::TempDir dir_;
  std::unique_ptr<SqliteDatabase> db_;
};

TEST_F(StatementCacheTest, AStatementIsPreparedOnceAndReusedWithFreshBindings) {
  for (int i = 0; i < 100; ++i) {
    sql::Statement insert(*db_, "INSERT INTO t(k, v) VALUES (?, ?)");
    ASSERT_TRUE(insert.Bind(1, i).Bind(2, "v" + std::to_string(i)).Run().ok());
  }
  // One idle INSERT (and the CREATE) whatever the number of uses.
  EXPECT_LE(db_->cached_statements(), 2u);
  // A reused statement does not keep the previous use's values: an unbound parameter is NULL.
  {
    sql::Statement with_value(*db_, "SELECT v FROM t WHERE k = ?");
    with_value.Bind(1, 7);
    ASSERT_TRUE(*with_value.Step());
    EXPECT_EQ(with_value.Text(0), "v7");
  }  // back to the cache, in the middle of its rows
  sql::Statement unbound(*db_, "SELECT v FROM t WHERE k = ?");
  auto row = unbound.Step();
  ASSERT_TRUE(row.ok());
  EXPECT_FALSE(*row);
}

TEST_F(StatementCacheTest, StaysBoundedWhateverSqlIsBuilt) {
  for (int i = 0; i < 600; ++i) {
    sql::Statement q(*db_, "SELECT " + std::to_string(i));
    ASSERT_TRUE(*q.Step());
    EXPECT_EQ(q.Int(0), i);
  }
  EXPECT_LE(db_->cached_statements(), StatementCache::kMaxIdle);
}

TEST_F(StatementCacheTest, TransactionsGoThroughItAndStillRollBack) {
  {
    sql::Transaction tx(*db_);
    ASSERT_TRUE(tx.status().ok());
    ASSERT_TRUE(sql::Statement(*db_, "INSERT INTO t(k, v) VALUES (1, 'kept')").Run().ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  {
    sql::Transaction tx(*db_);
    ASSERT_TRUE(sql::Statement(*db_, "INSERT INTO t(k, v) VALUES (2, 'dropped')").Run().ok());
  }  // not committed: rolled back
  sql::Statement count(*db_, "SELECT COUNT(*) FROM t");
  ASSERT_TRUE(*count.Step());
  EXPECT_EQ(count.Int(0), 1);
  // A statement that does not prepare is an error value, and is not cached.
  sql::Statement bad(*db_, "SELEKT nothing");
  EXPECT_FALSE(bad.Step().ok());
  EXPECT_FALSE(db_->Exec("COMMIT").ok());  // no transaction open: an error, not a crash
}

}  // namespace
}  // namespace baro::store::sqlite
