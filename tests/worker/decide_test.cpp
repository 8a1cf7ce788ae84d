// The decision stage alone (worker/decide.h): a hand-built observation in, the one commit a check
// writes out, with no store and no clock.
#include "worker/decide.h"

#include <gtest/gtest.h>

#include "notify/silences.h"
#include "worker/assess.h"

namespace baro::worker {
namespace {

constexpr std::int64_t kNow = 1'700'000'000'000;

class DecideTest : public ::testing::Test {
 protected:
  void SetUp() override {
    o_.user.id = 7;
    o_.user.locale = "en";
    o_.user.time_zone = "UTC";
    o_.monitor.id = 3;
    o_.monitor.user_id = 7;
    o_.monitor.connection_id = 12;
    store::Connection c;
    c.id = 12;
    c.user_id = 7;
    c.venue = Venue::kBybit;
    c.label = "main";
    o_.connection = c;
    o_.chats = {{7, 1001, "trader", true, 0}, {7, 1002, "group", false, 0}};
  }
  // An isolated long the venue prices at liquidation 85: at mark 90 it is (90 − 85) / 90 =
  // 5.56 % away, past the default critical step (7 %) and short of emergency (3 %). Its loss,
  // (90 − 92) × 1 on 20 of margin, is an ROE of −10 %, and its leverage 90 / 20 = 4.5x: both
  // below their first steps (−50 %, 10x).
  void AddLong() {
    ObservedPosition p;
    p.key = PositionKey::OfConnection(12, "ETHUSDT", Side::kLong);
    p.position.venue = Venue::kBybit;
    p.position.symbol = "ETHUSDT";
    p.position.base = "ETH";
    p.position.quote = "USDT";
    p.position.side = Side::kLong;
    p.position.size = 1;
    p.position.entry_price = 92;
    p.position.mark_price = 90;
    p.position.leverage = 5;
    p.position.margin_mode = MarginMode::kIsolated;
    p.position.isolated_margin = 20;
    p.position.liquidation_price = 85;
    o_.positions.push_back(p);
  }
  store::CheckCommit Run(int failures_before_attention = 3) {
    return Decide(o_, AssessAll(o_, risk::Thresholds{}),
                  {.failures_before_attention = failures_before_attention, .page_url = ""}, kNow);
  }
  Observation o_;
};

TEST_F(DecideTest, ACriticalPositionIsRecordedToldToActiveChatsAndSnapshotted) {
  AddLong();
  const auto commit = Run();
  ASSERT_EQ(commit.outcome.alerts.size(), 1u);
  EXPECT_EQ(commit.outcome.alerts[0].position_key, "c12:ETHUSDT:long");
  EXPECT_EQ(commit.outcome.alerts[0].signal, "liquidation");
  EXPECT_EQ(commit.outcome.alerts[0].level, "critical");
  ASSERT_EQ(commit.outcome.messages.size(), 1u);  // the inactive chat gets nothing
  EXPECT_EQ(commit.outcome.messages[0].chat_id, 1001);
  EXPECT_EQ(commit.outcome.messages[0].level, static_cast<int>(risk::Level::kCritical));
  EXPECT_FALSE(commit.outcome.messages[0].silent);
  ASSERT_TRUE(commit.snapshots_of.has_value());
  EXPECT_EQ(*commit.snapshots_of, 3);
  ASSERT_EQ(commit.snapshots.size(), 1u);
  EXPECT_NEAR(commit.snapshots[0].distance_to_liquidation, 5.0 / 90.0, 1e-12);
  EXPECT_EQ(commit.snapshots[0].level, "critical");
  ASSERT_TRUE(commit.health.has_value());
  EXPECT_EQ(commit.health->last_success_at, kNow);
  EXPECT_EQ(commit.health->consecutive_failures, 0);
}

TEST_F(DecideTest, AnAlertHeldBackBySnoozeNamesNoMessageWhileItsNeighbourNamesTheOneSent) {
  AddLong();
  AddLong();
  o_.positions[1].key = PositionKey::OfConnection(12, "SOLUSDT", Side::kLong);
  o_.positions[1].position.symbol = "SOLUSDT";
  o_.positions[1].position.base = "SOL";
  // SOL is snoozed up to critical from the bot; its critical alert is recorded, not sent.
  o_.states = {{7, notify::PositionSilenceKey("c12:SOLUSDT:long"),
                notify::ToJson(notify::Silence{notify::kForever, risk::Level::kCritical})}};
  const auto commit = Run();
  ASSERT_EQ(commit.outcome.alerts.size(), 2u);
  ASSERT_EQ(commit.outcome.messages.size(), 1u);
  for (const auto& alert : commit.outcome.alerts) {
    if (alert.position_key == "c12:ETHUSDT:long") {
      EXPECT_EQ(alert.message, 0) << "announced by the check's one message";
    } else {
      EXPECT_EQ(alert.position_key, "c12:SOLUSDT:long");
      EXPECT_EQ(alert.message, store::AlertRecord::kNoMessage) << "held back by the snooze";
    }
  }
}

// The venue's tick for the symbol, when the lookup knows it: Bybit quotes ETHUSDT at 0.01
// (priceFilter.tickSize, https://bybit-exchange.github.io/docs/v5/market/instrument), so the
// message shows liquidation 85 as "85.00" and mark 90 as "90.00". The lookup is asked only for a
// position with an alert to announce: once per alerting position, never on a quiet check.
TEST_F(DecideTest, AnAlertShowsPricesAtTheTickTheLookupGivesAndAQuietCheckAsksNothing) {
  AddLong();
  int asked = 0;
  DecideOptions options{.page_url = "",
                        .price_precision = [&](Venue venue, std::string_view symbol) {
                          ++asked;
                          EXPECT_EQ(venue, Venue::kBybit);
                          EXPECT_EQ(symbol, "ETHUSDT");
                          return notify::PricePrecision{.tick = 0.01};
                        }};
  const auto first = Decide(o_, AssessAll(o_, risk::Thresholds{}), options, kNow);
  EXPECT_EQ(asked, 1);
  ASSERT_EQ(first.outcome.messages.size(), 1u);
  const std::string& text = first.outcome.messages[0].text;
  EXPECT_NE(text.find("85.00"), std::string::npos) << text;
  EXPECT_NE(text.find("mark 90.00"), std::string::npos) << text;
  o_.states = first.outcome.states;  // as the store would hand them back
  const auto second = Decide(o_, AssessAll(o_, risk::Thresholds{}), options, kNow + 1000);
  EXPECT_TRUE(second.outcome.messages.empty());
  EXPECT_EQ(asked, 1) << "a check with nothing to announce asked for the tick";
}

TEST_F(DecideTest, TheSameLevelAgainWritesNoAlertButStillTheSnapshot) {
  AddLong();
  const auto first = Run();
  o_.states = first.outcome.states;  // as the store would hand them back
  const auto second = Run();
  EXPECT_TRUE(second.outcome.alerts.empty());
  EXPECT_TRUE(second.outcome.messages.empty());
  EXPECT_EQ(second.snapshots.size(), 1u);
}

TEST_F(DecideTest, AReadFailureCountsOnTheHealthAndIsToldOnceAtTheThreshold) {
  o_.error = MakeError(ErrorCode::kUnavailable, "venue down");
  o_.connection->consecutive_failures = 1;
  auto commit = Run(/*failures_before_attention=*/2);
  ASSERT_TRUE(commit.health.has_value());
  EXPECT_EQ(commit.health->consecutive_failures, 2);
  EXPECT_TRUE(commit.health->needs_attention);
  EXPECT_TRUE(commit.health->attention_notified);
  EXPECT_EQ(commit.outcome.messages.size(), 1u);
  ASSERT_EQ(commit.outcome.alerts.size(), 1u);
  EXPECT_EQ(commit.outcome.alerts[0].level, "attention");
  EXPECT_FALSE(commit.snapshots_of.has_value());  // the last snapshot stays

  o_.connection = commit.health;  // the next failure: already told
  commit = Run(2);
  EXPECT_EQ(commit.health->consecutive_failures, 3);
  EXPECT_TRUE(commit.outcome.messages.empty());
  EXPECT_TRUE(commit.outcome.alerts.empty());
}

TEST_F(DecideTest, AnAnnouncedPositionThatIsGoneIsReportedClosedOnce) {
  AddLong();
  const auto first = Run();
  o_.states = first.outcome.states;
  o_.positions.clear();
  const auto gone = Run();
  ASSERT_EQ(gone.outcome.alerts.size(), 1u);
  EXPECT_EQ(gone.outcome.alerts[0].level, "closed");
  EXPECT_EQ(gone.outcome.alerts[0].summary, "ETHUSDT closed");
  EXPECT_EQ(gone.outcome.messages.size(), 1u);
  EXPECT_TRUE(gone.snapshots.empty());
  ASSERT_TRUE(gone.snapshots_of.has_value());
}

TEST_F(DecideTest, StatesOfOtherMonitorsAreNeverTouched) {
  // A state of another connection (12 vs 120: the same prefix digits) and a bot silence.
  o_.states = {{7, "c120:BTCUSDT:long|liquidation", R"({"level":3,"notified":3})"},
               {7, "bot:mute", R"({"until":0})"}};
  const auto commit = Run();
  EXPECT_TRUE(commit.outcome.states.empty());
  EXPECT_TRUE(commit.outcome.alerts.empty());
}

}  // namespace
}  // namespace baro::worker
