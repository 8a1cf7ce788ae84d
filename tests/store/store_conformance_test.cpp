// One suite for the Store interface, run against every back-end this build has.
#include <gtest/gtest.h>

#include <cstdlib>
#include <set>
#include <thread>

#include "store/store.h"
#include "support/postgres_server.h"
#include "support/temp_dir.h"

namespace baro::store {
namespace {

// PostgreSQL is required where BARO_REQUIRE_POSTGRES=1 (make test, so CI); elsewhere its absence
// skips the PostgreSQL half of the suite, saying why.
bool PostgresRequired() {
  const char* v = std::getenv("BARO_REQUIRE_POSTGRES");
  return v != nullptr && std::string_view(v) == "1";
}

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql") {
      auto& server = testing::PostgresServer::Shared();
      if (!server.ok()) {
        if (PostgresRequired()) FAIL() << server.why_not();
        GTEST_SKIP() << server.why_not();
      }
      url_ = server.NewDatabase();
    } else {
      url_ = "sqlite://" + dir_.File("t.db");
    }
    auto s = OpenStore(url_);
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(*s);
    ASSERT_TRUE(store_->Migrate().ok());
  }
  User MakeUser(const std::string& email) {
    auto u = store_->users().Create(email, "hash", 1000);
    EXPECT_TRUE(u.ok());
    return *u;
  }
  Connection MakeConnection(Id user, const std::string& label) {
    Connection c;
    c.user_id = user;
    c.venue = Venue::kBinance;
    c.label = label;
    c.sealed_api_key = "sealed-key-" + label;
    c.sealed_api_secret = "sealed-secret-" + label;
    c.created_at = 1000;
    auto r = store_->connections().Create(c, 5000);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return *r;
  }
  testing::TempDir dir_;
  std::string url_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreTest, MigrationsAreIdempotentAndVersioned) {
  auto v = store_->SchemaVersion();
  ASSERT_TRUE(v.ok());
  EXPECT_GE(*v, 1);
  EXPECT_TRUE(store_->Migrate().ok());
  EXPECT_EQ(*store_->SchemaVersion(), *v);
}

TEST_P(StoreTest, EmailsAreUnique) {
  MakeUser("a@x.io");
  auto again = store_->users().Create("a@x.io", "h", 1);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(store_->users().FindByEmail("a@x.io")->plan, Plan::kFree);
  EXPECT_EQ(store_->users().FindByEmail("b@x.io").error().code, ErrorCode::kNotFound);
}

TEST_P(StoreTest, UserPlanAndSettingsRoundTrip) {
  User a = MakeUser("a@x.io");
  User b = MakeUser("b@x.io");
  ASSERT_TRUE(store_->users().SetPlan(b.id, Plan::kPremium).ok());
  EXPECT_EQ(store_->users().SetPlan(999, Plan::kPremium).error().code, ErrorCode::kNotFound);
  a.locale = "de";
  a.time_zone = "Europe/Zurich";
  a.quiet_start_minute = 22 * 60;
  a.quiet_end_minute = 7 * 60 + 30;
  a.thresholds_json = R"({"warn":0.15})";
  ASSERT_TRUE(store_->users().UpdateSettings(a).ok());
  auto got = store_->users().Get(a.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->locale, "de");
  EXPECT_EQ(got->time_zone, "Europe/Zurich");
  EXPECT_EQ(got->quiet_start_minute, 22 * 60);
  EXPECT_EQ(got->quiet_end_minute, 7 * 60 + 30);
  EXPECT_EQ(got->thresholds_json, R"({"warn":0.15})");
  a.quiet_start_minute.reset();
  a.quiet_end_minute.reset();
  ASSERT_TRUE(store_->users().UpdateSettings(a).ok());
  EXPECT_FALSE(store_->users().Get(a.id)->quiet_start_minute.has_value());
  auto all = store_->users().List();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  std::set<std::string> premium;
  for (const auto& u : *all) {
    if (u.plan == Plan::kPremium) premium.insert(u.email);
  }
  EXPECT_EQ(premium, (std::set<std::string>{"b@x.io"}));
}

TEST_P(StoreTest, ConnectionFieldsRoundTrip) {
  User a = MakeUser("a@x.io");
  Connection c = MakeConnection(a.id, "main");
  ASSERT_TRUE(store_->connections().SetThresholds(a.id, c.id, R"({"warn":0.2})").ok());
  c.verdict = KeyVerdict::kAcceptedWithWarning;
  c.verdict_detail = "key.ip_unrestricted";
  c.ip_restricted = true;
  ASSERT_TRUE(store_->connections().SetVerdict(c).ok());
  c.last_checked_at = 7000;
  c.last_success_at = 6000;
  c.consecutive_failures = 3;
  c.last_error = "kUnavailable";
  c.needs_attention = true;
  c.attention_notified = true;
  ASSERT_TRUE(store_->connections().UpdateHealth(c).ok());
  c.sealed_api_key = "rewrapped-key";
  c.sealed_api_secret = "rewrapped-secret";
  c.sealed_passphrase = "rewrapped-passphrase";
  c.key_generation += 1;
  ASSERT_TRUE(store_->connections().ReplaceSealed(c).ok());

  auto got = store_->connections().GetById(c.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->user_id, a.id);
  EXPECT_EQ(got->venue, Venue::kBinance);
  EXPECT_EQ(got->thresholds_json, R"({"warn":0.2})");
  EXPECT_EQ(got->verdict, KeyVerdict::kAcceptedWithWarning);
  EXPECT_EQ(got->verdict_detail, "key.ip_unrestricted");
  EXPECT_TRUE(got->ip_restricted);
  EXPECT_EQ(got->last_checked_at, 7000);
  EXPECT_EQ(got->last_success_at, 6000);
  EXPECT_EQ(got->consecutive_failures, 3);
  EXPECT_EQ(got->last_error, "kUnavailable");
  EXPECT_TRUE(got->needs_attention);
  EXPECT_TRUE(got->attention_notified);
  EXPECT_EQ(got->sealed_api_key, "rewrapped-key");
  EXPECT_EQ(got->sealed_api_secret, "rewrapped-secret");
  EXPECT_EQ(got->sealed_passphrase, "rewrapped-passphrase");
  EXPECT_EQ(store_->connections().GetById(c.id + 1000).error().code, ErrorCode::kNotFound);
  User b = MakeUser("b@x.io");
  EXPECT_EQ(store_->connections().SetThresholds(b.id, c.id, "{}").error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(store_->connections().Get(a.id, c.id)->thresholds_json, R"({"warn":0.2})");
}

TEST_P(StoreTest, MonitorsCanBeRescheduledAndReportTheEarliestDue) {
  EXPECT_EQ(*store_->monitors().NextDueAt(), INT64_MAX);
  User a = MakeUser("a@x.io");
  Connection c1 = MakeConnection(a.id, "one");  // due at 5000
  Connection c2 = MakeConnection(a.id, "two");
  EXPECT_EQ(*store_->monitors().NextDueAt(), 5000);
  ASSERT_TRUE(store_->monitors().ScheduleConnection(c2.id, 1200).ok());
  EXPECT_EQ(*store_->monitors().NextDueAt(), 1200);
  auto due = store_->monitors().ClaimDue("w", 1200, 10, 1000);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ(due->front().connection_id, c2.id);
  EXPECT_EQ(store_->monitors().ScheduleConnection(c2.id + c1.id + 1000, 0).error().code,
            ErrorCode::kNotFound);
}

TEST_P(StoreTest, SessionsExpire) {
  User u = MakeUser("a@x.io");
  ASSERT_TRUE(store_->sessions().Create({"h1", u.id, "csrf", 2000}).ok());
  EXPECT_TRUE(store_->sessions().Find("h1", 1999).ok());
  EXPECT_FALSE(store_->sessions().Find("h1", 2000).ok());
  ASSERT_TRUE(store_->sessions().DeleteExpired(3000).ok());
  EXPECT_FALSE(store_->sessions().Find("h1", 0).ok());
}

TEST_P(StoreTest, LinkTokensAreSingleUseAndExpire) {
  User u = MakeUser("a@x.io");
  ASSERT_TRUE(store_->telegram().CreateLinkToken(u.id, "t1", 2000).ok());
  ASSERT_TRUE(store_->telegram().CreateLinkToken(u.id, "t2", 2000).ok());
  EXPECT_EQ(*store_->telegram().ConsumeLinkToken("t1", 1500), u.id);
  EXPECT_EQ(store_->telegram().ConsumeLinkToken("t1", 1500).error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(store_->telegram().ConsumeLinkToken("t2", 2000).ok());  // expired
  EXPECT_FALSE(store_->telegram().ConsumeLinkToken("nope", 0).ok());
}

TEST_P(StoreTest, ChatLinkReplacesAndOffsetPersists) {
  User u = MakeUser("a@x.io");
  ASSERT_TRUE(store_->telegram().LinkChat({u.id, 42, "john", true, 1}).ok());
  ASSERT_TRUE(store_->telegram().LinkChat({u.id, 43, "john2", true, 2}).ok());
  EXPECT_EQ(store_->telegram().GetChat(u.id)->chat_id, 43);
  ASSERT_TRUE(store_->telegram().SetChatActive(43, false).ok());
  EXPECT_FALSE(store_->telegram().GetChat(u.id)->active);
  EXPECT_EQ(*store_->telegram().GetUpdateOffset(), 0);
  ASSERT_TRUE(store_->telegram().SetUpdateOffset(815000002).ok());
  EXPECT_EQ(*store_->telegram().GetUpdateOffset(), 815000002);
  ASSERT_TRUE(store_->telegram().Unlink(u.id).ok());
  EXPECT_EQ(store_->telegram().GetChat(u.id).error().code, ErrorCode::kNotFound);
}

TEST_P(StoreTest, OneUserNeverSeesOrChangesAnothersRows) {
  User a = MakeUser("a@x.io");
  User b = MakeUser("b@x.io");
  Connection ca = MakeConnection(a.id, "mine");
  EXPECT_EQ(store_->connections().Get(b.id, ca.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->connections().Rename(b.id, ca.id, "stolen").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->connections().Delete(b.id, ca.id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(store_->connections().ListForUser(b.id)->empty());
  EXPECT_EQ(store_->connections().Get(a.id, ca.id)->label, "mine");

  ManualPosition p;
  p.user_id = a.id;
  p.symbol = "BTCUSDT";
  p.entry_price = 100;
  p.size = 1;
  auto created = store_->manual_positions().Create(p, 0);
  ASSERT_TRUE(created.ok());
  EXPECT_FALSE(store_->manual_positions().Get(b.id, created->id).ok());
  ManualPosition steal = *created;
  steal.user_id = b.id;
  EXPECT_EQ(store_->manual_positions().Update(steal).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->manual_positions().Delete(b.id, created->id).error().code,
            ErrorCode::kNotFound);
  EXPECT_TRUE(store_->manual_positions().Delete(a.id, created->id).ok());
}

TEST_P(StoreTest, DeletingAConnectionDestroysItsCiphertextAndMonitor) {
  User a = MakeUser("a@x.io");
  Connection c = MakeConnection(a.id, "k");
  EXPECT_EQ(store_->monitors().ListForUser(a.id)->size(), 1u);
  ASSERT_TRUE(store_->connections().Delete(a.id, c.id).ok());
  EXPECT_TRUE(store_->connections().ListAll()->empty());
  EXPECT_TRUE(store_->monitors().ListForUser(a.id)->empty());
}

TEST_P(StoreTest, MonitorLeasesGoToOneOwnerAtATime) {
  User a = MakeUser("a@x.io");
  for (int i = 0; i < 40; ++i) MakeConnection(a.id, "c" + std::to_string(i));
  std::vector<std::vector<Monitor>> got(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (;;) {
        auto claimed = store_->monitors().ClaimDue("w" + std::to_string(t), 6000, 3, 60000);
        ASSERT_TRUE(claimed.ok());
        if (claimed->empty()) break;
        got[t].insert(got[t].end(), claimed->begin(), claimed->end());
      }
    });
  }
  for (auto& t : threads) t.join();
  std::set<Id> ids;
  std::size_t total = 0;
  for (const auto& g : got) {
    total += g.size();
    for (const auto& m : g) ids.insert(m.id);
  }
  EXPECT_EQ(total, 40u);
  EXPECT_EQ(ids.size(), 40u);  // nobody got a monitor twice

  // Nothing is due before its time, and a lease that ran out hands the monitor over.
  EXPECT_TRUE(store_->monitors().ClaimDue("late", 6000, 100, 1000)->empty());
  EXPECT_EQ(store_->monitors().ClaimDue("late", 66000, 100, 1000)->size(), 40u);
  std::size_t t = 0;
  while (got[t].empty()) ++t;  // some thread got monitors (which one depends on scheduling)
  const Monitor m = got[t].front();
  EXPECT_FALSE(store_->monitors().Complete(m.id, "w" + std::to_string(t), 99999).ok());  // lost it
  EXPECT_TRUE(store_->monitors().Complete(m.id, "late", 99999).ok());
}

TEST_P(StoreTest, CheckOutcomeIsAllOrNothing) {
  User a = MakeUser("a@x.io");
  CheckOutcome ok;
  ok.user_id = a.id;
  ok.states = {{a.id, "k:liq", R"({"level":"warning"})"}};
  ok.alerts = {{0, a.id, "k", "liq", "warning", "BTC near liquidation", 10}};
  OutboxMessage msg;
  msg.chat_id = 42;
  msg.text = "hello";
  msg.created_at = 10;
  ok.messages = {msg};
  ASSERT_TRUE(store_->alerts().Commit(ok).ok());
  EXPECT_EQ(store_->alerts().States(a.id)->size(), 1u);
  EXPECT_EQ(store_->alerts().History(a.id, 10)->size(), 1u);
  EXPECT_EQ(store_->outbox().ListForUser(a.id)->size(), 1u);

  CheckOutcome bad = ok;
  bad.user_id = 999;  // no such user: the foreign key fails, nothing may be written
  bad.states = {{999, "k2:liq", "{}"}};
  EXPECT_FALSE(store_->alerts().Commit(bad).ok());
  EXPECT_EQ(store_->alerts().History(a.id, 10)->size(), 1u);
  EXPECT_EQ(store_->outbox().ListForUser(a.id)->size(), 1u);
}

TEST_P(StoreTest, OutboxLeaseRescheduleAndSent) {
  User a = MakeUser("a@x.io");
  CheckOutcome o;
  o.user_id = a.id;
  for (int i = 0; i < 3; ++i) {
    OutboxMessage m;
    m.chat_id = 7;
    m.text = "m" + std::to_string(i);
    m.next_attempt_at = 100;
    o.messages.push_back(m);
  }
  ASSERT_TRUE(store_->alerts().Commit(o).ok());
  EXPECT_TRUE(store_->outbox().ClaimPending("n1", 99, 10, 1000)->empty());
  auto first = store_->outbox().ClaimPending("n1", 100, 10, 1000);
  ASSERT_EQ(first->size(), 3u);
  EXPECT_EQ((*first)[0].text, "m0");
  EXPECT_TRUE(store_->outbox().ClaimPending("n2", 200, 10, 1000)->empty());  // leased
  ASSERT_TRUE(store_->outbox().MarkSent((*first)[0].id, 150).ok());
  ASSERT_TRUE(store_->outbox().Reschedule((*first)[1].id, 5000, "timeout").ok());
  ASSERT_TRUE(store_->outbox().MarkFailed((*first)[2].id, "blocked").ok());
  EXPECT_TRUE(store_->outbox().ClaimPending("n2", 4999, 10, 1000)->empty());
  auto retry = store_->outbox().ClaimPending("n2", 5000, 10, 1000);
  ASSERT_EQ(retry->size(), 1u);
  EXPECT_EQ((*retry)[0].text, "m1");
  EXPECT_EQ((*retry)[0].attempts, 1);  // one failed attempt; the claim itself is not one
}

TEST_P(StoreTest, OutboxClaimsHigherLevelsFirstWithinTheLimit) {
  User a = MakeUser("a@x.io");
  CheckOutcome o;
  o.user_id = a.id;
  // Queued oldest first: warning, emergency, a message without level, critical.
  const std::vector<std::pair<std::string, int>> queued = {
      {"warning", 1}, {"emergency", 3}, {"plain", 0}, {"critical", 2}};
  for (const auto& [text, level] : queued) {
    OutboxMessage m;
    m.chat_id = 7;
    m.text = text;
    m.level = level;
    m.next_attempt_at = 100;
    o.messages.push_back(m);
  }
  ASSERT_TRUE(store_->alerts().Commit(o).ok());
  auto first = store_->outbox().ClaimPending("n1", 100, 2, 1000);  // room for two
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].text, "emergency");
  EXPECT_EQ((*first)[0].level, 3);
  EXPECT_EQ((*first)[1].text, "critical");
  auto rest = store_->outbox().ClaimPending("n1", 100, 10, 1000);
  ASSERT_EQ(rest->size(), 2u);
  EXPECT_EQ((*rest)[0].text, "warning");
  EXPECT_EQ((*rest)[1].text, "plain");
  EXPECT_EQ((*rest)[1].level, 0);
}

TEST_P(StoreTest, SnapshotsReplaceAndHistoryAccumulates) {
  User a = MakeUser("a@x.io");
  Connection c = MakeConnection(a.id, "k");
  auto monitors = store_->monitors().ListForUser(a.id);
  const Id mid = monitors->front().id;
  PositionSnapshot s;
  s.user_id = a.id;
  s.connection_id = c.id;
  s.position_key = "c1:BTCUSDT:long";
  s.position.symbol = "BTCUSDT";
  s.position.size = 1;
  s.position.entry_price = 100;
  s.position.mark_price = 90;
  s.distance_to_liquidation = 0.2;
  s.level = "ok";
  s.rates_estimated = true;
  ASSERT_TRUE(store_->snapshots().Replace(mid, {s}, 1000).ok());
  EXPECT_TRUE(store_->snapshots().ListForUser(a.id)->front().rates_estimated);
  s.position.mark_price = 85;
  s.distance_to_liquidation = 0.1;
  s.rates_estimated = false;
  ASSERT_TRUE(store_->snapshots().Replace(mid, {s}, 2000).ok());
  auto list = store_->snapshots().ListForUser(a.id);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().position.mark_price, 85);
  EXPECT_FALSE(list->front().rates_estimated);
  EXPECT_FALSE(list->front().position.liquidation_price.has_value());
  EXPECT_EQ(store_->snapshots().History(a.id, 0)->size(), 2u);
  EXPECT_EQ(store_->snapshots().History(a.id, 1500)->size(), 1u);
  ASSERT_TRUE(store_->snapshots().PruneHistory(1500).ok());
  EXPECT_EQ(store_->snapshots().History(a.id, 0)->size(), 1u);
  ASSERT_TRUE(store_->snapshots().Replace(mid, {}, 3000).ok());
  EXPECT_TRUE(store_->snapshots().ListForUser(a.id)->empty());
}

// Several processes (here: several stores, each with its own connection, as on several machines)
// claiming the same monitors and outbox rows at once never get the same row twice.
TEST_P(StoreTest, SeveralProcessesNeverClaimTheSameRow) {
  User a = MakeUser("a@x.io");
  for (int i = 0; i < 60; ++i) MakeConnection(a.id, "c" + std::to_string(i));
  CheckOutcome outcome;
  outcome.user_id = a.id;
  for (int i = 0; i < 60; ++i) {
    OutboxMessage m;
    m.chat_id = 1;
    m.text = "m" + std::to_string(i);
    m.next_attempt_at = 1000;
    m.created_at = 1000;
    outcome.messages.push_back(m);
  }
  ASSERT_TRUE(store_->alerts().Commit(outcome).ok());
  std::vector<std::unique_ptr<Store>> processes;
  for (int p = 0; p < 4; ++p) {
    auto s = OpenStore(url_);
    ASSERT_TRUE(s.ok()) << s.error().message;
    processes.push_back(std::move(*s));
  }
  std::vector<std::vector<Id>> monitors(4), messages(4);
  std::vector<std::thread> threads;
  for (int p = 0; p < 4; ++p) {
    threads.emplace_back([&, p] {
      const std::string owner = "process-" + std::to_string(p);
      for (;;) {
        auto m = processes[p]->monitors().ClaimDue(owner, 6000, 2, 60000);
        auto o = processes[p]->outbox().ClaimPending(owner, 6000, 2, 60000);
        if (!m.ok() || !o.ok()) {
          ADD_FAILURE() << (m.ok() ? o.error().message : m.error().message);
          return;
        }
        if (m->empty() && o->empty()) return;
        for (const auto& x : *m) monitors[p].push_back(x.id);
        for (const auto& x : *o) messages[p].push_back(x.id);
      }
    });
  }
  for (auto& t : threads) t.join();
  std::set<Id> monitor_ids, message_ids;
  std::size_t monitor_total = 0, message_total = 0;
  for (int p = 0; p < 4; ++p) {
    monitor_total += monitors[p].size();
    message_total += messages[p].size();
    monitor_ids.insert(monitors[p].begin(), monitors[p].end());
    message_ids.insert(messages[p].begin(), messages[p].end());
  }
  EXPECT_EQ(monitor_total, 60u);
  EXPECT_EQ(monitor_ids.size(), 60u) << "a monitor was claimed twice";
  EXPECT_EQ(message_total, 60u);
  EXPECT_EQ(message_ids.size(), 60u) << "a message was claimed twice";
}

// A second process sees nothing of what the first one holds until the lease runs out; then the
// row is its own, and the first process can no longer complete it.
TEST_P(StoreTest, ALeaseRunningOutHandsTheRowToAnotherProcess) {
  User a = MakeUser("a@x.io");
  MakeConnection(a.id, "k");  // its monitor is due at 5000
  CheckOutcome outcome;
  outcome.user_id = a.id;
  OutboxMessage msg;
  msg.chat_id = 1;
  msg.text = "hello";
  msg.next_attempt_at = 5000;
  outcome.messages = {msg};
  ASSERT_TRUE(store_->alerts().Commit(outcome).ok());
  auto other = OpenStore(url_);
  ASSERT_TRUE(other.ok()) << other.error().message;
  Store& second = **other;
  const std::int64_t lease_ms = 1000;

  auto first_monitors = store_->monitors().ClaimDue("one", 5000, 10, lease_ms);
  auto first_messages = store_->outbox().ClaimPending("one", 5000, 10, lease_ms);
  ASSERT_EQ(first_monitors->size(), 1u);
  ASSERT_EQ(first_messages->size(), 1u);
  EXPECT_TRUE(second.monitors().ClaimDue("two", 5000 + lease_ms - 1, 10, lease_ms)->empty());
  EXPECT_TRUE(second.outbox().ClaimPending("two", 5000 + lease_ms - 1, 10, lease_ms)->empty());

  auto taken_monitors = second.monitors().ClaimDue("two", 5000 + lease_ms, 10, lease_ms);
  auto taken_messages = second.outbox().ClaimPending("two", 5000 + lease_ms, 10, lease_ms);
  ASSERT_EQ(taken_monitors->size(), 1u);
  ASSERT_EQ(taken_messages->size(), 1u);
  EXPECT_EQ(taken_monitors->front().id, first_monitors->front().id);
  EXPECT_EQ(taken_monitors->front().lease_owner, "two");
  EXPECT_EQ(taken_messages->front().id, first_messages->front().id);
  EXPECT_EQ(store_->monitors().Complete(first_monitors->front().id, "one", 9000).error().code,
            ErrorCode::kNotFound);
  EXPECT_TRUE(second.monitors().Complete(taken_monitors->front().id, "two", 9000).ok());
  EXPECT_EQ(store_->monitors().ListForUser(a.id)->front().next_due_at, 9000);
}

TEST_P(StoreTest, ReleasedLeasesOfADeadOwnerAreClaimableAtOnce) {
  User a = MakeUser("a@x.io");
  MakeConnection(a.id, "k1");  // monitors due at 5000
  MakeConnection(a.id, "k2");
  MakeConnection(a.id, "k3");
  CheckOutcome outcome;
  outcome.user_id = a.id;
  for (const char* text : {"m1", "m2"}) {
    OutboxMessage msg;
    msg.chat_id = 1;
    msg.text = text;
    msg.next_attempt_at = 5000;
    outcome.messages.push_back(msg);
  }
  ASSERT_TRUE(store_->alerts().Commit(outcome).ok());
  const std::int64_t lease_ms = 120000;
  ASSERT_EQ(store_->monitors().ClaimDue("host:101:worker", 5000, 2, lease_ms)->size(), 2u);
  ASSERT_EQ(store_->monitors().ClaimDue("host:202:worker", 5000, 1, lease_ms)->size(), 1u);
  ASSERT_EQ(store_->outbox().ClaimPending("host:101:notifier", 5000, 10, lease_ms)->size(), 2u);

  EXPECT_EQ(*store_->monitors().LeaseOwners(5001),
            (std::vector<std::string>{"host:101:worker", "host:202:worker"}));
  EXPECT_EQ(*store_->outbox().LeaseOwners(5001), std::vector<std::string>{"host:101:notifier"});
  EXPECT_TRUE(store_->monitors().LeaseOwners(5000 + lease_ms)->empty());  // all ran out

  auto other = OpenStore(url_);
  ASSERT_TRUE(other.ok()) << other.error().message;
  EXPECT_EQ(*(*other)->monitors().ReleaseLeases("host:101:worker"), 2);
  EXPECT_EQ(*(*other)->outbox().ReleaseLeases("host:101:notifier"), 2);
  EXPECT_EQ(*(*other)->monitors().ReleaseLeases("host:101:worker"), 0);
  // Long before the leases would have run out, the released rows go to the next claimant; the
  // live owner's lease stands.
  auto monitors = (*other)->monitors().ClaimDue("host:303:worker", 5002, 10, lease_ms);
  ASSERT_EQ(monitors->size(), 2u);
  auto messages = (*other)->outbox().ClaimPending("host:303:notifier", 5002, 10, lease_ms);
  ASSERT_EQ(messages->size(), 2u);
  EXPECT_EQ(*store_->monitors().LeaseOwners(5003),
            (std::vector<std::string>{"host:202:worker", "host:303:worker"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

// A PostgreSQL server that goes away gives kUnavailable values, not crashes, and the store works
// again once it is back.
TEST(PostgresStore, AnUnreachableServerIsAValue) {
  auto& server = testing::PostgresServer::Shared();
  if (!server.ok()) {
    if (PostgresRequired()) FAIL() << server.why_not();
    GTEST_SKIP() << server.why_not();
  }
  auto store = OpenStore(server.NewDatabase());
  ASSERT_TRUE(store.ok()) << store.error().message;
  ASSERT_TRUE((*store)->Migrate().ok());
  ASSERT_TRUE((*store)->users().Create("a@x.io", "h", 1).ok());
  ASSERT_TRUE(server.Stop());
  auto down = (*store)->users().FindByEmail("a@x.io");
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ((*store)->Ping().error().code, ErrorCode::kUnavailable);
  ASSERT_TRUE(server.Start());
  EXPECT_TRUE((*store)->users().FindByEmail("a@x.io").ok()) << "reconnects after the outage";
  EXPECT_EQ(OpenStore("postgresql:///nowhere?host=/nonexistent").error().code,
            ErrorCode::kUnavailable);
}

TEST(OpenStore, UrlsNameTheirBackEnd) {
  EXPECT_EQ(OpenStore("mysql://db/baro").error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(OpenStore("sqlite://").error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(OpenStore("postgres:///baro?baro_pool_size=0").error().code, ErrorCode::kInvalidInput);
  // A failed connection is reported without the password of the URL.
  auto failed = OpenStore("postgres://baro:hunter2-secret@/nowhere?host=/nonexistent");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(failed.error().message.find("hunter2-secret"), std::string::npos)
      << failed.error().message;
}

}  // namespace
}  // namespace baro::store
