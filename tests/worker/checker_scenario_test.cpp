// Scenario tests of the alert policy as the user experiences it: a scripted mark-price path for a
// hand-entered position goes in, and the exact sequence of alerts and Telegram messages comes out
// of the real checker and the real SQLite store (hovering, escalation inside a cooldown, recovery,
// quiet hours, a closed position, unreadable market data).
#include <gtest/gtest.h>

#include <optional>

#include "notify/silences.h"
#include "risk/tier_snapshot.h"
#include "support/temp_dir.h"
#include "worker/checker.h"

namespace baro::worker {
namespace {

class ScriptedMarket final : public market::MarketData {
 public:
  Result<market::Instrument> Find(Venue, std::string_view symbol) override {
    if (!mark) return MakeError(ErrorCode::kUnavailable, "market down");
    return market::Instrument{std::string(symbol), "BTC", "USDT", *mark, 125, 0.004};
  }
  std::optional<double> mark = 100000;
};

struct Step {
  std::vector<std::string> alerts;  // "signal:level" recorded at this check, in order
  int messages = 0;
  bool silent = false;
  int level = -1;  // the outbox level of the last message written at this check
};

class CheckerScenario : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::OpenStore("sqlite://" + dir_.File("s.db"));
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
    store::ManualPosition p;
    p.user_id = user_.id;
    p.symbol = "BTCUSDT";
    p.entry_price = 100000;
    p.size = 1;
    p.leverage = 3;
    auto created = store_->manual_positions().Create(p, clock_.NowMs());
    ASSERT_TRUE(created.ok());
    position_id_ = created->id;
    monitor_ = store_->monitors().ListForUser(user_.id)->at(0);
    checker_.emplace(CheckerOptions{}, *store_, market_, nullptr, clock_);
    // The first check finds the liquidation price every distance below is measured from.
    Check();
    auto snaps = store_->snapshots().ListForUser(user_.id);
    ASSERT_TRUE(snaps.ok() && snaps->size() == 1u);
    ASSERT_TRUE(snaps->at(0).position.liquidation_price.has_value());
    liquidation_ = *snaps->at(0).position.liquidation_price;
    ASSERT_LT(liquidation_, 100000);
  }

  // One check, 150 s after the last, at distance `d` from the liquidation price (a long's
  // distance is (mark - LP) / mark).
  Step At(double d) {
    market_.mark = liquidation_ / (1 - d);
    return Check();
  }

  Step Check() {
    clock_.Advance(150'000);
    const std::size_t alerts_before = History().size();
    const std::size_t messages_before = Outbox().size();
    checker_->Check(monitor_, clock_.NowMs());
    Step step;
    auto history = History();
    for (std::size_t i = alerts_before; i < history.size(); ++i) {
      step.alerts.push_back(history[i].signal + ":" + history[i].level);
    }
    auto outbox = Outbox();
    step.messages = static_cast<int>(outbox.size() - messages_before);
    for (std::size_t i = messages_before; i < outbox.size(); ++i) {
      step.silent = outbox[i].silent;
      step.level = outbox[i].level;
    }
    return step;
  }

  std::vector<store::AlertRecord> History() {
    auto h = store_->alerts().History(user_.id, 1000);
    std::vector<store::AlertRecord> out(h->rbegin(), h->rend());  // oldest first
    return out;
  }
  std::vector<store::OutboxMessage> Outbox() { return *store_->outbox().ListForUser(user_.id); }

  testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  ManualClock clock_{1'767'225'600'000};  // 2026-01-01 00:00 UTC
  ScriptedMarket market_;
  store::User user_;
  store::Id position_id_ = 0;
  store::Monitor monitor_;
  std::optional<Checker> checker_;
  double liquidation_ = 0;
};

using Alerts = std::vector<std::string>;

TEST_F(CheckerScenario, HoverEscalateRecover) {
  // Defaults (docs/risk.md): warning at 15 %, critical at 7 %, emergency at 3 %; a level clears
  // only 20 % beyond its threshold (above 18 % for the warning).
  EXPECT_EQ(At(0.30).alerts, Alerts{});
  auto warning = At(0.12);
  EXPECT_EQ(warning.alerts, Alerts{"liquidation:warning"});
  EXPECT_EQ(warning.messages, 1);
  EXPECT_FALSE(warning.silent);
  EXPECT_EQ(warning.level, 1) << "the warning lane (risk::Level::kWarning)";
  EXPECT_EQ(At(0.16).alerts, Alerts{}) << "hovering just above the threshold does not flap";
  EXPECT_EQ(At(0.14).alerts, Alerts{}) << "the same level inside its cooldown stays quiet";
  EXPECT_EQ(At(0.17).messages, 0);
  auto critical = At(0.05);
  EXPECT_EQ(critical.alerts, Alerts{"liquidation:critical"}) << "escalation goes out at once";
  EXPECT_EQ(critical.messages, 1);
  EXPECT_EQ(critical.level, 2);
  EXPECT_EQ(At(0.06).alerts, Alerts{});
  auto emergency = At(0.02);
  EXPECT_EQ(emergency.alerts, Alerts{"liquidation:emergency"});
  EXPECT_EQ(emergency.level, 3) << "the first lane";
  auto safe = At(0.40);
  EXPECT_EQ(safe.alerts.size(), 1u);
  EXPECT_EQ(safe.messages, 1) << "one back-to-safe message";
  EXPECT_EQ(At(0.41).messages, 0);
  EXPECT_EQ(At(0.12).alerts, Alerts{"liquidation:warning"}) << "a new approach is announced again";
}

TEST_F(CheckerScenario, TheSameLevelRepeatsOnlyAfterItsInterval) {
  ASSERT_EQ(At(0.05).alerts, Alerts{"liquidation:critical"});
  // Critical repeats every 30 minutes by default: twelve 150 s checks.
  int repeats = 0;
  for (int i = 0; i < 11; ++i) repeats += At(0.05).messages;
  EXPECT_EQ(repeats, 0);
  EXPECT_EQ(At(0.05).messages, 1);
}

TEST_F(CheckerScenario, QuietHoursSilenceAllButCriticalAlerts) {
  user_.quiet_start_minute = 0;  // the whole scenario runs between 00:00 and 02:00 UTC
  user_.quiet_end_minute = 8 * 60;
  ASSERT_TRUE(store_->users().UpdateSettings(user_).ok());
  auto warning = At(0.12);
  EXPECT_EQ(warning.messages, 1);
  EXPECT_TRUE(warning.silent) << "a warning arrives without a sound";
  auto emergency = At(0.02);
  EXPECT_EQ(emergency.alerts, Alerts{"liquidation:emergency"});
  EXPECT_FALSE(emergency.silent) << "critical and worse always ring";
}

// What the bot's /mute and an alert's "Snooze 1 h" store (notify/silences.h).
void Silence(store::Store& store, store::Id user, const std::string& key, std::int64_t until,
             risk::Level up_to) {
  store::CheckOutcome o;
  o.user_id = user;
  o.states.push_back({user, key, notify::ToJson({until, up_to})});
  ASSERT_TRUE(store.alerts().Commit(o).ok());
}

TEST_F(CheckerScenario, MutedWarningsAndCriticalsAreHeldBackButEmergenciesGoOut) {
  Silence(*store_, user_.id, notify::kMuteStateKey, clock_.NowMs() + 3600 * 1000,
          risk::Level::kCritical);
  auto warning = At(0.12);
  EXPECT_EQ(warning.alerts, Alerts{"liquidation:warning"})
      << "recorded in the history all the same";
  EXPECT_EQ(warning.messages, 0);
  EXPECT_EQ(At(0.05).messages, 0);
  EXPECT_EQ(At(0.02).messages, 1) << "an emergency always goes out";
}

TEST_F(CheckerScenario, ASnoozeAtWarningStillLetsAnEscalationThrough) {
  Silence(*store_, user_.id, notify::PositionSilenceKey("m" + std::to_string(position_id_)),
          clock_.NowMs() + 3600 * 1000, risk::Level::kWarning);
  EXPECT_EQ(At(0.12).messages, 0);
  EXPECT_EQ(At(0.05).messages, 1);
}

TEST_F(CheckerScenario, AlertsCarryButtonsForTheirPosition) {
  CheckerOptions options;
  options.page_url = "https://baro.example";
  checker_.emplace(options, *store_, market_, nullptr, clock_);
  ASSERT_EQ(At(0.05).messages, 1);
  const std::string markup = Outbox().back().reply_markup;
  EXPECT_NE(markup.find("\"callback_data\":\"z:2:m" + std::to_string(position_id_) + "\""),
            std::string::npos)
      << markup;
  EXPECT_NE(markup.find("https://baro.example/#/positions"), std::string::npos) << markup;
}

// Under the worker's lease, a check reschedules its monitor in its own transaction; a check whose
// lease another worker took over writes nothing at all.
TEST_F(CheckerScenario, ACheckUnderItsLeaseReschedulesItselfAndALostLeaseWritesNothing) {
  clock_.Advance(150'000);
  const std::int64_t now = clock_.NowMs();
  auto claimed = store_->monitors().ClaimDue("w1", now, 10, 60'000);
  ASSERT_TRUE(claimed.ok());
  ASSERT_EQ(claimed->size(), 1u);
  market_.mark = liquidation_ / (1 - 0.05);  // critical: an alert to write
  const CheckLease lease{.now = now, .owner = "w1", .next_due_at = now + 150'000};
  const auto done = checker_->Check(claimed->front(), lease);
  EXPECT_TRUE(done.completed);
  auto monitor = store_->monitors().ListForUser(user_.id)->at(0);
  EXPECT_EQ(monitor.next_due_at, now + 150'000);
  EXPECT_EQ(monitor.lease_owner, "");
  const std::size_t alerts = History().size();
  EXPECT_EQ(alerts, 1u);

  // w1 claims again, stalls past its lease, and w2 takes the monitor over.
  clock_.Advance(150'000);
  ASSERT_EQ(store_->monitors().ClaimDue("w1", clock_.NowMs(), 10, 1'000)->size(), 1u);
  clock_.Advance(2'000);
  ASSERT_EQ(store_->monitors().ClaimDue("w2", clock_.NowMs(), 10, 60'000)->size(), 1u);
  market_.mark = liquidation_ / (1 - 0.02);  // emergency: it would alert
  const CheckLease stale{.now = clock_.NowMs(), .owner = "w1", .next_due_at = now + 999'000};
  const auto late = checker_->Check(monitor_, stale);
  EXPECT_FALSE(late.completed);
  EXPECT_EQ(History().size(), alerts);  // w2 will decide; w1 wrote nothing
  EXPECT_EQ(store_->monitors().ListForUser(user_.id)->at(0).lease_owner, "w2");
}

TEST_F(CheckerScenario, AClosedPositionIsReportedOnce) {
  ASSERT_EQ(At(0.05).alerts, Alerts{"liquidation:critical"});
  ASSERT_TRUE(store_->manual_positions().Delete(user_.id, position_id_).ok());
  auto closed = Check();
  EXPECT_EQ(closed.alerts, Alerts{"position:closed"});
  EXPECT_EQ(closed.messages, 1);
  EXPECT_EQ(Check().messages, 0);
}

TEST_F(CheckerScenario, UnreadableMarketDataIsToldOnceAndRecoveryResumesAlerts) {
  ASSERT_EQ(At(0.12).alerts, Alerts{"liquidation:warning"});
  market_.mark.reset();
  int messages = 0;
  for (int i = 0; i < 6; ++i) messages += Check().messages;
  EXPECT_EQ(messages, 1) << "the user is told once that the prices cannot be read";
  auto history = History();
  EXPECT_EQ(history.back().signal, "data");
  EXPECT_EQ(history.back().level, "stale");
  EXPECT_EQ(At(0.05).alerts, Alerts{"liquidation:critical"}) << "alerts resume with the data";
}

// After one good read, a venue that stops answering must not leave hand-entered positions judged on
// frozen prices: past exchanges.mark_max_age_s the position shows "price unavailable since" its
// last priced check and, after worker.failures_before_attention checks, the user is told once.
TEST(CheckerStalePrices, PricesPastTheirMaximumAgeAreToldOnceAndShownUnavailable) {
  testing::TempDir dir;
  auto opened = store::OpenStore("sqlite://" + dir.File("s.db"));
  ASSERT_TRUE(opened.ok());
  auto& store = **opened;
  ASSERT_TRUE(store.Migrate().ok());
  ManualClock clock(1'767'225'600'000);  // 2026-01-01 00:00 UTC
  auto user = store.users().Create("trader@x.io", "h", clock.NowMs());
  ASSERT_TRUE(user.ok());
  ASSERT_TRUE(store.telegram().LinkChat({user->id, 4242, "trader", true, 0}).ok());
  store::ManualPosition p;
  p.user_id = user->id;
  p.symbol = "BTCUSDT";
  p.entry_price = 100000;
  p.size = 1;
  p.leverage = 3;
  ASSERT_TRUE(store.manual_positions().Create(p, clock.NowMs()).ok());
  const store::Monitor monitor = store.monitors().ListForUser(user->id)->at(0);

  bool venue_up = true;
  // The production cache: prices reused 20 s, usable for at most 300 s without a new read.
  market::CachedMarketData market(
      [&](Venue) -> Result<std::vector<market::Instrument>> {
        if (!venue_up) return MakeError(ErrorCode::kUnavailable, "venue down");
        return std::vector<market::Instrument>{{"BTCUSDT", "BTC", "USDT", 100000, 125, 0.004}};
      },
      clock, 20'000, 300'000);
  Checker checker(CheckerOptions{}, store, market, nullptr, clock);  // 3 failures before telling
  checker.Check(monitor, clock.NowMs());
  const std::int64_t last_priced = clock.NowMs();
  ASSERT_EQ(store.snapshots().ListForUser(user->id)->at(0).level, "ok");

  venue_up = false;
  std::vector<int> messages;  // per check, every 150 s
  for (int i = 0; i < 8; ++i) {
    clock.Advance(150'000);
    const std::size_t before = store.outbox().ListForUser(user->id)->size();
    checker.Check(monitor, clock.NowMs());
    messages.push_back(static_cast<int>(store.outbox().ListForUser(user->id)->size() - before));
  }
  // Checks at 150 s and 300 s still have usable prices; from 450 s on they are too old, and the
  // third such check (750 s) tells the user, once.
  EXPECT_EQ(messages, (std::vector<int>{0, 0, 0, 0, 1, 0, 0, 0}));
  auto history = store.alerts().History(user->id, 10);
  ASSERT_FALSE(history->empty());
  EXPECT_EQ(history->front().signal, "data");
  EXPECT_EQ(history->front().level, "stale");
  auto snaps = store.snapshots().ListForUser(user->id);
  ASSERT_EQ(snaps->size(), 1u);
  EXPECT_EQ(snaps->at(0).level, "unavailable");
  EXPECT_LT(snaps->at(0).distance_to_liquidation, 0) << "no distance is shown on an old price";
  EXPECT_EQ(snaps->at(0).observed_at, last_priced + 300'000) << "unavailable since the last price";
}

// Binance serves a symbol's brackets only to a signed read. The brackets one user's connected
// account brought serve another user's hand-entered position on that symbol; without them (and
// outside the dated snapshot) the estimate uses the most conservative first rate of the snapshot,
// 3 %, and the alert says the rates are estimated. Long 1 NEWUSDT at 100, 10x, margin 10:
// with the account's 2 % bracket the liquidation price is (100 − 10) / (1 − 0.02) = 91.8367; with
// 3 % it is 90 / 0.97 = 92.7835.
TEST(CheckerTiers, AnAccountsBracketsServeEveryUserAndStandInsAreToldAsSuch) {
  class NewListing final : public market::MarketData {
   public:
    Result<market::Instrument> Find(Venue, std::string_view symbol) override {
      // Binance's premiumIndex: a mark and nothing about maintenance (docs/risk.md).
      return market::Instrument{std::string(symbol), "NEW", "USDT", 100, 0, std::nullopt};
    }
  };
  testing::TempDir dir;
  auto opened = store::OpenStore("sqlite://" + dir.File("t.db"));
  ASSERT_TRUE(opened.ok());
  auto& store = **opened;
  ASSERT_TRUE(store.Migrate().ok());
  ManualClock clock(1'767'225'600'000);
  auto add_manual = [&](const std::string& email) {
    auto user = store.users().Create(email, "h", clock.NowMs());
    EXPECT_TRUE(user.ok());
    EXPECT_TRUE(store.telegram().LinkChat({user->id, 1000 + user->id, "t", true, 0}).ok());
    store::ManualPosition p;
    p.user_id = user->id;
    p.venue = Venue::kBinance;
    p.symbol = "NEWUSDT";
    p.entry_price = 100;
    p.size = 1;
    p.leverage = 10;
    EXPECT_TRUE(store.manual_positions().Create(p, clock.NowMs()).ok());
    return *user;
  };
  auto lp_of = [&](const store::User& u) {
    auto snaps = store.snapshots().ListForUser(u.id);
    EXPECT_TRUE(snaps.ok() && snaps->size() == 1u);
    return snaps->at(0).position.liquidation_price.value_or(0);
  };
  NewListing market;
  ConnectionRead read;
  read.tiers["NEWUSDT"] = {risk::Tier{0, 1e300, 0.02, 0}};
  Checker checker(
      CheckerOptions{}, store, market,
      [&](const store::Connection&) -> Result<ConnectionRead> { return read; }, clock);

  // Before any account brought them: the conservative stand-in, and the alert says so.
  const store::User first = add_manual("first@x.io");
  checker.Check(store.monitors().ListForUser(first.id)->at(0), clock.NowMs());
  EXPECT_NEAR(lp_of(first), 90.0 / 0.97, 1e-6);
  auto outbox = store.outbox().ListForUser(first.id);
  ASSERT_EQ(outbox->size(), 1u) << "10x with the price 7.2 % away: a warning";
  EXPECT_NE(outbox->at(0).text.find("Margin rates not known"), std::string::npos)
      << outbox->at(0).text;

  // Another user's Binance account reads NEWUSDT's brackets with its positions.
  auto trader = store.users().Create("trader@x.io", "h", clock.NowMs());
  store::Connection c;
  c.user_id = trader->id;
  c.venue = Venue::kBinance;
  c.label = "main";
  ASSERT_TRUE(store.connections().Create(c, clock.NowMs()).ok());
  checker.Check(store.monitors().ListForUser(trader->id)->at(0), clock.NowMs());

  const store::User second = add_manual("second@x.io");
  clock.Advance(150'000);
  checker.Check(store.monitors().ListForUser(second.id)->at(0), clock.NowMs());
  EXPECT_NEAR(lp_of(second), 90.0 / 0.98, 1e-6);
  clock.Advance(150'000);
  checker.Check(store.monitors().ListForUser(first.id)->at(0), clock.NowMs());
  EXPECT_NEAR(lp_of(first), 90.0 / 0.98, 1e-6) << "every user's estimate uses them";
}

// HyperLiquid lowers a coin's maximum leverage from 50x to 20x: metaAndAssetCtxs now says 20x while
// the margin table read earlier in the day (and still served by the venue's meta) says 50x. The
// next check estimates with the venue's current 1/(2 × 20) = 2.5 %, not the cached 1 %. Long 1 XYZ
// at 100, 10x, margin 10: (100 − 10) / (1 − 0.01) = 90.9091 before, 90 / 0.975 = 92.3077 after.
TEST(CheckerTiers, TheVenuesCurrentMaxLeverageBeatsADayOldTier) {
  class Listing final : public market::MarketData {
   public:
    Result<market::Instrument> Find(Venue, std::string_view symbol) override {
      return market::Instrument{std::string(symbol),     "XYZ", "USDC", 100, max_leverage,
                                1.0 / (2 * max_leverage)};
    }
    double max_leverage = 50;
  };
  testing::TempDir dir;
  auto opened = store::OpenStore("sqlite://" + dir.File("h.db"));
  ASSERT_TRUE(opened.ok());
  auto& store = **opened;
  ASSERT_TRUE(store.Migrate().ok());
  ManualClock clock(1'767'225'600'000);
  auto user = store.users().Create("hl@x.io", "h", clock.NowMs());
  ASSERT_TRUE(user.ok());
  store::ManualPosition p;
  p.user_id = user->id;
  p.venue = Venue::kHyperliquid;
  p.symbol = "XYZ";
  p.entry_price = 100;
  p.size = 1;
  p.leverage = 10;
  ASSERT_TRUE(store.manual_positions().Create(p, clock.NowMs()).ok());
  const store::Monitor monitor = store.monitors().ListForUser(user->id)->at(0);
  Listing market;
  int loads = 0;
  CheckerOptions options;
  options.tier_loader = [&](Venue, const std::string&) -> Result<risk::VenueRiskSpec> {
    ++loads;
    risk::VenueRiskSpec spec;
    spec.tiers = risk::HyperliquidTiers(std::vector<std::pair<double, double>>{{0, 50}});
    return spec;
  };
  Checker checker(options, store, market, nullptr, clock);
  auto lp = [&] {
    checker.Check(monitor, clock.NowMs());
    return store.snapshots().ListForUser(user->id)->at(0).position.liquidation_price.value_or(0);
  };
  EXPECT_NEAR(lp(), 90.0 / 0.99, 1e-6);
  clock.Advance(3'600'000);
  market.max_leverage = 20;
  EXPECT_NEAR(lp(), 90.0 / 0.975, 1e-6);
  EXPECT_EQ(loads, 2) << "the cached tier was read again when the venue disagreed";
}

// A venue position's own thresholds (kept with its connection) apply to it and to no other.
TEST(CheckerThresholds, APositionsOwnThresholdsApplyToItAlone) {
  testing::TempDir dir;
  auto store = store::OpenStore("sqlite://" + dir.File("t.db"));
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->Migrate().ok());
  auto user = (*store)->users().Create("t@x.io", "h", 0);
  ASSERT_TRUE((*store)->telegram().LinkChat({user->id, 7, "t", true, 0}).ok());
  store::Connection c;
  c.user_id = user->id;
  c.venue = Venue::kBinance;
  c.label = "main";
  auto conn = (*store)->connections().Create(c, 0);
  ASSERT_TRUE(conn.ok());
  ASSERT_TRUE((*store)
                  ->connections()
                  .SetThresholds(user->id, conn->id,
                                 R"({"positions":{"BTCUSDT:long":{"distance":[0.5,0.4,0.3]}}})")
                  .ok());
  auto position = [](const std::string& symbol) {
    Position p;
    p.venue = Venue::kBinance;
    p.symbol = symbol;
    p.base = symbol.substr(0, 3);
    p.quote = "USDT";
    p.size = 1;
    p.entry_price = 100;
    p.mark_price = 100;
    p.liquidation_price = 55;  // 45 % away: inside the override's warning, far from the default
    p.leverage = 2;
    p.margin_mode = MarginMode::kIsolated;
    p.isolated_margin = 50;
    p.notional = 100;
    return p;
  };
  ScriptedMarket market;
  ManualClock clock(1'767'225'600'000);
  Checker checker(
      CheckerOptions{}, **store, market,
      [&](const store::Connection&) -> Result<ConnectionRead> {
        return ConnectionRead{{position("BTCUSDT"), position("ETHUSDT")}, std::nullopt};
      },
      clock);
  auto monitors = (*store)->monitors().ListForUser(user->id);
  ASSERT_TRUE(monitors.ok() && !monitors->empty());
  checker.Check(monitors->at(0), clock.NowMs());
  auto history = (*store)->alerts().History(user->id, 10);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ(history->at(0).position_key, "c" + std::to_string(conn->id) + ":BTCUSDT:long");
  EXPECT_EQ(history->at(0).level, "warning");
}

// A venue that reports no liquidation price for cross positions: Baro estimates each with the
// venue's formula, counting the other cross positions of the account, and flags it as estimated.
// The case is Binance's published cross example (FAQ b3c689c1f50a44cabb3a84e663b81d93;
// docs/risk.md): wallet 1,535,443.01, BTCUSDT long 109.488 at 32,481.98 (mark 31,967.27, MMR 2.5 %,
// cum 16,300) and ETHUSDT long 3,683.979 at 1,456.84 (mark 1,335.18, MMR 10 %, cum 135,365), the
// brackets coming with the account's read. Binance publishes 26,316.89 and 1,153.26.
TEST(CheckerCross, EstimatesCountTheOtherPositionsAndAreFlagged) {
  testing::TempDir dir;
  auto store = store::OpenStore("sqlite://" + dir.File("x.db"));
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->Migrate().ok());
  auto user = (*store)->users().Create("x@x.io", "h", 0);
  store::Connection c;
  c.user_id = user->id;
  c.venue = Venue::kBinance;
  c.label = "main";
  auto conn = (*store)->connections().Create(c, 0);
  ASSERT_TRUE(conn.ok());
  auto leg = [](const std::string& symbol, double size, double entry, double mark) {
    Position p;
    p.venue = Venue::kBinance;
    p.symbol = symbol;
    p.base = symbol.substr(0, 3);
    p.quote = "USDT";
    p.side = Side::kLong;
    p.size = size;
    p.entry_price = entry;
    p.mark_price = mark;
    p.leverage = 20;
    p.margin_mode = MarginMode::kCross;
    p.notional = size * mark;
    p.unrealized_pnl = size * (mark - entry);
    return p;
  };
  const Position btc = leg("BTCUSDT", 109.488, 32481.98, 31967.27);
  const Position eth = leg("ETHUSDT", 3683.979, 1456.84, 1335.18);
  // The FAQ's uPnL: −56,354.57 and −448,192.89; equity = wallet + both.
  Account account;
  account.equity = 1535443.01 - 56354.57 - 448192.89;
  ConnectionRead read{{btc, eth}, account, {}};
  read.tiers["BTCUSDT"] = {risk::Tier{0, 1e300, 0.025, 16300}};
  read.tiers["ETHUSDT"] = {risk::Tier{0, 1e300, 0.10, 135365}};
  ScriptedMarket market;
  ManualClock clock(1'767'225'600'000);
  Checker checker(
      CheckerOptions{}, **store, market,
      [&](const store::Connection&) -> Result<ConnectionRead> { return read; }, clock);
  checker.Check((*store)->monitors().ListForUser(user->id)->at(0), clock.NowMs());
  auto snaps = (*store)->snapshots().ListForUser(user->id);
  ASSERT_TRUE(snaps.ok());
  ASSERT_EQ(snaps->size(), 2u);
  for (const auto& snap : *snaps) {
    ASSERT_TRUE(snap.position.liquidation_price.has_value()) << snap.position.symbol;
    EXPECT_TRUE(snap.liquidation_estimated);
    const double published = snap.position.symbol == "BTCUSDT" ? 26316.89 : 1153.26;
    EXPECT_NEAR(*snap.position.liquidation_price, published, published * 1e-4)
        << snap.position.symbol;
  }
}

}  // namespace
}  // namespace baro::worker
