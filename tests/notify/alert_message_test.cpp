// The alert text a phone shows: venue brand names, grouped digits, prices at the page's precision,
// the configured leverage, the account label, the reference-only notice, and clean cuts at 4096.
#include "notify/alert_message.h"

#include <gtest/gtest.h>

#include "notify/html.h"
#include "notify/number_format.h"

namespace baro::notify {
namespace {

TEST(NumberFormat, GroupsThousandsAndDropsTrailingZeros) {
  EXPECT_EQ(FormatNumber(1234567.5, 2), "1,234,567.5");
  EXPECT_EQ(FormatNumber(-1234.0, 2), "-1,234");
  EXPECT_EQ(FormatNumber(999.999, 2), "1,000");  // rounds up across a group
  EXPECT_EQ(FormatNumber(100, 2), "100");
  EXPECT_EQ(FormatNumber(-0.001, 2), "0");
}

TEST(NumberFormat, PricesFollowThePagesPrecision) {
  // web/ui/js/format.js price(): 2 decimals from 1,000, 4 from 1, 8 below.
  EXPECT_EQ(FormatPrice(80800), "80,800");
  EXPECT_EQ(FormatPrice(97123.456), "97,123.46");
  EXPECT_EQ(FormatPrice(3.14159), "3.1416");
  EXPECT_EQ(FormatPrice(0.000012345678), "0.00001235");
}

TEST(NumberFormat, PercentSignedAndLeverage) {
  EXPECT_EQ(FormatPercent(0.0212), "2.12%");
  EXPECT_EQ(FormatPercent(-12.5), "-1,250.00%");
  EXPECT_EQ(FormatSigned(1755), "+1,755");
  EXPECT_EQ(FormatSigned(-0.5), "-0.5");
  EXPECT_EQ(FormatLeverage(2), "2x");
  EXPECT_EQ(FormatLeverage(12.345), "12.35x");
  EXPECT_EQ(VenueDisplayName("hyperliquid"), "HyperLiquid");
  EXPECT_EQ(VenueDisplayName("okx"), "OKX");
  EXPECT_EQ(VenueDisplayName("kucoin"), "KuCoin");
}

// A 0.1 BTC isolated long on HyperLiquid at 2x: entry 100,000, mark 82,450.5, margin 5,000.
// PnL = 0.1 × (82,450.5 − 100,000) = −1,754.95; ROE = −1,754.95 / 5,000 = −35.10 %.
// Its effective leverage is 8,245.05 / (5,000 − 1,754.95) = 2.54, and for a cross position with a
// large account it is near 0: the page shows the configured 2x, and so must the alert.
AlertItem HyperliquidLong() {
  AlertItem item;
  item.account_label = "main wallet";
  Position& p = item.position;
  p.venue = Venue::kHyperliquid;
  p.account = "0xabc";
  p.symbol = "BTC";
  p.side = Side::kLong;
  p.size = 0.1;
  p.entry_price = 100000;
  p.mark_price = 82450.5;
  p.leverage = 2;
  item.risk.mark = 82450.5;
  item.risk.liquidation_price = 80800;
  item.risk.distance = (82450.5 - 80800) / 82450.5;  // 2.00 %
  item.risk.unrealized_pnl = -1754.95;
  item.risk.roe = -1754.95 / 5000;
  item.risk.effective_leverage = 0.02;
  item.risk.liquidation_level = risk::Level::kEmergency;
  item.events = {{risk::Signal::kLiquidation, risk::EventKind::kEscalated, risk::Level::kEmergency,
                  risk::Level::kCritical}};
  return item;
}

TEST(AlertMessage, ShowsBrandNamesGroupedFiguresAndThePagesLeverage) {
  auto parts = RenderAlerts({HyperliquidLong()}, {}, "en");
  ASSERT_EQ(parts.size(), 1u);
  const std::string& m = parts[0];
  EXPECT_NE(m.find("<b>BTC</b> long · HyperLiquid · main wallet"), std::string::npos) << m;
  EXPECT_EQ(m.find("hyperliquid"), std::string::npos) << m;
  EXPECT_NE(m.find("Liquidation 80,800 (2.00% away)"), std::string::npos) << m;
  EXPECT_NE(m.find("entry 100,000 · mark 82,450.5"), std::string::npos) << m;
  EXPECT_NE(m.find("Leverage 2x · PnL -1,754.95 (-35.10%)"), std::string::npos) << m;
  EXPECT_EQ(m.find("0.0x"), std::string::npos) << m;
  EXPECT_NE(m.find("Baro does not trade and cannot stop a liquidation"), std::string::npos);
}

TEST(AlertMessage, KoreanUsesTheKoreanCatalog) {
  auto parts = RenderAlerts({HyperliquidLong()}, {}, "ko");
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_NE(parts[0].find("롱 · HyperLiquid · main wallet"), std::string::npos) << parts[0];
  EXPECT_NE(parts[0].find("레버리지 2x"), std::string::npos) << parts[0];
  EXPECT_NE(parts[0].find("청산가 80,800 (2.00% 남음)"), std::string::npos) << parts[0];
  EXPECT_NE(parts[0].find("참고용입니다"), std::string::npos);
}

TEST(AlertMessage, HandEnteredPositionsAndNoticesNameTheVenue) {
  AlertItem manual = HyperliquidLong();
  manual.account_label.clear();
  manual.position.account = "manual";
  auto parts =
      RenderAlerts({manual}, {{NoticeKind::kClosed, "okx", "swing", "ETH-USDT-SWAP", ""}}, "en");
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_NE(parts[0].find("long · Hand-entered\n"), std::string::npos) << parts[0];
  EXPECT_NE(parts[0].find("ETH-USDT-SWAP</b> · OKX · swing"), std::string::npos) << parts[0];
}

TEST(AlertMessage, ManyPositionsSplitCleanlyEachPartWithTheNotice) {
  std::vector<AlertItem> items;
  for (int i = 0; i < 60; ++i) {
    AlertItem item = HyperliquidLong();
    item.position.symbol = "COIN" + std::to_string(i);
    items.push_back(item);
  }
  auto parts = RenderAlerts(items, {}, "en");
  ASSERT_GT(parts.size(), 1u);
  std::size_t blocks = 0;
  for (const auto& part : parts) {
    EXPECT_LE(VisibleLength(part), kTelegramMaxChars);
    EXPECT_NE(part.find("Baro does not trade"), std::string::npos);
    for (auto pos = part.find("<b>COIN"); pos != std::string::npos;
         pos = part.find("<b>COIN", pos + 1)) {
      ++blocks;
    }
  }
  EXPECT_EQ(blocks, 60u);  // no position cut in two or lost
}

}  // namespace
}  // namespace baro::notify
