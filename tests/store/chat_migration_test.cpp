// Migration 6 rebuilds telegram_chats for several chats per user: a chat linked before it is kept
// as the user's private chat, with the chat itself as the one who linked it, and the user may then
// link groups beside it. On every back-end this build has.
#include <gtest/gtest.h>

#include "store/backend_fixture.h"
#include "store/postgres/pg_db.h"
#include "store/sql/schema.h"
#include "store/sql/sql_db.h"
#include "store/sqlite/sqlite_db.h"
#include "store/store.h"

namespace baro::store {
namespace {

using ChatMigration = BackendTest;

TEST_P(ChatMigration, ALinkMadeBeforeVersionSixIsKeptAsThePrivateChat) {
  std::string url;
  std::unique_ptr<sql::Database> db;
  if (GetParam() == "postgresql") {
    url = testing::PostgresServer::Shared().NewDatabase();
    auto pg = postgres::PgDatabase::Open(url);
    ASSERT_TRUE(pg.ok()) << pg.error().message;
    db = std::move(*pg);
  } else {
    url = "sqlite://" + dir_.File("v4.db");
    auto lite = sqlite::SqliteDatabase::Open(dir_.File("v4.db"));
    ASSERT_TRUE(lite.ok()) << lite.error().message;
    db = std::move(*lite);
  }
  // Every migration before 6, as a database made before it has them.
  ASSERT_TRUE(db->Exec(db->MigrationsTable()).ok());
  for (const auto& m : sql::SchemaFor(db->Types())) {
    if (m.version >= 6) continue;
    ASSERT_TRUE(db->Exec(m.sql).ok()) << m.version;
    ASSERT_TRUE(db->Exec("INSERT INTO schema_migrations(version) VALUES (" +
                         std::to_string(m.version) + ")")
                    .ok());
  }
  ASSERT_TRUE(db->Exec("INSERT INTO users(id, email, password_hash, created_at) "
                       "VALUES (7, 'old@example.com', 'h', 1)")
                  .ok());
  ASSERT_TRUE(db->Exec("INSERT INTO telegram_chats(user_id, chat_id, username, active, linked_at) "
                       "VALUES (7, 4242, 'trader', 0, 5)")
                  .ok());
  db.reset();

  auto store = OpenStore(url);
  ASSERT_TRUE(store.ok()) << store.error().message;
  ASSERT_TRUE((*store)->Migrate().ok());
  EXPECT_GE(*(*store)->SchemaVersion(), 6);
  auto chats = (*store)->telegram().ListChats(7);
  ASSERT_TRUE(chats.ok()) << chats.error().message;
  ASSERT_EQ(chats->size(), 1u);
  EXPECT_EQ(chats->front().chat_id, 4242);
  EXPECT_EQ(chats->front().type, "private");
  EXPECT_EQ(chats->front().username, "trader");
  EXPECT_FALSE(chats->front().active);
  EXPECT_EQ(chats->front().linked_at, 5);
  EXPECT_EQ(chats->front().linked_by, 4242);

  TelegramChat group{7, -100900, "trader", true, 10};
  group.type = "supergroup";
  group.title = "Desk";
  ASSERT_TRUE((*store)->telegram().LinkChat(group).ok());
  EXPECT_EQ((*store)->telegram().ListChats(7)->size(), 2u);
  EXPECT_EQ((*store)->telegram().FindChat(4242)->user_id, 7);
}

INSTANTIATE_TEST_SUITE_P(Backends, ChatMigration, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace baro::store
