// /status text: order, filters and paging.
#include "notify/status_message.h"

#include <gtest/gtest.h>

#include "notify/html.h"

namespace baro::notify {
namespace {

store::PositionSnapshot Snap(const std::string& base, const std::string& level, double distance) {
  store::PositionSnapshot s;
  s.connection_id = 1;
  s.position.venue = Venue::kOkx;
  s.position.base = base;
  s.position.symbol = base + "-USDT-SWAP";
  s.position.size = 1;
  s.position.entry_price = 100;
  s.position.mark_price = 100;
  s.position.leverage = 10;
  s.distance_to_liquidation = distance;
  s.level = level;
  s.observed_at = 1;
  return s;
}

TEST(StatusMessage, MostUrgentFirstThenNearestLiquidation) {
  std::vector<store::PositionSnapshot> list = {
      Snap("AAA", "ok", 0.5),       Snap("BBB", "warning", 0.12),   Snap("CCC", "unavailable", -1),
      Snap("DDD", "warning", 0.10), Snap("EEE", "emergency", 0.02), Snap("FFF", "ok", -1)};
  auto parts = RenderStatus(list, {{1, "swing"}}, "en", 1);
  ASSERT_EQ(parts.size(), 1u);
  std::vector<std::size_t> at;
  for (const char* c : {"EEE", "DDD", "BBB", "CCC", "AAA", "FFF"}) {
    at.push_back(parts[0].find(std::string("<b>") + c + "</b>"));
    ASSERT_NE(at.back(), std::string::npos) << c;
  }
  EXPECT_TRUE(std::is_sorted(at.begin(), at.end())) << parts[0];
  EXPECT_NE(parts[0].find("OKX · swing"), std::string::npos);
}

TEST(StatusMessage, FiltersByCoinSymbolOrVenue) {
  const auto s = Snap("BTC", "ok", 0.5);
  EXPECT_TRUE(MatchesFilter(s, "btc"));
  EXPECT_TRUE(MatchesFilter(s, "BTC-USDT-SWAP"));
  EXPECT_TRUE(MatchesFilter(s, "OKX"));
  EXPECT_FALSE(MatchesFilter(s, "binance"));
  EXPECT_FALSE(MatchesFilter(s, "ETH"));
}

TEST(StatusMessage, ALongListIsPagedEachPartWithinTheLimitAndWithTheNotice) {
  std::vector<store::PositionSnapshot> list;
  for (int i = 0; i < 120; ++i) list.push_back(Snap("C" + std::to_string(i), "ok", 0.5));
  for (const std::string locale : {"en", "ko"}) {
    auto parts = RenderStatus(list, {}, locale, 1);
    ASSERT_GT(parts.size(), 1u);
    std::size_t shown = 0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      EXPECT_LE(VisibleLength(parts[i]), kTelegramMaxChars);
      EXPECT_NE(
          parts[i].find("(" + std::to_string(i + 1) + "/" + std::to_string(parts.size()) + ")"),
          std::string::npos);
      EXPECT_NE(parts[i].find(locale == "en" ? "Baro does not trade" : "참고용입니다"),
                std::string::npos);
      for (auto p = parts[i].find("<b>C"); p != std::string::npos; p = parts[i].find("<b>C", p + 1))
        ++shown;
    }
    EXPECT_EQ(shown, 120u);
  }
}

}  // namespace
}  // namespace baro::notify
