// The alert history keeps what a position showed when each alert was raised and links each alert
// to the outbox message that announced it, so the history can say whether it was delivered,
// delivered silently, failed or never sent. Alerts stored before schema version 5 keep their rows,
// with no figures and an unknown delivery. Both back-ends.
#include <gtest/gtest.h>

#include "store/backend_fixture.h"
#include "store/postgres/pg_db.h"
#include "store/sql/schema.h"
#include "store/sql/sql_db.h"
#include "store/sqlite/sqlite_db.h"
#include "store/store.h"

namespace baro::store {
namespace {

using AlertHistoryStore = BackendTest;

OutboxMessage Message(std::int64_t chat, bool silent) {
  OutboxMessage m;
  m.chat_id = chat;
  m.text = "alert";
  m.silent = silent;
  m.created_at = 10;
  return m;
}

AlertRecord Alert(Id user, const std::string& key, std::int64_t at) {
  return {0, user, key, "liquidation", "critical", "BTCUSDT long · now critical", at};
}

const AlertRecord& ByKey(const std::vector<AlertRecord>& list, const std::string& key) {
  for (const auto& a : list) {
    if (a.position_key == key) return a;
  }
  ADD_FAILURE() << "no alert " << key;
  return list.front();
}

TEST_P(AlertHistoryStore, KeepsTheFiguresAndFollowsTheMessagesDelivery) {
  CheckOutcome o;
  o.user_id = user_;
  o.messages = {Message(1, false), Message(1, true)};
  AlertRecord first = Alert(user_, "c1:BTCUSDT:long", 100);  // default: the outcome's first message
  first.figures = AlertFigures{"escalated", 91000, 90500.0, false, 500.0 / 91000, 10.2, -0.9};
  AlertRecord second = Alert(user_, "c1:ETHUSDT:short", 101);
  second.message = 1;
  second.figures = AlertFigures{"repeated", 3000, std::nullopt, true, std::nullopt, 2, 0.1};
  AlertRecord held = Alert(user_, "c1:SOLUSDT:long", 102);
  held.message = AlertRecord::kNoMessage;
  AlertRecord connection = {0, user_, "c1", "connection", "attention", "main: unavailable", 103};
  o.alerts = {first, second, held, connection};
  ASSERT_TRUE(store_->alerts().Commit(o).ok());

  auto list = store_->alerts().History(user_, 10);
  ASSERT_TRUE(list.ok()) << list.error().message;
  ASSERT_EQ(list->size(), 4u);
  EXPECT_EQ(list->front().position_key, "c1") << "newest first";

  const AlertRecord& a = ByKey(*list, "c1:BTCUSDT:long");
  ASSERT_TRUE(a.figures.has_value());
  EXPECT_EQ(a.figures->event, "escalated");
  EXPECT_DOUBLE_EQ(a.figures->mark_price, 91000);
  EXPECT_EQ(a.figures->liquidation_price, std::optional<double>(90500));
  EXPECT_FALSE(a.figures->liquidation_estimated);
  ASSERT_TRUE(a.figures->distance.has_value());
  EXPECT_DOUBLE_EQ(*a.figures->distance, 500.0 / 91000);
  EXPECT_DOUBLE_EQ(a.figures->leverage, 10.2);
  EXPECT_DOUBLE_EQ(a.figures->roe, -0.9);
  EXPECT_EQ(a.delivery, AlertDelivery::kPending);

  const AlertRecord& b = ByKey(*list, "c1:ETHUSDT:short");
  ASSERT_TRUE(b.figures.has_value());
  EXPECT_EQ(b.figures->liquidation_price, std::nullopt);
  EXPECT_TRUE(b.figures->liquidation_estimated);
  EXPECT_EQ(b.figures->distance, std::nullopt);
  EXPECT_EQ(ByKey(*list, "c1:SOLUSDT:long").delivery, AlertDelivery::kNotSent);
  EXPECT_FALSE(ByKey(*list, "c1").figures.has_value());
  // The connection alert carries no message index of its own: the outcome's first message.
  EXPECT_EQ(ByKey(*list, "c1").delivery, AlertDelivery::kPending);

  // The outbox rows in the order they were given: the first loud, the second silent.
  auto messages = store_->outbox().ListForUser(user_);
  ASSERT_TRUE(messages.ok());
  ASSERT_EQ(messages->size(), 2u);
  ASSERT_FALSE((*messages)[0].silent);
  ASSERT_TRUE(store_->outbox().MarkSent((*messages)[0].id, 200).ok());
  ASSERT_TRUE(store_->outbox().MarkSent((*messages)[1].id, 200).ok());
  list = store_->alerts().History(user_, 10);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(ByKey(*list, "c1:BTCUSDT:long").delivery, AlertDelivery::kSent);
  EXPECT_EQ(ByKey(*list, "c1:ETHUSDT:short").delivery, AlertDelivery::kSentSilently);
  EXPECT_EQ(ByKey(*list, "c1:SOLUSDT:long").delivery, AlertDelivery::kNotSent);

  CheckOutcome failing;
  failing.user_id = user_;
  failing.messages = {Message(1, false)};
  failing.alerts = {Alert(user_, "m7", 300)};
  ASSERT_TRUE(store_->alerts().Commit(failing).ok());
  messages = store_->outbox().ListForUser(user_);
  ASSERT_TRUE(messages.ok());
  ASSERT_TRUE(store_->outbox().MarkFailed(messages->back().id, "chat not found").ok());
  list = store_->alerts().History(user_, 10);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(ByKey(*list, "m7").delivery, AlertDelivery::kFailed);
}

TEST_P(AlertHistoryStore, AnOutcomeWithoutMessagesRecordsNothingSent) {
  CheckOutcome o;
  o.user_id = user_;
  o.alerts = {Alert(user_, "c1:BTCUSDT:long", 100)};  // no linked chat: no message
  ASSERT_TRUE(store_->alerts().Commit(o).ok());
  auto list = store_->alerts().History(user_, 10);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().delivery, AlertDelivery::kNotSent);
  EXPECT_FALSE(list->front().figures.has_value());
}

// A database at schema version 4 with an alert and its message: after the migration the alert is
// listed as it was, without figures and with its delivery unknown (nothing linked it then).
TEST_P(AlertHistoryStore, AlertsStoredBeforeVersionFiveKeepTheirRows) {
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
  const auto migrations = sql::SchemaFor(db->Types());
  ASSERT_GE(migrations.size(), 5u);
  ASSERT_TRUE(db->Exec(db->MigrationsTable()).ok());
  for (const auto& m : migrations) {
    if (m.version > 4) break;
    ASSERT_TRUE(db->Exec(m.sql).ok()) << m.version;
    ASSERT_TRUE(db->Exec("INSERT INTO schema_migrations(version) VALUES (" +
                         std::to_string(m.version) + ")")
                    .ok());
  }
  ASSERT_TRUE(db->Exec("INSERT INTO users(id, email, password_hash, created_at) "
                       "VALUES (7, 'old@example.com', 'h', 1)")
                  .ok());
  ASSERT_TRUE(db->Exec("INSERT INTO alerts(id, user_id, position_key, signal, level, summary, "
                       "created_at) VALUES (31, 7, 'c2:BTCUSDT:long', 'liquidation', 'warning', "
                       "'BTCUSDT long · liquidation: now warning', 5)")
                  .ok());
  ASSERT_TRUE(db->Exec("INSERT INTO outbox(id, user_id, chat_id, text, status, next_attempt_at, "
                       "created_at) VALUES (41, 7, 1, 'sent before', 'sent', 5, 5)")
                  .ok());
  db.reset();

  auto store = OpenStore(url);
  ASSERT_TRUE(store.ok()) << store.error().message;
  ASSERT_TRUE((*store)->Migrate().ok());
  EXPECT_GE(*(*store)->SchemaVersion(), 5);
  auto list = (*store)->alerts().History(7, 10);
  ASSERT_TRUE(list.ok()) << list.error().message;
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().id, 31);
  EXPECT_EQ(list->front().summary, "BTCUSDT long · liquidation: now warning");
  EXPECT_FALSE(list->front().figures.has_value());
  EXPECT_EQ(list->front().delivery, AlertDelivery::kUnknown);
}

INSTANTIATE_TEST_SUITE_P(Backends, AlertHistoryStore, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace baro::store
