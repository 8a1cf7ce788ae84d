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

// Prices at the symbol's tick: rounded to the nearest step and shown with the step's decimals
// (by hand: 46,051.66 to 0.1 is 46,051.7; 2,454.12 to 0.05 is 2,454.10; 97,250.4 to 1 is 97,250).
TEST(NumberFormat, PricesAtTheSymbolsTick) {
  EXPECT_EQ(FormatPriceAt(46051.66, {.tick = 0.1}), "46,051.7");
  EXPECT_EQ(FormatPriceAt(2500.5, {.tick = 0.01}), "2,500.50");
  EXPECT_EQ(FormatPriceAt(2454.12, {.tick = 0.05}), "2,454.10");
  EXPECT_EQ(FormatPriceAt(97250.4, {.tick = 1}), "97,250");
  EXPECT_EQ(FormatPriceAt(0.123456, {.tick = 0.0001}), "0.1235");
  EXPECT_EQ(FormatPriceAt(0.0000123, {.tick = 0.0000001}), "0.0000123");
  // Unknown: as before, the precision follows the size.
  EXPECT_EQ(FormatPriceAt(46051.66, {}), FormatPrice(46051.66));
  EXPECT_EQ(FormatPriceAt(46051.66, {}), "46,051.66");
}

// HyperLiquid: at most 5 significant figures and at most 6 - szDecimals decimals; the examples of
// https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/tick-and-lot-size.
TEST(NumberFormat, HyperliquidPricesFollowItsSignificantFigureRule) {
  const PricePrecision btc{.significant = 5, .max_decimals = 6 - 5};  // szDecimals 5
  EXPECT_EQ(FormatPriceAt(97250.4, btc), "97,250");                   // 5 figures, no decimals
  EXPECT_EQ(FormatPriceAt(123456, btc), "123,456");                   // an integer is always whole
  EXPECT_EQ(FormatPriceAt(1234.5, btc), "1,234.5");
  const PricePrecision doge{.significant = 5, .max_decimals = 6};     // szDecimals 0
  EXPECT_EQ(FormatPriceAt(0.001234, doge), "0.001234");               // 6 decimals at most
  const PricePrecision one{.significant = 5, .max_decimals = 6 - 1};  // szDecimals 1
  EXPECT_EQ(FormatPriceAt(0.01234, one), "0.01234");                  // 5 decimals at most
  EXPECT_EQ(FormatPriceAt(3.14159, one), "3.1416");                   // 5 figures
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

// With the symbol's tick known, entry, mark and liquidation are shown at it: a BTC tick of 0.1
// (Gate's order_price_round for BTC_USDT in tests/exchanges/gate/testdata/gate-contracts.json).
TEST(AlertMessage, PricesAreShownAtTheSymbolsTick) {
  AlertItem item = HyperliquidLong();
  item.price = {.tick = 0.1};
  auto parts = RenderAlerts({item}, {}, "en");
  ASSERT_EQ(parts.size(), 1u);
  const std::string& m = parts[0];
  EXPECT_NE(m.find("Liquidation 80,800.0 (2.00% away)"), std::string::npos) << m;
  EXPECT_NE(m.find("entry 100,000.0 · mark 82,450.5"), std::string::npos) << m;
  // HyperLiquid's own rule for BTC (szDecimals 5): five significant figures.
  item.price = {.significant = 5, .max_decimals = 1};
  const std::string hl = RenderAlerts({item}, {}, "en")[0];
  EXPECT_NE(hl.find("Liquidation 80,800 (2.00% away)"), std::string::npos) << hl;
  EXPECT_NE(hl.find("entry 100,000 · mark 82,451"), std::string::npos) << hl;
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
