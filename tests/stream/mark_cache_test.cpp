// The mark cache keeps only the tracked pairs, reports a change once, and calls a mark stale once
// the stream has not confirmed it for longer than stale_after_ms.
#include "stream/mark_cache.h"

#include <gtest/gtest.h>

namespace baro::stream {
namespace {

TEST(MarkCache, ReportsChangesOnlyForTrackedPairs) {
  MarkCache cache(20'000);
  cache.Track({{Venue::kBinance, "BTCUSDT"}});
  EXPECT_FALSE(cache.Apply(Venue::kBinance, {"ETHUSDT", 3000.0, 0}, 1000).has_value());
  EXPECT_EQ(cache.Apply(Venue::kBinance, {"BTCUSDT", 60000.0, 0}, 1000), 60000.0);
  EXPECT_FALSE(cache.Apply(Venue::kBinance, {"BTCUSDT", 60000.0, 0}, 1500).has_value());
  EXPECT_EQ(cache.Apply(Venue::kBinance, {"BTCUSDT", 60001.5, 0}, 2000), 60001.5);
  EXPECT_EQ(cache.Lookup(Venue::kBybit, "BTCUSDT", 2000).state, MarkState::kAbsent);
  EXPECT_EQ(cache.Lookup(Venue::kBinance, "ETHUSDT", 2000).state, MarkState::kAbsent);
}

TEST(MarkCache, AgeAndStaleness) {
  MarkCache cache(20'000);
  cache.Track({{Venue::kOkx, "BTC-USDT-SWAP"}});
  EXPECT_EQ(cache.Lookup(Venue::kOkx, "BTC-USDT-SWAP", 0).state, MarkState::kAbsent);
  (void)cache.Apply(Venue::kOkx, {"BTC-USDT-SWAP", 100.0, 900}, 1'000);
  auto m = cache.Lookup(Venue::kOkx, "BTC-USDT-SWAP", 21'000);  // 20,000 ms old: still fresh
  EXPECT_EQ(m.state, MarkState::kFresh);
  EXPECT_EQ(m.age_ms, 20'000);
  EXPECT_DOUBLE_EQ(m.mark, 100.0);
  EXPECT_EQ(m.venue_time_ms, 900);
  EXPECT_EQ(cache.Lookup(Venue::kOkx, "BTC-USDT-SWAP", 21'001).state, MarkState::kStale);
  // An update without a mark (Bybit delta) confirms the known mark.
  (void)cache.Apply(Venue::kOkx, {"BTC-USDT-SWAP", std::nullopt, 0}, 30'000);
  m = cache.Lookup(Venue::kOkx, "BTC-USDT-SWAP", 31'000);
  EXPECT_EQ(m.state, MarkState::kFresh);
  EXPECT_EQ(m.age_ms, 1'000);
}

TEST(MarkCache, UntrackedPairsAreForgotten) {
  MarkCache cache(20'000);
  cache.Track({{Venue::kGate, "BTC_USDT"}, {Venue::kGate, "ETH_USDT"}});
  (void)cache.Apply(Venue::kGate, {"BTC_USDT", 1.0, 0}, 0);
  cache.Track({{Venue::kGate, "ETH_USDT"}});
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.Lookup(Venue::kGate, "BTC_USDT", 0).state, MarkState::kAbsent);
}

TEST(MarkCache, ASweepCountsThePairsOnRestMarksAndThoseThatJustWentStale) {
  MarkCache cache(20'000);
  cache.Track(
      {{Venue::kBybit, "BTCUSDT"}, {Venue::kBybit, "ETHUSDT"}, {Venue::kOkx, "X-USDT-SWAP"}});
  (void)cache.Apply(Venue::kBybit, {"BTCUSDT", 100.0, 0}, 1'000);
  auto first = cache.Sweep(2'000);  // ETHUSDT and the OKX pair have no mark yet
  EXPECT_EQ(first[Venue::kBybit].on_rest, 1u);
  EXPECT_EQ(first[Venue::kBybit].went_stale, 0u);
  EXPECT_EQ(first[Venue::kOkx].on_rest, 1u);
  // 20,001 ms after its mark BTCUSDT is stale: counted once as a fallback, then only on REST.
  auto second = cache.Sweep(21'001);
  EXPECT_EQ(second[Venue::kBybit].on_rest, 2u);
  EXPECT_EQ(second[Venue::kBybit].went_stale, 1u);
  auto third = cache.Sweep(22'000);
  EXPECT_EQ(third[Venue::kBybit].on_rest, 2u);
  EXPECT_EQ(third[Venue::kBybit].went_stale, 0u);
  // A mark that came and went stale between two sweeps is a fallback too.
  (void)cache.Apply(Venue::kBybit, {"ETHUSDT", 3000.0, 0}, 22'500);
  auto fourth = cache.Sweep(60'000);
  EXPECT_EQ(fourth[Venue::kBybit].went_stale, 1u);
}

}  // namespace
}  // namespace baro::stream
