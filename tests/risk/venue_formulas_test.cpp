// Tier tables as each venue applies them: deductions from the venues' recursion where the venue
// has them (HyperLiquid, Binance, Bybit, Gate), none where it charges the whole position at the
// tier's rate (OKX, Bitget, KuCoin); each expectation is the venue's published figure or a hand
// calculation.
#include "risk/venue_formulas.h"

#include <gtest/gtest.h>

#include "risk/tier_snapshot.h"

namespace baro::risk {
namespace {

using Pairs = std::vector<std::pair<double, double>>;

// HyperLiquid's BTC margin table (gitbook "Margin tiers"): the second tier's deduction is
// 150M × (2.5 % − 1.25 %) = 1,875,000.
TEST(VenueTiers, HyperliquidTierDeduction) {
  auto tiers = HyperliquidTiers(Pairs{{0, 40}, {150e6, 20}});
  ASSERT_EQ(tiers.size(), 2u);
  EXPECT_DOUBLE_EQ(tiers[0].mmr, 0.0125);
  EXPECT_DOUBLE_EQ(tiers[1].mmr, 0.025);
  EXPECT_NEAR(tiers[1].deduction, 1'875'000, 1e-6);
}

// The same table on each venue: 0–50,000 at 0.4 %, then 0.5 %. With a deduction (Binance's cum)
// the second tier subtracts 50,000 × 0.1 % = 50; without (Bitget, KuCoin, OKX), nothing.
TEST(VenueTiers, OnlyVenuesWithDeductionsGetThem) {
  const Pairs table{{0, 0.004}, {50e3, 0.005}};
  for (Venue v : {Venue::kHyperliquid, Venue::kBinance, Venue::kBybit, Venue::kGate}) {
    EXPECT_NEAR(VenueTiers(v, table)[1].deduction, 50, 1e-9) << ToString(v);
  }
  for (Venue v : {Venue::kOkx, Venue::kBitget, Venue::kKucoin}) {
    EXPECT_EQ(VenueTiers(v, table)[1].deduction, 0) << ToString(v);
  }
  // The bundled snapshot follows the same rule (Bitget BTCUSDT, KuCoin XBTUSDTM).
  EXPECT_EQ(SnapshotSpec(Venue::kBitget, "BTCUSDT")->tiers[1].deduction, 0);
  EXPECT_EQ(SnapshotSpec(Venue::kKucoin, "XBTUSDTM")->tiers[3].deduction, 0);
}

}  // namespace
}  // namespace baro::risk
