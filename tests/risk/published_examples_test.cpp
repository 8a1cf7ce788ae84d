// Every worked example the venues publish (docs/risk.md "Worked examples reproduced"), put through
// risk::Assess, the function the worker calls for every position, with the tiers and the formula
// fee production uses for that venue. Where a venue answer is a recorded body, it is parsed by the
// production parser first. Each expectation is the venue's published figure, or a hand calculation
// written next to it.
#include <gtest/gtest.h>

#include <optional>
#include <span>
#include <vector>

#include "exchanges/bitget/bitget_client.h"
#include "exchanges/bitget/bitget_market.h"
#include "exchanges/hyperliquid/hyperliquid_client.h"
#include "exchanges/kucoin/kucoin_market.h"
#include "risk/assessment.h"
#include "risk/tier_snapshot.h"
#include "risk/venue_formulas.h"
#include "support/temp_dir.h"

namespace baro::risk {
namespace {

using Pairs = std::vector<std::pair<double, double>>;

// The fee production adds to the maintenance rate on this venue (risk/tier_snapshot.h).
double FormulaFee(Venue venue) {
  return DefaultSpec(venue, std::nullopt).formula_fee_rate;
}

// An isolated position with no venue liquidation price, as the worker sees one.
Position Isolated(Venue venue, Side side, double size, double entry, double margin,
                  double mark = 0) {
  Position p;
  p.venue = venue;
  p.side = side;
  p.size = size;
  p.entry_price = entry;
  p.mark_price = mark > 0 ? mark : entry;
  p.margin_mode = MarginMode::kIsolated;
  p.isolated_margin = margin;
  p.leverage = size * entry / margin;
  return p;
}

PositionRisk AssessWith(const Position& p, std::span<const Tier> tiers) {
  return Assess({.position = p, .tiers = tiers, .fee_rate = FormulaFee(p.venue)}, Thresholds{});
}

double Lp(const PositionRisk& r) {
  EXPECT_TRUE(r.liquidation_price.has_value());
  EXPECT_TRUE(r.liquidation_estimated);
  return r.liquidation_price.value_or(0);
}

std::string Sample(const std::string& venue, const std::string& name) {
  return testing::ReadFile(std::string(BARO_SOURCE_DIR) + "/tests/exchanges/" +
                           (venue.empty() ? "" : venue + "/") + "testdata/" + name);
}

// HyperLiquid, three real positions with the exchange-reported liquidation price (freqtrade
// tests/exchange/test_hyperliquid.py, from ccxt fetch_positions; docs/risk.md), at the 2024 maximum
// leverage of each coin (BTC and ETH 50x, DOGE 20x), freqtrade's tolerance 1e-4.
TEST(PublishedExamples, HyperliquidRecordedPositions) {
  const auto x50 = HyperliquidTiers(Pairs{{0, 50}});
  const auto x20 = HyperliquidTiers(Pairs{{0, 20}});
  auto near = [](double got, double want) { EXPECT_NEAR(got, want, want * 1e-4); };
  near(Lp(AssessWith(Isolated(Venue::kHyperliquid, Side::kLong, 0.00077, 62739.0, 24.137992), x50)),
       31708.03843631);
  near(Lp(AssessWith(Isolated(Venue::kHyperliquid, Side::kShort, 0.0327, 2552.0, 20.833393), x50)),
       3157.53150453);
  near(Lp(AssessWith(Isolated(Venue::kHyperliquid, Side::kShort, 351.0, 0.14333, 25.136807), x20)),
       0.20970228);
}

// The same file's three HIP-3 rows (computed by freqtrade, not reported by the venue) at 10x, rate
// 1/20: (0.5 × 250 − 25) / (0.5 × 0.95) = 210.5263; (0.5 × 190 + 9.5) / (0.5 × 1.05) = 199.0476;
// (350 − 50) / 0.95 = 315.7895.
TEST(PublishedExamples, HyperliquidHip3Rows) {
  const auto x10 = HyperliquidTiers(Pairs{{0, 10}});
  EXPECT_NEAR(Lp(AssessWith(Isolated(Venue::kHyperliquid, Side::kLong, 0.5, 250, 25), x10)),
              210.5263157894737, 1e-9);
  EXPECT_NEAR(Lp(AssessWith(Isolated(Venue::kHyperliquid, Side::kShort, 0.5, 190, 9.5), x10)),
              199.04761904761904, 1e-9);
  EXPECT_NEAR(Lp(AssessWith(Isolated(Venue::kHyperliquid, Side::kLong, 1, 350, 50), x10)),
              315.7894736842105, 1e-9);
}

// HyperLiquid's documented clearinghouseState example (exchanges.md §1.2,
// samples/hyperliquid-clearinghouseState-doc.json): an isolated ETH long whose venue price is
// 2866.26936529. Parsed by the production client, the venue's price dropped, estimated again at
// the position's maxLeverage 50 (rate 1/100): margin = marginUsed − uPnL = 4.967826 + 0.0134 =
// 4.981226; LP = (0.0335 × 2986.3 − 4.981226) / (0.0335 × (1 − 0.01)) = 95.059824 / 0.033165.
TEST(PublishedExamples, HyperliquidDocumentedClearinghouseState) {
  auto snapshot = exchanges::hyperliquid::ParseClearinghouseState(
      Sample("", "hyperliquid-clearinghouseState-doc.json"), "0x0");
  ASSERT_TRUE(snapshot.ok()) << snapshot.error().message;
  ASSERT_EQ(snapshot->positions.size(), 1u);
  Position p = snapshot->positions[0];
  ASSERT_EQ(p.liquidation_price, 2866.26936529);
  p.liquidation_price.reset();
  const auto tiers = HyperliquidTiers(Pairs{{0, 50}});
  const double hand = 95.059824 / 0.033165;  // 2866.26938037
  const double got = Lp(AssessWith(p, tiers));
  EXPECT_NEAR(got, hand, 1e-6);
  // The venue's own figure comes from unrounded inputs: within 1e-4 (5e-9 relative).
  EXPECT_NEAR(got, 2866.26936529, 1e-4);
}

// Binance FAQ b3c689c1f50a44cabb3a84e663b81d93: "Maintenance Amount on Level 3 = 250,000 × (1% −
// 0.5%) + 50 USDT = 1,300", and the snapshot's cum values 0, 50, 950, 11,450, 131,450 (Binance's
// brackets of 2024-10-24) come out of the rates; an isolated 3 BTC long at 100,000 with 15,000 of
// margin lies in level 3 at its liquidation price: (300,000 − 15,000 − 1,300) / (3 × (1 − 1 %)).
TEST(PublishedExamples, BinanceMaintenanceAmounts) {
  const auto faq = VenueTiers(Venue::kBinance, Pairs{{0, 0.004}, {50e3, 0.005}, {250e3, 0.01}});
  EXPECT_NEAR(faq[2].deduction, 1300, 1e-9);
  auto spec = SnapshotSpec(Venue::kBinance, "BTCUSDT");
  ASSERT_TRUE(spec.has_value());
  const double cum[] = {0, 50, 950, 11450, 131450};
  for (std::size_t i = 0; i < 5; ++i) EXPECT_NEAR(spec->tiers[i].deduction, cum[i], 1e-6) << i;
  EXPECT_NEAR(Lp(AssessWith(Isolated(Venue::kBinance, Side::kLong, 3, 100000, 15000), faq)),
              (300000.0 - 15000 - 1300) / (3 * (1 - 0.01)), 1e-6);
}

// Bybit (docs/risk.md; bybit.com help "Liquidation Price (USDT Contract)" and the older help
// page): B1–B5 are published with the maintenance margin read at entry; Baro uses Bybit's current
// UTA form, which reads it at the liquidation price, so each result is the hand calculation
// (EP·Q − M)/(Q·(1 − MMR)) for a long, (EP·Q + M)/(Q·(1 + MMR)) for a short, within 0.1 % of the
// published figure. MMR 0.5 %, no deduction, no fee in Bybit's formula.
TEST(PublishedExamples, BybitLiquidationPrices) {
  ASSERT_EQ(FormulaFee(Venue::kBybit), 0);
  const auto tier = VenueTiers(Venue::kBybit, Pairs{{0, 0.005}});
  auto lp = [&](Side side, double entry, double margin) {
    return Lp(AssessWith(Isolated(Venue::kBybit, side, 1, entry, margin), tier));
  };
  struct Case {
    Side side;
    double entry, margin, hand, published;
  };
  const Case cases[] = {
      // B1: long 1 BTC at 20,000, 50x: IM 400. (20,000 − 400) / 0.995.
      {Side::kLong, 20000, 400, 19698.492462, 19700},
      // B2: the short with 3,000 added: (20,000 + 3,400) / 1.005.
      {Side::kShort, 20000, 3400, 23283.582090, 23300},
      // B3: the long with 200 of funding taken from its margin: (20,000 − 200) / 0.995.
      {Side::kLong, 20000, 200, 19899.497487, 19900},
      // B4: long 1 BTC at 10,000, 50x: (10,000 − 200) / 0.995.
      {Side::kLong, 10000, 200, 9849.246231, 9850},
      // B5: short 1 BTC at 8,000, 40x: (8,000 + 200) / 1.005.
      {Side::kShort, 8000, 200, 8159.203980, 8160},
  };
  for (const Case& c : cases) {
    const double got = lp(c.side, c.entry, c.margin);
    EXPECT_NEAR(got, c.hand, 1e-5) << c.published;
    EXPECT_NEAR(got, c.published, c.published * 1e-3);
  }
  // B6 (UTA isolated): long 1 BTC at 40,000, 50x, 3,000 added, taker 0.055 %: Bybit counts the
  // added margin net of the fee to close it, so the position's margin is 800 + 3,000 / (1 −
  // 0.00055) = 3,801.651; published 36,380.25.
  EXPECT_NEAR(lp(Side::kLong, 40000, 800 + 3000 / (1 - 0.00055)), 36380.25, 0.01);
  // B7: bankruptcy price of a 50x long at 60,000 is the liquidation price at a rate of 0:
  // 60,000 × (1 − 1/50) = 58,800.
  const auto zero = VenueTiers(Venue::kBybit, Pairs{{0, 0.0}});
  EXPECT_NEAR(Lp(AssessWith(Isolated(Venue::kBybit, Side::kLong, 1, 60000, 1200), zero)), 58800,
              1e-6);
  // Tier example ("Maintenance Margin (USDT Contract)"): 2,000,000 is tier 1 (0.5 %), 2,600,000
  // tier 2 (0.56 %); the snapshot's deductions 1,200, 3,020, 4,300 are Bybit's mmDeduction.
  auto spec = SnapshotSpec(Venue::kBybit, "BTCUSDT");
  ASSERT_TRUE(spec.has_value());
  EXPECT_DOUBLE_EQ(TierFor(spec->tiers, 1'999'999).mmr, 0.005);
  EXPECT_DOUBLE_EQ(TierFor(spec->tiers, 2'599'999).mmr, 0.0056);
  EXPECT_NEAR(spec->tiers[1].deduction, 1200, 1e-6);
  EXPECT_NEAR(spec->tiers[2].deduction, 3020, 1e-6);
  EXPECT_NEAR(spec->tiers[3].deduction, 4300, 1e-6);
}

// KuCoin. K1 (support 4408061803033): short 5 contracts × 0.001 at 28,000, 100x, MMR 0.4 %,
// published 28,168 with the older page's maintenance at entry and no fee. Baro uses the current
// formula (support 26694703491737) with the 0.06 % liquidation fee: (0.005 × 28,000 + 1.4) /
// (0.005 × (1 + 0.004 + 0.0006)) = 141.4 / 0.005023 = 28,150.51, 0.06 % from the published
// figure. K4: 10,000 contracts × 0.001 at 30,000 = 300,000 of notional at level 1 (0.4 %):
// maintenance 1,200, plus the 0.06 % fee 180, over a margin of 30,000: usage 0.046.
TEST(PublishedExamples, KucoinExamples) {
  ASSERT_EQ(FormulaFee(Venue::kKucoin), 0.0006);
  auto tiers = exchanges::kucoin::ParseTiers(R"({"code":"200000","data":[
    {"symbol":"XBTUSDTM","level":1,"maxRiskLimit":500000,"minRiskLimit":0,"maxLeverage":125,"initialMargin":0.008,"maintainMargin":0.004}]})");
  ASSERT_TRUE(tiers.ok()) << tiers.error().message;
  const double k1 =
      Lp(AssessWith(Isolated(Venue::kKucoin, Side::kShort, 0.005, 28000, 1.4), tiers->tiers));
  EXPECT_NEAR(k1, 141.4 / 0.005023, 1e-6);
  EXPECT_NEAR(k1, 28168, 28168 * 1e-3);
  auto k4 = AssessWith(Isolated(Venue::kKucoin, Side::kLong, 10, 30000, 30000), tiers->tiers);
  ASSERT_TRUE(k4.margin_usage.has_value());
  EXPECT_NEAR(*k4.margin_usage, (1200.0 + 180) / 30000, 1e-12);
}

// Bitget's get-all-position documentation example (samples/bitget-all-position-isolated.json):
// isolated long 0.01 BTC at 25,000, marginSize 9.6695050093373343, keepMarginRate 0.004, mark
// 25,100, unrealized PnL 1. Both venue figures reproduce only with the 0.06 % taker fee in the
// rate: liquidation (9.6695050093373343 − 250) / (0.01 × (0.004 + 0.0006 − 1)) = 24,144.1124,
// margin ratio 0.01 × 25,100 × 0.0046 / (9.6695050093373343 + 1) = 0.1082149545822005.
TEST(PublishedExamples, BitgetDocumentedIsolatedPosition) {
  auto parsed = exchanges::bitget::ParseAllPosition(
      Sample("bitget", "bitget-all-position-isolated.json"), "main");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  ASSERT_EQ(parsed->size(), 1u);
  Position p = parsed->at(0);
  const auto tiers = VenueTiers(Venue::kBitget, Pairs{{0, 0.004}});
  // As read: the venue's price and its own margin ratio stand.
  auto as_read = AssessWith(p, tiers);
  EXPECT_FALSE(as_read.liquidation_estimated);
  ASSERT_TRUE(as_read.margin_usage.has_value());
  EXPECT_NEAR(*as_read.margin_usage, 0.1082149545822005, 1e-12);
  // Without the venue's figures, Baro's estimate gives the same numbers.
  p.liquidation_price.reset();
  p.maintenance_margin.reset();
  auto estimated = AssessWith(p, tiers);
  EXPECT_NEAR(Lp(estimated), (9.6695050093373343 - 250) / (0.01 * (0.004 + 0.0006 - 1)), 1e-6);
  EXPECT_NEAR(Lp(estimated), 24144.1124, 1e-4);
  EXPECT_NEAR(*estimated.margin_usage, 0.1082149545822005, 1e-12);
}

// Bitget's tier table (0–150k 0.4 %, 150k–900k 0.5 %, 900k–12M 1 %), read by the production
// parser. A 200,000 position is charged 200,000 × 0.5 % = 1,000 on the whole position (a
// Binance-style deduction would make it 1,000 − 150,000 × 0.1 % = 850); with the 0.06 % fee to
// close, 120, over 20,000 of margin its usage is 1,120 / 20,000 = 0.056. A 20x long of 10 BTC at
// 100,000 (margin 50,000) liquidates in the 1 % tier: (50,000 − 1,000,000) / (10 × (0.01 + 0.0006
// − 1)) = 96,017.79.
TEST(PublishedExamples, BitgetTiersChargeTheWholePosition) {
  auto spec = exchanges::bitget::ParseTiers(R"({"code":"00000","msg":"success","data":[
    {"symbol":"BTCUSDT","level":"1","startUnit":"0","endUnit":"150000","leverage":"125","keepMarginRate":"0.004"},
    {"symbol":"BTCUSDT","level":"2","startUnit":"150000","endUnit":"900000","leverage":"100","keepMarginRate":"0.005"},
    {"symbol":"BTCUSDT","level":"3","startUnit":"900000","endUnit":"12000000","leverage":"50","keepMarginRate":"0.01"}]})");
  ASSERT_TRUE(spec.ok()) << spec.error().message;
  auto two = AssessWith(Isolated(Venue::kBitget, Side::kLong, 2, 100000, 20000), spec->tiers);
  ASSERT_TRUE(two.margin_usage.has_value());
  EXPECT_NEAR(*two.margin_usage, (1000.0 + 120) / 20000, 1e-12);
  auto ten = AssessWith(Isolated(Venue::kBitget, Side::kLong, 10, 100000, 50000), spec->tiers);
  EXPECT_NEAR(Lp(ten), 96017.79, 0.01);
}

// The derived cross-venue vectors (docs/risk.md): 1 BTC at 100,000 with 10,000 of margin, one
// tier at 0.4 %. Binance and Bybit: r = 0.4 %, (100,000 − 10,000)/0.996 = 90,361.45 and
// 110,000/1.004 = 109,561.75; OKX: r = 0.4 % + its 0.05 % fee, 90,000/0.9955 = 90,406.83 and
// 110,000/1.0045 = 109,507.22; HyperLiquid at 40x: r = 1/80, 90,000/0.9875 = 91,139.24 and
// 110,000/1.0125 = 108,641.98.
TEST(PublishedExamples, DerivedVectorsThroughEachVenue) {
  auto both = [](Venue v, std::span<const Tier> tiers, double want_long, double want_short) {
    EXPECT_NEAR(Lp(AssessWith(Isolated(v, Side::kLong, 1, 100000, 10000), tiers)), want_long, 0.01)
        << ToString(v);
    EXPECT_NEAR(Lp(AssessWith(Isolated(v, Side::kShort, 1, 100000, 10000), tiers)), want_short,
                0.01)
        << ToString(v);
  };
  for (Venue v : {Venue::kBinance, Venue::kBybit, Venue::kOkx}) {
    both(v, DefaultSpec(v, 0.004).tiers, v == Venue::kOkx ? 90406.83 : 90361.45,
         v == Venue::kOkx ? 109507.22 : 109561.75);
  }
  both(Venue::kHyperliquid, HyperliquidTiers(Pairs{{0, 40}}), 91139.24, 108641.98);
}

}  // namespace
}  // namespace baro::risk
