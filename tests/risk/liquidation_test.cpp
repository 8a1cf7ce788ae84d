// The one equation and its tier choice, against hand calculations written in each test, plus
// properties every estimate must have. The venues' published examples go through risk::Assess in
// published_examples_test.cpp.
#include "risk/liquidation.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace baro::risk {
namespace {

void ExpectWithin(double got, double want, double rel = 1e-3) {
  EXPECT_NEAR(got, want, std::abs(want) * rel) << "got " << got << " want " << want;
}

// Binance maintenance amount (cum) of level 3 from the FAQ: 250,000 x (1% - 0.5%) + 50 = 1,300.
TEST(Liquidation, TierIsChosenAtTheLiquidationPrice) {
  const std::vector<Tier> tiers = {
      {0, 50000, 0.004, 0}, {50000, 250000, 0.005, 50}, {250000, 1e12, 0.01, 1300}};
  // 3 BTC at 100,000 with 20x: entry notional 300,000 is tier 3, but at LP (~95,200) the notional
  // is ~285,700: still tier 3, so D = 1,300 applies.
  auto lp = EstimateLiquidationPrice(Side::kLong, 3, 100000, 15000, tiers);
  ASSERT_TRUE(lp);
  ExpectWithin(*lp, (3 * 100000 - 15000 - 1300) / (3 * (1 - 0.01)));
  // 2.6 BTC long at 100,000 with 4x: entry notional 260,000 (tier 3), LP notional below 250,000:
  // tier 2 must be used.
  auto lp2 = EstimateLiquidationPrice(Side::kLong, 2.6, 100000, 65000, tiers);
  ASSERT_TRUE(lp2);
  ExpectWithin(*lp2, (2.6 * 100000 - 65000 - 50) / (2.6 * (1 - 0.005)));
  EXPECT_LT(*lp2 * 2.6, 250000);
}

TEST(Liquidation, NoLiquidationWhenMarginCoversEverything) {
  EXPECT_FALSE(LiquidationPrice(Side::kLong, 1, 100, 200, 0.005, 0).has_value());
  EXPECT_FALSE(LiquidationPrice(Side::kLong, 0, 100, 10, 0.005, 0).has_value());
}

// Properties over many random positions (a fixed seed keeps failures reproducible).
TEST(LiquidationProperty, LongBelowEntryShortAboveAndMarginMovesItAway) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> entry(0.01, 200000), size(0.001, 1000), lev(1.5, 100),
      rate(0.001, 0.05);
  for (int i = 0; i < 20000; ++i) {
    const double e = entry(rng), q = size(rng), l = lev(rng), r = std::min(rate(rng), 0.5 / l);
    const double m = q * e / l;
    auto long_lp = LiquidationPrice(Side::kLong, q, e, m, r, 0);
    auto short_lp = LiquidationPrice(Side::kShort, q, e, m, r, 0);
    ASSERT_TRUE(long_lp && short_lp);
    EXPECT_LT(*long_lp, e);
    EXPECT_GT(*short_lp, e);
    // More margin moves the long's LP down and the short's up.
    auto long_more = LiquidationPrice(Side::kLong, q, e, m * 1.1, r, 0);
    auto short_more = LiquidationPrice(Side::kShort, q, e, m * 1.1, r, 0);
    if (long_more) {
      EXPECT_LT(*long_more, *long_lp);
    }
    EXPECT_GT(*short_more, *short_lp);
    // More leverage (less margin) never moves it further away.
    auto long_lev = LiquidationPrice(Side::kLong, q, e, m * 0.9, r, 0);
    auto short_lev = LiquidationPrice(Side::kShort, q, e, m * 0.9, r, 0);
    EXPECT_GE(*long_lev, *long_lp);
    EXPECT_LE(*short_lev, *short_lp);
    // At the LP, margin plus PnL equals the maintenance requirement (the defining equation).
    const double at = *long_lp;
    EXPECT_NEAR(m + q * (at - e), q * at * r, 1e-6 * q * e);
  }
}

}  // namespace
}  // namespace baro::risk
