// The connection's key generation (the counter its sealed fields are bound to, see
// vault/secret_context.h): 0 for a new row, one more with each ReplaceSealed, which must name the
// next generation; unchanged by a rotation's RewriteSealed, which also refuses a row whose
// generation moved meanwhile. A database made before the column existed keeps its rows, at
// generation 0. Both back-ends.
#include <gtest/gtest.h>

#include "store/backend_fixture.h"
#include "store/postgres/pg_db.h"
#include "store/sql/schema.h"
#include "store/sql/sql_db.h"
#include "store/sqlite/sqlite_db.h"
#include "store/store.h"

namespace baro::store {
namespace {

using KeyGenerationStore = BackendTest;

Connection NewConnection(Id user) {
  Connection c;
  c.user_id = user;
  c.venue = Venue::kBinance;
  c.label = "k";
  return c;
}

TEST_P(KeyGenerationStore, ReplaceSealedTakesTheNextGenerationOnly) {
  auto created = store_->connections().Create(NewConnection(user_), 0);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->key_generation, 0);

  Connection next = *created;
  next.key_generation = 1;
  next.sealed_api_secret = "sealed-1";
  ASSERT_TRUE(store_->connections().ReplaceSealed(next).ok());
  auto row = store_->connections().GetById(created->id);
  ASSERT_TRUE(row.ok());
  EXPECT_EQ(row->key_generation, 1);
  EXPECT_EQ(row->sealed_api_secret, "sealed-1");

  // Generation 1 again, or 3 (skipping 2): refused, and the row keeps what it had.
  for (std::int64_t generation : {1, 3, 0}) {
    Connection wrong = *row;
    wrong.key_generation = generation;
    wrong.sealed_api_secret = "sealed-wrong";
    EXPECT_FALSE(store_->connections().ReplaceSealed(wrong).ok()) << generation;
  }
  row = store_->connections().GetById(created->id);
  ASSERT_TRUE(row.ok());
  EXPECT_EQ(row->key_generation, 1);
  EXPECT_EQ(row->sealed_api_secret, "sealed-1");
}

TEST_P(KeyGenerationStore, RewriteSealedKeepsTheGenerationAndChecksIt) {
  auto created = store_->connections().Create(NewConnection(user_), 0);
  ASSERT_TRUE(created.ok());
  Connection first = *created;
  first.key_generation = 1;
  first.sealed_api_secret = "sealed-1";
  ASSERT_TRUE(store_->connections().ReplaceSealed(first).ok());

  // A rotation read the row at generation 1; the owner replaced the key meanwhile (same sealed
  // text, as a replay would have): the rewrite must not land on generation 2.
  Connection second = first;
  second.key_generation = 2;
  ASSERT_TRUE(store_->connections().ReplaceSealed(second).ok());
  Connection rewrapped = first;
  rewrapped.sealed_api_secret = "rewrapped-1";
  auto st = store_->connections().RewriteSealed(rewrapped, first);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kNotFound);

  // Read again at generation 2, the rewrite lands and leaves the generation as it was.
  Connection rewrapped2 = second;
  rewrapped2.sealed_api_secret = "rewrapped-2";
  ASSERT_TRUE(store_->connections().RewriteSealed(rewrapped2, second).ok());
  auto row = store_->connections().GetById(created->id);
  ASSERT_TRUE(row.ok());
  EXPECT_EQ(row->key_generation, 2);
  EXPECT_EQ(row->sealed_api_secret, "rewrapped-2");
}

// A database at schema version 1 (before the column) with one connection: migrating keeps the row
// and gives it generation 0, the generation its sealed fields were bound to (none).
TEST_P(KeyGenerationStore, MigrationKeepsExistingRowsAtGenerationZero) {
  std::string url;
  std::unique_ptr<sql::Database> db;
  if (GetParam() == "postgresql") {
    url = testing::PostgresServer::Shared().NewDatabase();
    auto pg = postgres::PgDatabase::Open(url);
    ASSERT_TRUE(pg.ok()) << pg.error().message;
    db = std::move(*pg);
  } else {
    url = "sqlite://" + dir_.File("v1.db");
    auto lite = sqlite::SqliteDatabase::Open(dir_.File("v1.db"));
    ASSERT_TRUE(lite.ok()) << lite.error().message;
    db = std::move(*lite);
  }
  const auto migrations = sql::SchemaFor(db->Types());
  ASSERT_GE(migrations.size(), 2u);
  ASSERT_EQ(migrations.front().version, 1);
  ASSERT_TRUE(db->Exec(db->MigrationsTable()).ok());
  ASSERT_TRUE(db->Exec(migrations.front().sql).ok());
  ASSERT_TRUE(db->Exec("INSERT INTO schema_migrations(version) VALUES (1)").ok());
  ASSERT_TRUE(db->Exec("INSERT INTO users(id, email, password_hash, created_at) "
                       "VALUES (7, 'old@example.com', 'h', 1)")
                  .ok());
  ASSERT_TRUE(db->Exec("INSERT INTO connections(id, user_id, venue, label, sealed_api_secret, "
                       "created_at) VALUES (4242, 7, 'gate', 'old', 'sealed-before', 2)")
                  .ok());
  db.reset();

  auto store = OpenStore(url);
  ASSERT_TRUE(store.ok()) << store.error().message;
  ASSERT_TRUE((*store)->Migrate().ok());
  EXPECT_GE(*(*store)->SchemaVersion(), 2);
  auto row = (*store)->connections().GetById(4242);
  ASSERT_TRUE(row.ok()) << row.error().message;
  EXPECT_EQ(row->key_generation, 0);
  EXPECT_EQ(row->sealed_api_secret, "sealed-before");
  EXPECT_EQ(row->venue, Venue::kGate);
}

INSTANTIATE_TEST_SUITE_P(Backends, KeyGenerationStore, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace baro::store
