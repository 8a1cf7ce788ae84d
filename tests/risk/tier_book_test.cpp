// The tier book: fresh venue data within its lifetime, read again after it; a rate the venue
// reports now beats cached tiers; accounts' own tiers serve every user; the last venue data, the
// dated snapshot or a conservative stand-in (flagged) when nothing else is known; failed reads are
// counted in /metrics; the caches stay bounded.
#include "risk/tier_book.h"

#include <gtest/gtest.h>

#include "metrics/metrics.h"
#include "risk/tiers_json.h"

namespace baro::risk {
namespace {

using Pairs = std::vector<std::pair<double, double>>;

TEST(TierBook, RefreshesAfterItsLifetimeAndFallsBackToTheSnapshot) {
  ManualClock clock(1'000'000);
  int loads = 0;
  bool venue_up = true;
  TierBook book(
      [&](Venue, const std::string&) -> Result<VenueRiskSpec> {
        ++loads;
        if (!venue_up) return MakeError(ErrorCode::kUnavailable, "down");
        VenueRiskSpec s;
        s.tiers = {Tier{0, 1e300, 0.0042, 0}};
        return s;
      },
      clock, 86'400'000);
  auto first = book.Find(Venue::kBybit, "BTCUSDT", std::nullopt);
  EXPECT_EQ(first.origin, TierOrigin::kVenue);
  EXPECT_DOUBLE_EQ(first.spec.tiers[0].mmr, 0.0042);
  clock.Advance(86'399'000);
  EXPECT_EQ(book.Find(Venue::kBybit, "BTCUSDT", std::nullopt).origin, TierOrigin::kVenue);
  EXPECT_EQ(loads, 1) << "reused within the lifetime";
  clock.Advance(1'000);
  venue_up = false;
  auto stale = book.Find(Venue::kBybit, "BTCUSDT", std::nullopt);
  EXPECT_EQ(loads, 2) << "read again after a day";
  EXPECT_EQ(stale.origin, TierOrigin::kVenue) << "the last venue data beats the snapshot";
  book.Find(Venue::kBybit, "BTCUSDT", std::nullopt);
  EXPECT_EQ(loads, 2) << "a failed venue is not asked again on every check";

  // Never read: the snapshot (Binance's BTCUSDT brackets of 2024-10-24, five of them in risk.md
  // §3), else one tier at the rate the venue reports for the instrument.
  auto snapshot = book.Find(Venue::kBinance, "BTCUSDT", std::nullopt);
  EXPECT_EQ(snapshot.origin, TierOrigin::kSnapshot);
  EXPECT_EQ(snapshot.spec.tiers.size(), 5u);
  EXPECT_FALSE(snapshot.estimated);
  auto unknown = book.Find(Venue::kGate, "PEPE_USDT", 0.02);
  EXPECT_EQ(unknown.origin, TierOrigin::kDefault);
  EXPECT_FALSE(unknown.estimated) << "the venue's own first rate is no stand-in";
  EXPECT_DOUBLE_EQ(unknown.spec.tiers[0].mmr, 0.02);
  EXPECT_DOUBLE_EQ(unknown.spec.formula_fee_rate, 0.00075);
}

// HyperLiquid lowers a coin's maximum leverage from 50x to 20x: every position (and
// metaAndAssetCtxs) now reports a maintenance rate of 1/(2 × 20) = 2.5 %, while the tiers cached an
// hour ago say 1/(2 × 50) = 1 %. The cached tiers are read again; if the venue's table still says
// 1 %, the reported 2.5 % wins anyway.
TEST(TierBook, TheVenuesCurrentRateBeatsCachedTiers) {
  ManualClock clock(0);
  int loads = 0;
  double table_max_leverage = 50;
  TierBook book(
      [&](Venue, const std::string&) -> Result<VenueRiskSpec> {
        ++loads;
        VenueRiskSpec s;
        s.tiers = HyperliquidTiers(Pairs{{0, table_max_leverage}, {100e6, 10}});
        return s;
      },
      clock, 86'400'000);
  EXPECT_DOUBLE_EQ(book.Find(Venue::kHyperliquid, "DOGE", 0.01).spec.tiers[0].mmr, 0.01);
  clock.Advance(3'600'000);
  EXPECT_DOUBLE_EQ(book.Find(Venue::kHyperliquid, "DOGE", 0.01).spec.tiers[0].mmr, 0.01);
  EXPECT_EQ(loads, 1) << "a rate the tiers know needs no new read";

  // The venue's table has not changed yet: the reported rate replaces the first tier's, and the
  // second tier (1/(2 × 10) = 5 %) stays as it is.
  auto disagreeing = book.Find(Venue::kHyperliquid, "DOGE", 0.025);
  EXPECT_EQ(loads, 2) << "tiers that disagree with the venue are read again at once";
  EXPECT_DOUBLE_EQ(disagreeing.spec.tiers[0].mmr, 0.025);
  EXPECT_DOUBLE_EQ(disagreeing.spec.tiers[1].mmr, 0.05);
  // With deductions recomputed: 100M × (5 % − 2.5 %) = 2,500,000.
  EXPECT_NEAR(disagreeing.spec.tiers[1].deduction, 2'500'000, 1e-6);
  book.Find(Venue::kHyperliquid, "DOGE", 0.025);
  EXPECT_EQ(loads, 2) << "one new read per reported figure, not one per check";

  // The venue's table catches up: a later figure it knows is served from the new read.
  table_max_leverage = 20;
  auto caught_up = book.Find(Venue::kHyperliquid, "DOGE", 0.02);  // 25x now reported
  EXPECT_EQ(loads, 3);
  EXPECT_DOUBLE_EQ(caught_up.spec.tiers[0].mmr, 0.02) << "the reported figure still wins";
  auto agreeing = book.Find(Venue::kHyperliquid, "DOGE", 0.025);
  EXPECT_EQ(loads, 3) << "the table read last knows 2.5 %";
  EXPECT_DOUBLE_EQ(agreeing.spec.tiers[0].mmr, 0.025);

  // A snapshot table that disagrees gives way too: HyperLiquid ETH is 25x (2 %), then 15x, in it.
  TierBook offline(nullptr, clock, 86'400'000);
  EXPECT_DOUBLE_EQ(offline.Find(Venue::kHyperliquid, "ETH", 0.025).spec.tiers[0].mmr, 0.025);
}

// Binance's brackets need a signed read: the ones a connected account brought serve every user's
// lookups for that symbol; a symbol in neither the accounts' nor the snapshot's gets the most
// conservative first rate Binance lists (3 %, its leverage and margin page), flagged.
TEST(TierBook, AccountsBracketsServeEveryoneAndUnknownSymbolsAreFlagged) {
  ManualClock clock(0);
  TierBook book(
      [](Venue, const std::string&) -> Result<VenueRiskSpec> {
        return MakeError(ErrorCode::kNotFound, "binance tiers come from the snapshot");
      },
      clock, 86'400'000, /*max_symbols=*/2);
  const std::vector<Tier> brackets = VenueTiers(Venue::kBinance, Pairs{{0, 0.02}, {5000, 0.025}});
  book.Remember(Venue::kBinance, "NEWUSDT", brackets);
  auto own = book.Find(Venue::kBinance, "NEWUSDT", std::nullopt);
  EXPECT_EQ(own.origin, TierOrigin::kAccount);
  EXPECT_FALSE(own.estimated);
  EXPECT_DOUBLE_EQ(own.spec.tiers[0].mmr, 0.02);
  EXPECT_NEAR(own.spec.tiers[1].deduction, 25, 1e-9);  // 5,000 × 0.5 %

  // BTCUSDT's brackets of 2024-10-24 are in the snapshot (risk.md §3: first bracket 0.40 %).
  auto btc = book.Find(Venue::kBinance, "BTCUSDT", std::nullopt);
  EXPECT_EQ(btc.origin, TierOrigin::kSnapshot);
  EXPECT_FALSE(btc.estimated);
  EXPECT_DOUBLE_EQ(btc.spec.tiers[0].mmr, 0.004);

  auto unknown = book.Find(Venue::kBinance, "NOSUCHUSDT", std::nullopt);
  EXPECT_EQ(unknown.origin, TierOrigin::kDefault);
  EXPECT_TRUE(unknown.estimated);
  EXPECT_DOUBLE_EQ(unknown.spec.tiers[0].mmr, 0.03);

  // Bounded: a third symbol pushes out the one remembered first.
  clock.Advance(1000);
  book.Remember(Venue::kBinance, "TWOUSDT", brackets);
  clock.Advance(1000);
  book.Remember(Venue::kBinance, "THREEUSDT", brackets);
  EXPECT_EQ(book.Find(Venue::kBinance, "NEWUSDT", std::nullopt).origin, TierOrigin::kDefault);
  EXPECT_EQ(book.Find(Venue::kBinance, "THREEUSDT", std::nullopt).origin, TierOrigin::kAccount);
}

// A venue that refuses the read (KuCoin's risk-limit table needs a signed request) is counted by
// venue and reason in /metrics, and the snapshot serves.
TEST(TierBook, RefusedReadsAreCounted) {
  ManualClock clock(0);
  TierBook book(
      [](Venue, const std::string&) -> Result<VenueRiskSpec> {
        return MakeError(ErrorCode::kUnauthenticated, "kucoin: refused");
      },
      clock, 1000);
  const std::string series =
      "baro_tier_read_failures_total{venue=\"kucoin\",reason=\"unauthenticated\"} ";
  auto count = [&] {
    const std::string text = metrics::Default().Render();
    const auto at = text.find(series);
    return at == std::string::npos ? 0 : std::stoi(text.substr(at + series.size()));
  };
  const int before = count();
  EXPECT_EQ(book.Find(Venue::kKucoin, "XBTUSDTM", std::nullopt).origin, TierOrigin::kSnapshot);
  EXPECT_EQ(count(), before + 1);
  book.Find(Venue::kKucoin, "XBTUSDTM", std::nullopt);
  EXPECT_EQ(count(), before + 1) << "not asked again before the lifetime";
}

TEST(TierBook, WithoutALoaderTheSnapshotServes) {
  ManualClock clock(0);
  TierBook book(nullptr, clock, 1000);
  EXPECT_EQ(book.Find(Venue::kHyperliquid, "BTC", std::nullopt).origin, TierOrigin::kSnapshot);
  // OKX, which the snapshot does not list: the most conservative rate of the whole snapshot (3 %,
  // Binance's BICOUSDT), flagged, never a venue's lowest rate.
  auto okx = book.Find(Venue::kOkx, "BTC-USDT-SWAP", std::nullopt);
  EXPECT_EQ(okx.origin, TierOrigin::kDefault);
  EXPECT_TRUE(okx.estimated);
  EXPECT_DOUBLE_EQ(okx.spec.tiers[0].mmr, 0.03);
  EXPECT_DOUBLE_EQ(okx.spec.formula_fee_rate, 0.0005);
}

// Tiers travel from the fetcher to the worker as JSON rows and come back unchanged.
TEST(TiersJson, RoundTripAndRefusals) {
  const std::vector<Tier> tiers = {{0, 50000, 0.004, 0}, {50000, 1e300, 0.005, 50}};
  auto back = TiersFromJson(TiersToJson(tiers));
  ASSERT_TRUE(back.has_value());
  ASSERT_EQ(back->size(), 2u);
  EXPECT_DOUBLE_EQ((*back)[1].notional_floor, 50000);
  EXPECT_DOUBLE_EQ((*back)[1].notional_cap, 1e300);
  EXPECT_DOUBLE_EQ((*back)[1].deduction, 50);
  EXPECT_FALSE(TiersFromJson(boost::json::value("x")).has_value());
  EXPECT_FALSE(TiersFromJson(boost::json::array{boost::json::array{1, 2, 3}}).has_value());
}

}  // namespace
}  // namespace baro::risk
