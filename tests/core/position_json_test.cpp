#include "core/position_json.h"

#include <gtest/gtest.h>

#include "core/json_util.h"

namespace baro {
namespace {

TEST(PositionJson, RoundTripKeepsMissingLiquidationPriceMissing) {
  Position p;
  p.venue = Venue::kBybit;
  p.symbol = "BTCUSDT";
  p.side = Side::kShort;
  p.size = 0.5;
  p.entry_price = 60000;
  p.mark_price = 61000;
  p.margin_mode = MarginMode::kIsolated;
  p.isolated_margin = 1500;
  auto back = PositionFromJson(ToJson(p));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->venue, Venue::kBybit);
  EXPECT_EQ(back->side, Side::kShort);
  EXPECT_FALSE(back->liquidation_price.has_value());
  EXPECT_EQ(back->isolated_margin, 1500);
  p.liquidation_price = 65000;
  EXPECT_EQ(PositionFromJson(ToJson(p))->liquidation_price, 65000);
}

TEST(PositionJson, RefusesIncompletePositions) {
  auto v = json::Parse(R"({"venue":"okx","side":"long","margin_mode":"cross"})");
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(PositionFromJson(*v).ok());
  EXPECT_FALSE(PositionFromJson(boost::json::value(3)).ok());
}

TEST(JsonUtil, NumbersAsStringsOrNumbers) {
  auto v = json::Parse(R"({"a":"1.5","b":2,"c":"","d":"abc","e":"1e-3","f":null})");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(json::GetNumber(*v, "a"), 1.5);
  EXPECT_EQ(json::GetNumber(*v, "b"), 2);
  EXPECT_FALSE(json::GetNumber(*v, "c"));
  EXPECT_FALSE(json::GetNumber(*v, "d"));
  EXPECT_DOUBLE_EQ(*json::GetNumber(*v, "e"), 0.001);
  EXPECT_FALSE(json::GetNumber(*v, "f"));
  EXPECT_FALSE(json::Parse("{oops").ok());
}

}  // namespace
}  // namespace baro
