// The mark-price cache: a failed refresh keeps the last table only while its prices are younger
// than the maximum age (exchanges.mark_max_age_s); past it every lookup fails with the time the
// prices were read, until the venue answers again.
#include "market/market_data.h"

#include <gtest/gtest.h>

namespace baro::market {
namespace {

TEST(CachedMarketData, PricesOlderThanTheMaximumAgeAreUnusable) {
  ManualClock clock(1'767'225'600'000);  // 2026-01-01 00:00:00 UTC
  bool venue_up = true;
  int loads = 0;
  CachedMarketData md(
      [&](Venue) -> Result<std::vector<Instrument>> {
        ++loads;
        if (!venue_up) return MakeError(ErrorCode::kUnavailable, "down");
        return std::vector<Instrument>{{"BTCUSDT", "BTC", "USDT", 100000.0 + loads, 125, 0.004}};
      },
      clock, /*ttl_ms=*/20'000, /*max_age_ms=*/300'000);
  auto first = md.Find(Venue::kBinance, "BTCUSDT");
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->read_at_ms, 1'767'225'600'000) << "every price carries the time it was read";

  venue_up = false;
  clock.Advance(300'000);  // exactly the maximum age: still usable
  auto at_limit = md.Find(Venue::kBinance, "BTCUSDT");
  ASSERT_TRUE(at_limit.ok());
  EXPECT_EQ(at_limit->mark_price, 100001);
  EXPECT_EQ(at_limit->read_at_ms, 1'767'225'600'000);

  clock.Advance(1);  // one millisecond past it
  auto stale = md.Find(Venue::kBinance, "BTCUSDT");
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(stale.error().message.find("since 2026-01-01 00:00:00 UTC"), std::string::npos)
      << stale.error().message;
  clock.Advance(3'600'000);
  EXPECT_FALSE(md.Find(Venue::kBinance, "BTCUSDT").ok()) << "an outage never ends in old prices";

  venue_up = true;  // the venue answers again: fresh prices, fresh time
  auto back = md.Find(Venue::kBinance, "BTCUSDT");
  ASSERT_TRUE(back.ok());
  EXPECT_GT(back->mark_price, 100001);
  EXPECT_EQ(back->read_at_ms, clock.NowMs());
}

TEST(CachedMarketData, FormatUtc) {
  EXPECT_EQ(FormatUtc(1'767'225'600'000 + 3'723'000), "2026-01-01 01:02:03 UTC");
}

}  // namespace
}  // namespace baro::market
