// Scenario tests of the alert policy: a scripted mark-price path in, the exact events out.
#include "risk/policy.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace baro::risk {
namespace {

constexpr std::int64_t kMinute = 60 * 1000;

// A 10x long, 1 BTC at 100,000, isolated margin 10,000, 0.5 % maintenance: LP = 90,452.26.
Position LongAt(double mark) {
  Position p;
  p.venue = Venue::kBinance;
  p.symbol = "BTCUSDT";
  p.side = Side::kLong;
  p.size = 1;
  p.entry_price = 100000;
  p.mark_price = mark;
  p.leverage = 10;
  p.margin_mode = MarginMode::kIsolated;
  p.isolated_margin = 10000;
  return p;
}

struct Step {
  std::int64_t at;
  double mark;
};

// Runs the liquidation signal along a path; returns "kind:level" for every event.
std::vector<std::string> RunPath(const std::vector<Step>& path, const Thresholds& t = {}) {
  AlertState state;
  std::vector<std::string> out;
  for (const auto& s : path) {
    Position p = LongAt(s.mark);
    auto risk = Assess({.position = p}, t);
    auto d = Decide(Signal::kLiquidation, state, risk, t, s.at);
    if (d.event) {
      out.push_back(std::string(ToString(d.event->kind)) + ":" +
                    std::string(ToString(d.event->level)));
    }
    // Round-trip the state through its stored form each step, as the worker does.
    auto stored = AlertState::FromJson(d.state.ToJson());
    EXPECT_TRUE(stored.ok());
    EXPECT_EQ(*stored, d.state);
    state = *stored;
  }
  return out;
}

// Distance to LP as a fraction of mark: (mark - 90452.26)/mark. Warning <= 15 % (mark ~106,414),
// but usage fires first: maintenance 0.005*mark over (10,000 + mark - 100,000).
TEST(Policy, QuietWhileSafe) {
  // Above ~110,300 the distance clears 18 %; a 10x long at its entry is already a warning.
  EXPECT_TRUE(RunPath({{0, 115000}, {kMinute, 120000}, {2 * kMinute, 112000}}).empty());
}

TEST(Policy, EscalatesOnceAndStaysQuietAtTheSameLevel) {
  // mark 99,000: distance 8.6 % -> warning; 98,500 still warning.
  auto events =
      RunPath({{0, 100000}, {kMinute, 99000}, {2 * kMinute, 98500}, {3 * kMinute, 99000}});
  EXPECT_EQ(events, (std::vector<std::string>{"escalated:warning"}));
}

TEST(Policy, HoveringAtAThresholdDoesNotFlap) {
  // Warning fires at distance <= 15 %: mark 106,414. Hover just around it; clearing needs > 18 %
  // (mark > 110,308).
  std::vector<Step> path;
  for (int i = 0; i < 20; ++i) path.push_back({i * kMinute, i % 2 == 0 ? 106300.0 : 106600.0});
  auto events = RunPath(path);
  EXPECT_EQ(events, (std::vector<std::string>{"escalated:warning"}));
}

TEST(Policy, EscalationInsideACooldownGoesOutAtOnce) {
  // warning at t=0, critical (distance <= 7 %: mark <= 97,260) one minute later, emergency
  // (<= 3 %: mark <= 93,250) a minute after: each at once despite the 4 h warning repeat.
  auto events =
      RunPath({{0, 100000}, {kMinute, 99000}, {2 * kMinute, 97000}, {3 * kMinute, 93000}});
  EXPECT_EQ(events, (std::vector<std::string>{"escalated:warning", "escalated:critical",
                                              "escalated:emergency"}));
}

TEST(Policy, ConfirmationDelaysWarningAndCriticalButNotEmergency) {
  Thresholds t;
  t.confirm_ms = 90'000;  // a level must hold 90 s before it is announced
  // A one-check spike into warning (safe at 120,000; warning at 100,000) is never announced.
  EXPECT_TRUE(
      RunPath({{0, 120000}, {kMinute, 100000}, {2 * kMinute, 120000}, {3 * kMinute, 120000}}, t)
          .empty());
  // A warning that holds is announced once confirmed; emergency goes out at once.
  EXPECT_EQ(RunPath({{0, 99000}, {kMinute, 99000}, {2 * kMinute, 99000}, {3 * kMinute, 93000}}, t),
            (std::vector<std::string>{"escalated:warning", "escalated:emergency"}));
  // The default announces at once.
  EXPECT_EQ(RunPath({{0, 99000}}), (std::vector<std::string>{"escalated:warning"}));
  // The option is part of the overrides users and operators set.
  auto overridden = ApplyOverrides(Thresholds{}, R"({"confirm_ms":60000})");
  ASSERT_TRUE(overridden.ok());
  EXPECT_EQ(overridden->confirm_ms, 60000);
  EXPECT_FALSE(ApplyOverrides(Thresholds{}, R"({"confirm_ms":-1})").ok());
}

TEST(Policy, RepeatsAfterTheLevelsIntervalOnly) {
  // Emergency repeats every 5 minutes while it persists.
  auto events = RunPath({{0, 93000},
                         {4 * kMinute, 93000},
                         {5 * kMinute, 93000},
                         {6 * kMinute, 93000},
                         {10 * kMinute, 93000}});
  EXPECT_EQ(events, (std::vector<std::string>{"escalated:emergency", "repeated:emergency",
                                              "repeated:emergency"}));
}

TEST(Policy, RecoveryIsAnnouncedOnceAndOnlyWhenClear) {
  auto events = RunPath({{0, 99000},             // warning
                         {kMinute, 108000},      // distance 16.2 %: not cleared (needs > 18 %)
                         {2 * kMinute, 111000},  // 18.5 %: cleared -> back to safe
                         {3 * kMinute, 112000}});
  EXPECT_EQ(events, (std::vector<std::string>{"escalated:warning", "recovered:ok"}));
}

TEST(Policy, EasingThenWorseningAgainIsAnnouncedAgain) {
  auto events = RunPath({{0, 96000},              // critical
                         {kMinute, 100000},       // eased to warning: silent
                         {2 * kMinute, 96000}});  // critical again: announced
  EXPECT_EQ(events, (std::vector<std::string>{"escalated:critical", "escalated:critical"}));
}

TEST(Policy, UserThresholdOverridesApply) {
  auto t = ApplyOverrides({}, R"({"distance":[0.05,0.03,0.01],"margin_usage":[0.9,0.95,0.99]})");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_TRUE(RunPath({{0, 99000}}, *t).empty());  // 8.6 % is fine for this user
  EXPECT_FALSE(ApplyOverrides({}, R"({"distance":[0.01,0.05,0.1]})").ok());  // out of order
  EXPECT_FALSE(ApplyOverrides({}, R"({"bogus":1})").ok());
  EXPECT_FALSE(ApplyOverrides({}, "not json").ok());
}

TEST(Assessment, FiguresOfAHandEnteredPosition) {
  Position p = LongAt(95000);
  p.isolated_margin.reset();  // hand-entered without margin: Q·EP/L
  auto r = Assess({.position = p}, {});
  ASSERT_TRUE(r.liquidation_price);
  EXPECT_TRUE(r.liquidation_estimated);
  EXPECT_NEAR(*r.liquidation_price, (100000 - 10000) / (1 - 0.005), 1e-6);
  EXPECT_NEAR(*r.distance, (95000 - *r.liquidation_price) / 95000, 1e-12);
  EXPECT_NEAR(r.unrealized_pnl, -5000, 1e-9);
  EXPECT_NEAR(r.roe, -0.5, 1e-12);
  EXPECT_EQ(r.loss_level, Level::kWarning);
  EXPECT_NEAR(r.effective_leverage, 95000.0 / 5000, 1e-9);
  EXPECT_EQ(r.leverage_level, Level::kWarning);

  p.liquidation_price = 91000;  // the venue's own figure wins and is not flagged
  auto venue = Assess({.position = p}, {});
  EXPECT_EQ(venue.liquidation_price, 91000);
  EXPECT_FALSE(venue.liquidation_estimated);
}

}  // namespace
}  // namespace baro::risk
