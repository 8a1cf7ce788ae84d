// The tick path (worker/tick_assessor.h): a hand-entered position checked once by the real
// checker on the real SQLite store, then judged again on streamed marks between checks.
#include "worker/tick_assessor.h"

#include <gtest/gtest.h>

#include <optional>

#include "support/temp_dir.h"
#include "worker/checker.h"

namespace baro::worker {
namespace {

class FixedMarket final : public market::MarketData {
 public:
  Result<market::Instrument> Find(Venue, std::string_view symbol) override {
    return market::Instrument{std::string(symbol), "BTC", "USDT", mark, 125, 0.004};
  }
  double mark = 100000;
};

class TickAssessorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::OpenStore("sqlite://" + dir_.File("t.db"));
    ASSERT_TRUE(s.ok());
    store_ = std::move(*s);
    ASSERT_TRUE(store_->Migrate().ok());
    auto user = store_->users().Create("trader@x.io", "h", clock_.NowMs());
    ASSERT_TRUE(user.ok());
    user_ = *user;
    // Only the distance signal is under test: the others are set out of reach.
    user_.thresholds_json =
        R"({"roe":[-0.99,-0.995,-0.999],"leverage":[100,200,300],"margin_usage":[0.999,0.9995,0.9999]})";
    user_.time_zone = "UTC";
    ASSERT_TRUE(store_->users().UpdateSettings(user_).ok());
    ASSERT_TRUE(store_->telegram().LinkChat({user_.id, 4242, "trader", true, 0}).ok());
    AddPosition();
    tick_.emplace(TickOptions{.owner = "w1", .min_interval_ms = 1000, .lease_ms = 30000}, *store_,
                  clock_);
    CheckerOptions options;
    options.observed = [this](const Observation& o) { tick_->Remember(o); };
    checker_.emplace(options, *store_, market_, nullptr, clock_);
  }
  void AddPosition(const std::string& symbol = "BTCUSDT") {
    store::ManualPosition p;
    p.user_id = user_.id;
    p.symbol = symbol;
    p.entry_price = 100000;
    p.size = 1;
    p.leverage = 3;
    ASSERT_TRUE(store_->manual_positions().Create(p, clock_.NowMs()).ok());
  }
  store::Monitor Monitor() { return store_->monitors().ListForUser(user_.id)->at(0); }
  // One scheduled check under the worker's lease, next due 150 s later; returns the liquidation
  // price it found.
  double ScheduledCheck() {
    const std::int64_t now = clock_.NowMs();
    auto claimed = store_->monitors().ClaimDue("w1", now + 1'000'000, 10, 60'000);
    EXPECT_EQ(claimed->size(), 1u);
    checker_->Check(claimed->front(),
                    CheckLease{.now = now, .owner = "w1", .next_due_at = now + 150'000});
    return *store_->snapshots().ListForUser(user_.id)->at(0).position.liquidation_price;
  }
  std::vector<store::AlertRecord> Alerts() { return *store_->alerts().History(user_.id, 100); }

  testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  ManualClock clock_{1'767'225'600'000};  // 2026-01-01 00:00 UTC
  FixedMarket market_;
  store::User user_;
  std::optional<TickAssessor> tick_;
  std::optional<Checker> checker_;
};

TEST_F(TickAssessorTest, AMarkNearLiquidationAlertsBetweenChecksAndLeavesTheScheduleAlone) {
  const double liquidation = ScheduledCheck();
  ASSERT_LT(liquidation, 100000);
  EXPECT_TRUE(Alerts().empty());
  EXPECT_EQ(store_->snapshots().ListForUser(user_.id)->at(0).position.mark_streamed_at_ms, 0);
  EXPECT_EQ(tick_->Symbols(),
            (std::set<std::pair<Venue, std::string>>{{Venue::kBinance, "BTCUSDT"}}));
  const std::int64_t due = Monitor().next_due_at;

  // 5 % from the liquidation price (a long's distance is (mark − LP) / mark): critical.
  clock_.Advance(2'000);
  const double mark = liquidation / (1 - 0.05);
  tick_->OnMark(Venue::kBinance, "BTCUSDT", mark, clock_.NowMs());
  EXPECT_EQ(tick_->RunOnce(), 1);
  auto alerts = Alerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].signal, "liquidation");
  EXPECT_EQ(alerts[0].level, "critical");
  EXPECT_EQ(store_->outbox().ListForUser(user_.id)->size(), 1u);
  auto snap = store_->snapshots().ListForUser(user_.id)->at(0);
  EXPECT_DOUBLE_EQ(snap.position.mark_price, mark);
  EXPECT_NEAR(snap.distance_to_liquidation, 0.05, 1e-9);
  // The page is told the figures come from the stream, and when that mark arrived.
  EXPECT_EQ(snap.position.mark_streamed_at_ms, clock_.NowMs());
  EXPECT_EQ(Monitor().next_due_at, due);  // the next check stays where it was
  EXPECT_EQ(Monitor().lease_owner, "");

  // The same level on the next tick: no second alert (the policy's state was committed), and
  // nothing to write: the tick is screened in memory and leaves the store alone.
  clock_.Advance(2'000);
  tick_->OnMark(Venue::kBinance, "BTCUSDT", mark * 0.9999, clock_.NowMs());
  EXPECT_EQ(tick_->RunOnce(), 0);
  EXPECT_EQ(Alerts().size(), 1u);
  EXPECT_DOUBLE_EQ(store_->snapshots().ListForUser(user_.id)->at(0).position.mark_price, mark);
}

TEST_F(TickAssessorTest, MarksWithinTheIntervalAreFoldedIntoOneReassessment) {
  const double liquidation = ScheduledCheck();
  clock_.Advance(2'000);
  tick_->OnMark(Venue::kBinance, "BTCUSDT", liquidation / (1 - 0.10), clock_.NowMs());
  EXPECT_EQ(tick_->RunOnce(), 1);  // 10 %: warning
  clock_.Advance(200);
  tick_->OnMark(Venue::kBinance, "BTCUSDT", liquidation / (1 - 0.05), clock_.NowMs());
  clock_.Advance(200);
  tick_->OnMark(Venue::kBinance, "BTCUSDT", liquidation / (1 - 0.02), clock_.NowMs());
  EXPECT_EQ(tick_->RunOnce(), 0);  // 400 ms after the last: within worker.tick_min_interval_ms
  clock_.Advance(600);
  EXPECT_EQ(tick_->RunOnce(), 1);  // the latest mark (2 %: emergency), not each one
  auto alerts = Alerts();          // newest first
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(alerts[0].level, "emergency");
  EXPECT_EQ(alerts[1].level, "warning");
}

TEST_F(TickAssessorTest, TheTickAfterACheckJudgesOnTheStatesThatCheckCommitted) {
  const double liquidation = ScheduledCheck();
  clock_.Advance(2'000);
  tick_->OnMark(Venue::kBinance, "BTCUSDT", liquidation / (1 - 0.05), clock_.NowMs());
  EXPECT_EQ(tick_->RunOnce(), 1);  // 5 %: critical
  // The next check reads the mark back at 100,000 (33 % away: safe) and commits the recovery;
  // the observation it hands over still carries the critical state it started from.
  clock_.Advance(150'000);
  ScheduledCheck();
  auto alerts = Alerts();
  ASSERT_EQ(alerts.size(), 2u);
  ASSERT_EQ(alerts[0].level, "ok");
  // Critical again on a tick: announced again, judged on the recovered state.
  clock_.Advance(2'000);
  tick_->OnMark(Venue::kBinance, "BTCUSDT", liquidation / (1 - 0.05), clock_.NowMs());
  EXPECT_EQ(tick_->RunOnce(), 1);
  alerts = Alerts();
  ASSERT_EQ(alerts.size(), 3u);
  EXPECT_EQ(alerts[0].level, "critical");
}

TEST_F(TickAssessorTest, APositionOpenedBetweenChecksIsStreamedFromTheNextCheckOn) {
  const double liquidation = ScheduledCheck();
  AddPosition("ETHUSDT");  // opened after the check: not known to the tick path yet
  clock_.Advance(2'000);
  tick_->OnMark(Venue::kBinance, "ETHUSDT", liquidation / (1 - 0.02), clock_.NowMs());
  EXPECT_EQ(tick_->RunOnce(), 0);
  EXPECT_TRUE(Alerts().empty());
  EXPECT_EQ(tick_->Symbols(),
            (std::set<std::pair<Venue, std::string>>{{Venue::kBinance, "BTCUSDT"}}));

  // The next check reads it (by REST), and from then on its symbol is streamed and judged.
  clock_.Advance(150'000);
  const std::int64_t now = clock_.NowMs();
  auto claimed = store_->monitors().ClaimDue("w1", now + 1'000'000, 10, 60'000);
  ASSERT_EQ(claimed->size(), 1u);
  checker_->Check(claimed->front(),
                  CheckLease{.now = now, .owner = "w1", .next_due_at = now + 150'000});
  EXPECT_EQ(tick_->Symbols(), (std::set<std::pair<Venue, std::string>>{
                                  {Venue::kBinance, "BTCUSDT"}, {Venue::kBinance, "ETHUSDT"}}));
  clock_.Advance(2'000);
  // Both positions share the fixed market's terms, so the same liquidation price: 2 % away on
  // ETHUSDT's mark is an emergency for that position alone.
  tick_->OnMark(Venue::kBinance, "ETHUSDT", liquidation / (1 - 0.02), clock_.NowMs());
  EXPECT_EQ(tick_->RunOnce(), 1);
  auto alerts = Alerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].level, "emergency");
}

TEST_F(TickAssessorTest, AQuietTickThenACrossingAlerts) {
  const double liquidation = ScheduledCheck();
  clock_.Advance(2'000);
  tick_->OnMark(Venue::kBinance, "BTCUSDT", 99'000, clock_.NowMs());
  EXPECT_EQ(tick_->RunOnce(), 0);  // 32 % away: safe, nothing written
  clock_.Advance(2'000);
  tick_->OnMark(Venue::kBinance, "BTCUSDT", liquidation / (1 - 0.05), clock_.NowMs());
  EXPECT_EQ(tick_->RunOnce(), 1);
  ASSERT_EQ(Alerts().size(), 1u);
}

TEST_F(TickAssessorTest, AMonitorHeldByACheckOrAnotherWorkerIsLeftToIt) {
  const double liquidation = ScheduledCheck();
  clock_.Advance(2'000);
  ASSERT_EQ(store_->monitors().ClaimDue("w2", clock_.NowMs() + 1'000'000, 10, 60'000)->size(), 1u);
  tick_->OnMark(Venue::kBinance, "BTCUSDT", liquidation / (1 - 0.02), clock_.NowMs());
  EXPECT_EQ(tick_->RunOnce(), 0);
  EXPECT_TRUE(Alerts().empty());
  EXPECT_EQ(Monitor().lease_owner, "w2");
}

TEST_F(TickAssessorTest, KeepsAtMostTheConfiguredMonitorsAndOnlyTheirSymbols) {
  tick_.emplace(TickOptions{.owner = "w1", .max_monitors = 1}, *store_, clock_);
  Observation a;
  a.monitor.id = 1;
  ObservedPosition eth;
  eth.position.venue = Venue::kBybit;
  eth.position.symbol = "ETHUSDT";
  a.positions = {eth};
  Observation b = a;
  b.monitor.id = 2;
  b.positions[0].position.symbol = "SOLUSDT";
  tick_->Remember(a);
  tick_->Remember(b);  // a, the least recently checked, leaves
  EXPECT_EQ(tick_->size(), 1u);
  EXPECT_EQ(tick_->Symbols(),
            (std::set<std::pair<Venue, std::string>>{{Venue::kBybit, "SOLUSDT"}}));
  b.error = MakeError(ErrorCode::kUnavailable, "venue down");
  tick_->Remember(b);  // a failed read: nothing current to re-assess
  EXPECT_EQ(tick_->size(), 0u);
  EXPECT_TRUE(tick_->Symbols().empty());
}

}  // namespace
}  // namespace baro::worker
