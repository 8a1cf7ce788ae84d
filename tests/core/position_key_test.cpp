#include "core/position_key.h"

#include <gtest/gtest.h>

namespace baro {
namespace {

TEST(PositionKey, ConnectionAndManualKeysKeepTheirStoredForm) {
  // The forms rows written before this type carry (store/records.h PositionSnapshot).
  EXPECT_EQ(PositionKey::OfConnection(12, "BTCUSDT", Side::kLong).ToString(), "c12:BTCUSDT:long");
  EXPECT_EQ(PositionKey::OfManual(7).ToString(), "m7");
  EXPECT_EQ(PositionKey::ConnectionPrefix(12), "c12:");
}

TEST(PositionKey, ParsesWhatItWritesIncludingSymbolsWithColons) {
  for (const auto& key :
       {PositionKey::OfConnection(3, "ETH", Side::kShort),
        PositionKey::OfConnection(44, "xyz:TSLA", Side::kLong), PositionKey::OfManual(9)}) {
    auto parsed = PositionKey::Parse(key.ToString());
    ASSERT_TRUE(parsed.has_value()) << key.ToString();
    EXPECT_EQ(*parsed, key);
  }
  auto hip3 = PositionKey::Parse("c44:xyz:TSLA:long");
  ASSERT_TRUE(hip3.has_value());
  EXPECT_EQ(hip3->symbol, "xyz:TSLA");
  EXPECT_EQ(hip3->id, 44);
}

TEST(PositionKey, RefusesTextThatNamesNoPosition) {
  for (const char* text :
       {"", "m", "m-1", "m0", "m7x", "c12", "c12:", "c12:ETH", "c12::long", "c:ETH:long",
        "cx:ETH:long", "c12:ETH:up", "bot:mute", "gaps:c1|read", "stale:m3|data"}) {
    EXPECT_FALSE(PositionKey::Parse(text).has_value()) << text;
  }
}

TEST(PositionKey, StateKeysCarryTheSignalAfterTheLastBar) {
  const auto key = PositionKey::OfConnection(5, "SOLUSDT", Side::kShort);
  EXPECT_EQ(StateKey(key, "liquidation"), "c5:SOLUSDT:short|liquidation");
  EXPECT_EQ(PositionPartOfStateKey("c5:SOLUSDT:short|liquidation"), "c5:SOLUSDT:short");
  EXPECT_EQ(PositionPartOfStateKey("m7"), "m7");
}

}  // namespace
}  // namespace baro
