// Properties every liquidation estimate must have, checked with rapidcheck over random positions
// on every venue's formula: a long's price is below entry and falls as margin is added, a short's
// the mirror; more leverage never moves it further away; a cross estimate that counts the other
// positions' losses is never further away than one that ignores them.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <algorithm>
#include <optional>

#include "core/venue.h"
#include "risk/assessment.h"
#include "risk/cross_margin.h"
#include "risk/tier_snapshot.h"
#include "risk/venue_formulas.h"

namespace baro::risk {
namespace {

struct Case {
  Venue venue;
  Side side;
  double size, entry, leverage;
};

Case RandomCase() {
  const auto venues = AllVenues();
  Case c;
  c.venue = venues[*rc::gen::inRange<std::size_t>(0, venues.size())];
  c.side = *rc::gen::element(Side::kLong, Side::kShort);
  c.size = *rc::gen::inRange(1, 100000) / 1000.0;    // 0.001 .. 100
  c.entry = *rc::gen::inRange(1, 20000000) / 100.0;  // 0.01 .. 200,000
  c.leverage = *rc::gen::inRange(11, 1250) / 10.0;   // 1.1x .. 125x
  return c;
}

VenueRiskSpec SpecFor(const Case& c) {
  auto spec = SnapshotSpec(c.venue, c.venue == Venue::kHyperliquid ? "BTC" : "BTCUSDT");
  return spec ? *spec : DefaultSpec(c.venue, std::nullopt);
}

// The estimate the worker makes for an isolated position with no venue price (risk::Assess).
std::optional<double> Estimate(const Case& c, double margin, const VenueRiskSpec& spec) {
  Position p;
  p.venue = c.venue;
  p.side = c.side;
  p.size = c.size;
  p.entry_price = c.entry;
  p.mark_price = c.entry;
  p.margin_mode = MarginMode::kIsolated;
  p.isolated_margin = margin;
  p.leverage = c.size * c.entry / margin;
  return Assess({.position = p, .tiers = spec.tiers, .fee_rate = spec.formula_fee_rate},
                Thresholds{})
      .liquidation_price;
}

// The most leverage the venue allows for this position: the initial margin rate at maximum
// leverage is twice the maintenance rate of the position's tier (risk.md §1.1, §3), capped by the
// venue's maximum. Beyond it a position is liquidated as it opens.
double MaxLeverage(const VenueRiskSpec& spec, const Case& c) {
  const Tier& tier = TierFor(spec.tiers, c.size * c.entry);
  const double by_tier = 1.0 / (2 * (tier.mmr + spec.formula_fee_rate));
  return spec.max_leverage > 0 ? std::min(spec.max_leverage, by_tier) : by_tier;
}

TEST(LiquidationProperties, OnTheLosingSideOfEntryAndMovesAwayWithMargin) {
  EXPECT_TRUE(rc::check([] {
    Case c = RandomCase();
    const VenueRiskSpec spec = SpecFor(c);
    c.leverage = std::min(c.leverage, MaxLeverage(spec, c));
    const double margin = c.size * c.entry / c.leverage;
    auto lp = Estimate(c, margin, spec);
    if (!lp) {
      RC_ASSERT(c.side == Side::kLong);  // only a long can be unliquidatable (LP <= 0)
      return;
    }
    if (c.side == Side::kLong) {
      RC_ASSERT(*lp < c.entry);
    } else {
      RC_ASSERT(*lp > c.entry);
    }
    const double extra = margin * *rc::gen::inRange(1, 100) / 100.0;
    auto more = Estimate(c, margin + extra, spec);
    if (c.side == Side::kLong) {
      RC_ASSERT(!more || *more <= *lp * (1 + 1e-12));
    } else {
      RC_ASSERT(more.has_value());
      RC_ASSERT(*more >= *lp * (1 - 1e-12));
    }
  }));
}

TEST(LiquidationProperties, MoreLeverageNeverMovesItFurtherAway) {
  EXPECT_TRUE(rc::check([] {
    Case c = RandomCase();
    const VenueRiskSpec spec = SpecFor(c);
    c.leverage = std::min(c.leverage, MaxLeverage(spec, c));
    const double higher =
        std::min(c.leverage * (1 + *rc::gen::inRange(1, 300) / 100.0), MaxLeverage(spec, c));
    auto low = Estimate(c, c.size * c.entry / c.leverage, spec);
    auto high = Estimate(c, c.size * c.entry / higher, spec);
    if (!low) return;  // an unliquidatable long: any price is closer
    RC_ASSERT(high.has_value());
    const double d_low = std::abs(c.entry - *low), d_high = std::abs(c.entry - *high);
    RC_ASSERT(d_high <= d_low * (1 + 1e-12));
  }));
}

TEST(LiquidationProperties, CrossEstimateCountsTheOthersLosses) {
  EXPECT_TRUE(rc::check([] {
    Case c = RandomCase();
    const VenueRiskSpec spec = SpecFor(c);
    c.leverage = std::min(c.leverage, MaxLeverage(spec, c));
    const double wallet = c.size * c.entry / c.leverage * 2;
    // Another position that is losing.
    const double other_entry = 100, other_size = *rc::gen::inRange(1, 1000) / 10.0;
    const double other_mark = other_entry * (1 - *rc::gen::inRange(1, 50) / 100.0);
    const CrossLeg legs[] = {
        {c.side, c.size, c.entry, c.entry, spec.tiers, spec.formula_fee_rate},
        {Side::kLong, other_size, other_entry, other_mark, spec.tiers, spec.formula_fee_rate}};
    auto alone = CrossLiquidationPrice(std::span<const CrossLeg>(legs, 1), wallet, 0);
    auto together = CrossLiquidationPrice(legs, wallet, 0);
    if (!together) return;  // the others' losses already exceed the wallet for a long: no estimate
    if (!alone) {
      RC_ASSERT(c.side == Side::kLong);  // the long alone could not be liquidated
      return;
    }
    if (c.side == Side::kLong) {
      RC_ASSERT(*together >= *alone * (1 - 1e-12));
    } else {
      RC_ASSERT(*together <= *alone * (1 + 1e-12));
    }
  }));
}

}  // namespace
}  // namespace baro::risk
