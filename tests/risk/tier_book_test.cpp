// The tier book: fresh venue data within its lifetime, read again after it, the last venue data
// or the dated snapshot when the venue cannot be read, the venue default for unknown symbols.
#include "risk/tier_book.h"

#include <gtest/gtest.h>

#include "risk/tiers_json.h"

namespace baro::risk {
namespace {

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

  // Never read: the snapshot, else the venue default with the instrument's first rate.
  auto snapshot = book.Find(Venue::kBinance, "ETHUSDT", std::nullopt);
  EXPECT_EQ(snapshot.origin, TierOrigin::kSnapshot);
  EXPECT_EQ(snapshot.spec.tiers.size(), 5u);
  auto unknown = book.Find(Venue::kGate, "PEPE_USDT", 0.02);
  EXPECT_EQ(unknown.origin, TierOrigin::kDefault);
  EXPECT_DOUBLE_EQ(unknown.spec.tiers[0].mmr, 0.02);
  EXPECT_DOUBLE_EQ(unknown.spec.formula_fee_rate, 0.00075);
}

TEST(TierBook, WithoutALoaderTheSnapshotServes) {
  ManualClock clock(0);
  TierBook book(nullptr, clock, 1000);
  EXPECT_EQ(book.Find(Venue::kHyperliquid, "BTC", std::nullopt).origin, TierOrigin::kSnapshot);
  EXPECT_EQ(book.Find(Venue::kOkx, "BTC-USDT-SWAP", std::nullopt).origin, TierOrigin::kDefault);
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
