// One check's writes in one transaction (Store::CommitCheck), and a check's own alert states read
// by key prefix (AlertRepository::StatesWithPrefixes). On every back-end this build has.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "store/backend_fixture.h"
#include "store/store.h"

namespace baro::store {
namespace {

class CheckCommitTest : public BackendTest {
 protected:
  Connection MakeConnection(const std::string& label) {
    Connection c;
    c.user_id = user_;
    c.venue = Venue::kBybit;
    c.label = label;
    c.sealed_api_key = "sealed-key";
    c.sealed_api_secret = "sealed-secret";
    c.created_at = 1000;
    auto r = store_->connections().Create(c, 5000);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return *r;
  }
  Id MonitorOf(Id connection_id) {
    auto list = store_->monitors().ListForUser(user_);
    for (const auto& m : *list) {
      if (m.connection_id == connection_id) return m.id;
    }
    ADD_FAILURE() << "no monitor for connection " << connection_id;
    return 0;
  }
  PositionSnapshot Snapshot(Id connection_id, const std::string& key, double mark) {
    PositionSnapshot s;
    s.user_id = user_;
    s.connection_id = connection_id;
    s.position_key = key;
    s.position.symbol = "ETHUSDT";
    s.position.size = 2;
    s.position.entry_price = 3000;
    s.position.mark_price = mark;
    s.distance_to_liquidation = 0.3;
    s.level = "ok";
    s.observed_at = 7000;
    return s;
  }
  std::vector<std::string> Keys(const std::vector<std::string>& prefixes) {
    auto states = store_->alerts().StatesWithPrefixes(user_, prefixes);
    EXPECT_TRUE(states.ok()) << states.error().message;
    std::vector<std::string> keys;
    if (states) {
      for (const auto& s : *states) keys.push_back(s.key);
    }
    std::sort(keys.begin(), keys.end());
    return keys;
  }
};

TEST_P(CheckCommitTest, HealthStatesMessagesAndSnapshotsAreWrittenTogether) {
  Connection c = MakeConnection("main");
  const Id monitor = MonitorOf(c.id);
  CheckCommit commit;
  commit.outcome.user_id = user_;
  commit.outcome.states = {{user_, "c1:ETHUSDT:long|liquidation", R"({"level":"warning"})"}};
  commit.outcome.alerts = {{0, user_, "c1:ETHUSDT:long", "liquidation", "warning", "ETH", 7000}};
  OutboxMessage m;
  m.chat_id = 42;
  m.text = "ETH long is near liquidation";
  m.next_attempt_at = 7000;
  m.created_at = 7000;
  commit.outcome.messages = {m};
  Connection health = c;
  health.last_checked_at = 7000;
  health.last_success_at = 7000;
  commit.health = health;
  commit.snapshots_of = monitor;
  commit.snapshots = {Snapshot(c.id, "c1:ETHUSDT:long", 2900)};
  commit.snapshots_at = 7000;
  ASSERT_TRUE(store_->CommitCheck(commit).ok());

  EXPECT_EQ(store_->connections().GetById(c.id)->last_success_at, 7000);
  EXPECT_EQ(store_->alerts().States(user_)->size(), 1u);
  EXPECT_EQ(store_->alerts().History(user_, 10)->size(), 1u);
  EXPECT_EQ(store_->outbox().ListForUser(user_)->size(), 1u);
  auto snaps = store_->snapshots().ListForUser(user_);
  ASSERT_EQ(snaps->size(), 1u);
  EXPECT_EQ(snaps->front().position.mark_price, 2900);
  EXPECT_EQ(store_->snapshots().History(user_, 0)->size(), 1u);
}

TEST_P(CheckCommitTest, NothingIsWrittenWhenOnePartFails) {
  Connection c = MakeConnection("main");
  const Id monitor = MonitorOf(c.id);
  ASSERT_TRUE(
      store_->snapshots().Replace(monitor, {Snapshot(c.id, "c1:ETHUSDT:long", 2950)}, 6000).ok());
  CheckCommit commit;
  commit.outcome.user_id = user_;
  commit.outcome.states = {{user_, "c1:ETHUSDT:long|liquidation", R"({"level":"warning"})"}};
  Connection health = c;
  health.last_success_at = 7000;
  commit.health = health;
  commit.snapshots_of = monitor;
  commit.snapshots = {Snapshot(c.id, "c1:ETHUSDT:long", 2900)};
  commit.snapshots_at = 7000;
  // The connection was deleted meanwhile: its health has no row to change.
  commit.health->id = c.id + 1000;
  EXPECT_FALSE(store_->CommitCheck(commit).ok());
  EXPECT_TRUE(store_->alerts().States(user_)->empty());
  EXPECT_EQ(store_->connections().GetById(c.id)->last_success_at, 0);
  auto snaps = store_->snapshots().ListForUser(user_);
  ASSERT_EQ(snaps->size(), 1u);
  EXPECT_EQ(snaps->front().position.mark_price, 2950);  // the earlier snapshot stands
}

// A worker whose lease ran out (another took the monitor over) commits nothing: not its states,
// not its health, not its snapshots, and the monitor keeps the new owner's schedule.
TEST_P(CheckCommitTest, ACheckUnderALostLeaseWritesNothing) {
  Connection c = MakeConnection("main");
  const Id monitor = MonitorOf(c.id);
  auto claimed = store_->monitors().ClaimDue("worker-a", 6000, 10, 1000);
  ASSERT_TRUE(claimed.ok());
  ASSERT_EQ(claimed->size(), 1u);
  // worker-a stalls past its lease; worker-b claims the monitor at 8000.
  auto taken = store_->monitors().ClaimDue("worker-b", 8000, 10, 60000);
  ASSERT_TRUE(taken.ok());
  ASSERT_EQ(taken->size(), 1u);

  CheckCommit late;
  late.complete = MonitorCompletion{monitor, "worker-a", 20000};
  late.outcome.user_id = user_;
  late.outcome.states = {{user_, "c1:ETHUSDT:long|liquidation", R"({"level":"warning"})"}};
  Connection health = c;
  health.last_success_at = 9000;
  late.health = health;
  late.snapshots_of = monitor;
  late.snapshots = {Snapshot(c.id, "c1:ETHUSDT:long", 2900)};
  late.snapshots_at = 9000;
  EXPECT_FALSE(store_->CommitCheck(late).ok());
  EXPECT_TRUE(store_->alerts().States(user_)->empty());
  EXPECT_EQ(store_->connections().GetById(c.id)->last_success_at, 0);
  EXPECT_TRUE(store_->snapshots().ListForUser(user_)->empty());

  // The owner's own commit reschedules the monitor and releases the lease.
  CheckCommit own = late;
  own.complete = MonitorCompletion{monitor, "worker-b", 30000};
  ASSERT_TRUE(store_->CommitCheck(own).ok());
  auto monitors = store_->monitors().ListForUser(user_);
  ASSERT_EQ(monitors->size(), 1u);
  EXPECT_EQ(monitors->front().next_due_at, 30000);
  EXPECT_EQ(monitors->front().lease_owner, "");
  EXPECT_EQ(store_->alerts().States(user_)->size(), 1u);
}

TEST_P(CheckCommitTest, StatesAreReadByKeyPrefixOnly) {
  CheckOutcome o;
  o.user_id = user_;
  for (const char* key :
       {"c1:ETHUSDT:long|liquidation", "c1:ETHUSDT:long|leverage", "c12:BTCUSDT:short|liquidation",
        "m7|liquidation", "gaps:c1|read", "gaps:c12|read", "bot:mute", "bot:quiet:c1:ETHUSDT:long",
        "stale:m3|data"}) {
    o.states.push_back({user_, key, "{}"});
  }
  ASSERT_TRUE(store_->alerts().Commit(o).ok());
  // Another user's state under the same key is never returned.
  auto other = store_->users().Create("other@example.com", "hash", 1000);
  ASSERT_TRUE(other.ok());
  CheckOutcome theirs;
  theirs.user_id = other->id;
  theirs.states = {{other->id, "c1:ETHUSDT:long|liquidation", "{}"}};
  ASSERT_TRUE(store_->alerts().Commit(theirs).ok());

  // "c1:" must not take connection 12's keys, nor "gaps:c1|" those of gaps:c12.
  EXPECT_EQ(
      Keys({"c1:", "gaps:c1|", "bot:"}),
      (std::vector<std::string>{"bot:mute", "bot:quiet:c1:ETHUSDT:long", "c1:ETHUSDT:long|leverage",
                                "c1:ETHUSDT:long|liquidation", "gaps:c1|read"}));
  EXPECT_EQ(Keys({"m", "stale:m3|"}),
            (std::vector<std::string>{"m7|liquidation", "stale:m3|data"}));
  EXPECT_FALSE(store_->alerts().StatesWithPrefixes(user_, {}).ok());
  EXPECT_FALSE(store_->alerts().StatesWithPrefixes(user_, {"a", "b", "c", "d", "e"}).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, CheckCommitTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace baro::store
