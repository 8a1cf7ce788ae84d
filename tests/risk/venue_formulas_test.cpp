// Every worked example of docs/risk.md §2 reproduced per venue within 0.1 %, each citing its
// source, and the tier tables' deductions from the venues' recursion.
#include "risk/venue_formulas.h"

#include <gtest/gtest.h>

#include "risk/cross_margin.h"
#include "risk/tier_snapshot.h"

namespace baro::risk {
namespace {

void ExpectWithin(std::optional<double> got, double want, double rel = 1e-3) {
  ASSERT_TRUE(got.has_value()) << "no price; want " << want;
  EXPECT_NEAR(*got, want, std::abs(want) * rel) << "got " << *got << " want " << want;
}

using Pairs = std::vector<std::pair<double, double>>;

// §2.1 HyperLiquid, real exchange-reported prices (freqtrade test_hyperliquid.py, from ccxt
// fetch_positions), with the 2024 maximum leverage as the single margin tier.
TEST(VenueFormulas, HyperliquidRecordedPositions) {
  auto spec = [](double max_leverage) {
    VenueRiskSpec s;
    s.tiers = HyperliquidTiers(Pairs{{0, max_leverage}});
    return s;
  };
  ExpectWithin(VenueLiquidationPrice(Venue::kHyperliquid,
                                     {Side::kLong, 0.00077, 62739.0, 24.137992}, spec(50)),
               31708.03843631);
  ExpectWithin(VenueLiquidationPrice(Venue::kHyperliquid, {Side::kShort, 0.0327, 2552.0, 20.833393},
                                     spec(50)),
               3157.53150453);
  ExpectWithin(VenueLiquidationPrice(Venue::kHyperliquid, {Side::kShort, 351.0, 0.14333, 25.136807},
                                     spec(20)),
               0.20970228);
}

// §3 HyperLiquid BTC margin table: the second tier's deduction 150M × (2.5 % − 1.25 %).
TEST(VenueFormulas, HyperliquidTierDeduction) {
  auto tiers = HyperliquidTiers(Pairs{{0, 40}, {150e6, 20}});
  ASSERT_EQ(tiers.size(), 2u);
  EXPECT_DOUBLE_EQ(tiers[0].mmr, 0.0125);
  EXPECT_DOUBLE_EQ(tiers[1].mmr, 0.025);
  EXPECT_NEAR(tiers[1].deduction, 1'875'000, 1e-6);
}

// §1.2 Binance FAQ: "Maintenance Amount on Level 3 = 250,000 * (1% - 0.5%) + 50 USDT = 1,300";
// and the 2024-10-24 brackets' cum values 50, 950, 11,450, 131,450 follow from the rates.
TEST(VenueFormulas, BinanceMaintenanceAmounts) {
  auto faq = TiersWithDeductions(Pairs{{0, 0.004}, {50e3, 0.005}, {250e3, 0.01}});
  EXPECT_NEAR(faq[2].deduction, 1300, 1e-9);
  auto spec = SnapshotSpec(Venue::kBinance, "BTCUSDT");
  ASSERT_TRUE(spec.has_value());
  const double cum[] = {0, 50, 950, 11450, 131450};
  for (std::size_t i = 0; i < 5; ++i) EXPECT_NEAR(spec->tiers[i].deduction, cum[i], 1e-6) << i;
}

// §2.2 Binance's cross example from the FAQ: WB 1,535,443.01, BTCUSDT and ETHUSDT longs; each
// symbol's liquidation price counts the other's maintenance margin and PnL.
TEST(VenueFormulas, BinanceCrossFaqExample) {
  const Tier btc_tier{0, 1e300, 0.025, 16300};
  const Tier eth_tier{0, 1e300, 0.10, 135365};
  const CrossLeg legs[] = {
      {Side::kLong, 109.488, 32481.98, 31967.27, std::span<const Tier>(&btc_tier, 1), 0},
      {Side::kLong, 3683.979, 1456.84, 1335.18, std::span<const Tier>(&eth_tier, 1), 0}};
  // The FAQ's intermediate figures: each symbol's maintenance margin and unrealized PnL.
  EXPECT_NEAR(LegMaintenance(legs[0], legs[0].mark), 71200.81144, 1e-3);
  EXPECT_NEAR(LegMaintenance(legs[1], legs[1].mark), 356512.508, 1e-3);
  EXPECT_NEAR(LegUnrealizedPnl(legs[0], legs[0].mark), -56354.57, 1e-2);
  EXPECT_NEAR(LegUnrealizedPnl(legs[1], legs[1].mark), -448192.89, 1e-2);
  ExpectWithin(CrossLiquidationPrice(legs, 1535443.01, 0), 26316.89);
  ExpectWithin(CrossLiquidationPrice(legs, 1535443.01, 1), 1153.26);
}

// §2.3 Bybit. B1–B5 use the page's own form (maintenance at entry); B6 the UTA form; B7 the
// bankruptcy price (the liquidation equation at a rate of zero).
TEST(VenueFormulas, BybitPublishedExamples) {
  // B1: long 1 BTC at 20,000, 50x, MMR 0.5 %: IM 400, MM 100.
  ExpectWithin(AtEntryLiquidationPrice(Side::kLong, 1, 20000, 50, 0.005, 0, 0), 19700);
  // B2: short, then 3,000 USDT margin added.
  ExpectWithin(AtEntryLiquidationPrice(Side::kShort, 1, 20000, 50, 0.005, 0, 3000), 23300);
  // B3: long, 200 USDT funding taken from the position margin.
  ExpectWithin(AtEntryLiquidationPrice(Side::kLong, 1, 20000, 50, 0.005, 0, -200), 19900);
  // B4 and B5: the old page, Entry × (1 ∓ IMR ± MMR).
  ExpectWithin(AtEntryLiquidationPrice(Side::kLong, 1, 10000, 50, 0.005, 0, 0), 9850);
  ExpectWithin(AtEntryLiquidationPrice(Side::kShort, 1, 8000, 40, 0.005, 0, 0), 8160);
  // B6: UTA isolated, long 1 BTC at 40,000, 50x, 3,000 added, MMR 0.5 %, taker 0.055 %.
  ExpectWithin(
      BybitUtaLiquidationPrice(Side::kLong, 1, 40000, 50, 3000, 0.00055, Tier{0, 1e300, 0.005, 0}),
      36380.25);
  // B7: bankruptcy price of a 50x long at 60,000: 60,000 × (1 − 1/50).
  ExpectWithin(LiquidationPrice(Side::kLong, 1, 60000, 60000.0 / 50, 0, 0), 58800);
  // Tier example: 2,000,000 is tier 1 (0.5 %), 2,600,000 tier 2 (0.56 %), deductions 1,200, 3,020.
  auto spec = SnapshotSpec(Venue::kBybit, "BTCUSDT");
  ASSERT_TRUE(spec.has_value());
  EXPECT_DOUBLE_EQ(TierFor(spec->tiers, 1'999'999).mmr, 0.005);
  EXPECT_DOUBLE_EQ(TierFor(spec->tiers, 2'600'000).mmr, 0.0063);
  EXPECT_DOUBLE_EQ(TierFor(spec->tiers, 2'599'999).mmr, 0.0056);
  EXPECT_NEAR(spec->tiers[1].deduction, 1200, 1e-6);
  EXPECT_NEAR(spec->tiers[2].deduction, 3020, 1e-6);
  EXPECT_NEAR(spec->tiers[3].deduction, 4300, 1e-6);
}

// §2.4 KuCoin. K1 (older page, maintenance at entry), K3 (cross risk rate), K4 (tier-1 MM).
TEST(VenueFormulas, KucoinPublishedExamples) {
  // K1: short 5 contracts × 0.001 at 28,000, 100x, MMR 0.4 %.
  ExpectWithin(AtEntryLiquidationPrice(Side::kShort, 5 * 0.001, 28000, 100, 0.004, 0, 0), 28168);
  // K3: total margin 5,000; BTC long 100 × 0.001 at 62,000 (MMR 0.5 %); an ETH order 1,000 ×
  // 0.01 at 3,000 (MMR 0.8 %); taker 0.06 % on opening the order and on closing both.
  const double btc = 100 * 0.001 * 62000, eth = 1000 * 0.01 * 3000;
  ExpectWithin(
      KucoinCrossRiskRate(btc * 0.005 + eth * 0.008, (btc + eth) * 0.0006, 5000, eth * 0.0006),
      0.0588);
  // K4: 10,000 contracts × 0.001 at 30,000 = 300,000 USDT notional, level 1 MMR 0.4 %.
  const CrossLeg k4{Side::kLong, 10000 * 0.001, 30000, 30000, {}, 0};
  const Tier level1{0, 1e300, 0.004, 0};
  CrossLeg with_tier = k4;
  with_tier.tiers = std::span<const Tier>(&level1, 1);
  EXPECT_NEAR(LegMaintenance(with_tier, 30000), 1200, 1e-9);
}

// §2.5 derived vectors: 1 BTC at 100,000 with 10,000 margin, in each venue's form.
TEST(VenueFormulas, DerivedVectorsThroughEachVenuesSpec) {
  const IsolatedPosition lng{Side::kLong, 1, 100000, 10000};
  const IsolatedPosition sht{Side::kShort, 1, 100000, 10000};
  auto flat = [](Venue v, double rate) {
    VenueRiskSpec s = DefaultSpec(v, rate);
    return s;
  };
  for (Venue v : {Venue::kBinance, Venue::kBybit}) {
    ExpectWithin(VenueLiquidationPrice(v, lng, flat(v, 0.004)), 90361.45);
    ExpectWithin(VenueLiquidationPrice(v, sht, flat(v, 0.004)), 109561.75);
  }
  // OKX: MMR 0.4 % plus its 0.05 % fee in the formula.
  ExpectWithin(VenueLiquidationPrice(Venue::kOkx, lng, flat(Venue::kOkx, 0.004)), 90406.83);
  ExpectWithin(VenueLiquidationPrice(Venue::kOkx, sht, flat(Venue::kOkx, 0.004)), 109507.22);
  // HyperLiquid, maximum leverage 40.
  VenueRiskSpec hl;
  hl.tiers = HyperliquidTiers(Pairs{{0, 40}});
  ExpectWithin(VenueLiquidationPrice(Venue::kHyperliquid, lng, hl), 91139.24);
  ExpectWithin(VenueLiquidationPrice(Venue::kHyperliquid, sht, hl), 108641.98);
  // Venues whose formula carries a fee move the price towards entry, never away.
  for (Venue v : {Venue::kBitget, Venue::kGate, Venue::kKucoin}) {
    auto with_fee = VenueLiquidationPrice(v, lng, flat(v, 0.004));
    ASSERT_TRUE(with_fee);
    EXPECT_GT(*with_fee, 90361.45) << ToString(v);
  }
}

}  // namespace
}  // namespace baro::risk
