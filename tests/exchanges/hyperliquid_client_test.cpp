#include "exchanges/hyperliquid/hyperliquid_client.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "exchanges/hyperliquid/dex_directory.h"
#include "fakes/market/fake_market.h"
#include "support/temp_dir.h"

namespace baro::exchanges::hyperliquid {
namespace {

std::string Sample(const std::string& name) {
  return testing::ReadFile(std::string(BARO_SOURCE_DIR) + "/tests/exchanges/testdata/" + name);
}

TEST(HyperliquidClient, ParsesTheDocumentedIsolatedPosition) {
  auto s = ParseClearinghouseState(Sample("hyperliquid-clearinghouseState-doc.json"), "0xabc");
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_EQ(s->positions.size(), 1u);
  const Position& p = s->positions[0];
  EXPECT_EQ(p.symbol, "ETH");
  EXPECT_EQ(p.side, Side::kLong);
  EXPECT_DOUBLE_EQ(p.size, 0.0335);
  EXPECT_DOUBLE_EQ(p.entry_price, 2986.3);
  EXPECT_NEAR(p.mark_price, 100.02765 / 0.0335, 1e-9);
  EXPECT_DOUBLE_EQ(*p.liquidation_price, 2866.26936529);
  EXPECT_EQ(p.margin_mode, MarginMode::kIsolated);
  EXPECT_NEAR(*p.isolated_margin, 4.967826 + 0.0134, 1e-9);  // marginUsed includes uPnL
  EXPECT_EQ(p.leverage, 20);
  EXPECT_DOUBLE_EQ(*p.maintenance_margin_rate, 0.01);
  EXPECT_DOUBLE_EQ(s->account->equity, 13104.514502);
}

TEST(HyperliquidClient, ParsesCrossShortsAndNullLiquidationPrices) {
  auto s =
      ParseClearinghouseState(Sample("hyperliquid-clearinghouseState-2023-cassette.json"), "0xabc");
  ASSERT_TRUE(s.ok());
  ASSERT_GE(s->positions.size(), 3u);
  EXPECT_EQ(s->positions[0].side, Side::kShort);
  EXPECT_DOUBLE_EQ(s->positions[0].size, 0.00785);
  EXPECT_EQ(s->positions[0].margin_mode, MarginMode::kCross);
  EXPECT_FALSE(s->positions[0].isolated_margin.has_value());
  EXPECT_EQ(s->positions[1].symbol, "ETH");
  EXPECT_FALSE(s->positions[1].liquidation_price.has_value());  // null stays absent, never 0
}

TEST(HyperliquidClient, EmptyAndBrokenStates) {
  auto empty = ParseClearinghouseState(
      R"({"assetPositions":[],"crossMarginSummary":{"accountValue":"0.0"}})", "0x");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->positions.empty());
  EXPECT_FALSE(empty->account->margin_ratio.has_value());
  EXPECT_EQ(ParseClearinghouseState("{}", "0x").error().code, ErrorCode::kBadResponse);
  EXPECT_EQ(ParseClearinghouseState("<html>", "0x").error().code, ErrorCode::kBadResponse);
  auto nan = ParseClearinghouseState(
      R"({"assetPositions":[{"position":{"coin":"X","szi":"1","entryPx":"1","positionValue":"1","liquidationPx":"NaN","leverage":{"type":"cross","value":"3"}}}]})",
      "0x");
  ASSERT_TRUE(nan.ok());
  EXPECT_FALSE(nan->positions[0].liquidation_price.has_value());
  EXPECT_EQ(nan->positions[0].leverage, 3);  // leverage as a string too
}

TEST(HyperliquidClient, ValidatesAddresses) {
  EXPECT_TRUE(ValidAddress("0x0123456789abcdefABCDEF0123456789abcdef01"));
  EXPECT_FALSE(ValidAddress("0x0123"));
  EXPECT_FALSE(ValidAddress("1x0123456789abcdefABCDEF0123456789abcdef01"));
  EXPECT_FALSE(ValidAddress("0x0123456789abcdefABCDEF0123456789abcdefZZ"));
}

TEST(HyperliquidClient, ReadsOverLoopbackAndAcceptsTheAddress) {
  fakes::FakeMarket fake;
  ASSERT_TRUE(fake.Start());
  const std::string address = "0x00000000000000000000000000000000000000aa";
  fake.SetClearinghouseState(address, Sample("hyperliquid-clearinghouseState-doc.json"));
  net::HttpClient http;
  VenueState state(kIpLimit);
  VenueLink link(http, state, SystemClock::Instance());
  HyperliquidClient client(*net::ParseUrl(fake.BaseUrl()), link);
  Credentials c;
  c.wallet_address = address;
  auto read = client.ReadAccount(c);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read->positions.size(), 1u);
  auto verdict = client.CheckPermissions(c);
  ASSERT_TRUE(verdict.ok());
  EXPECT_EQ(verdict->verdict, KeyVerdict::kAccepted);
  EXPECT_TRUE(verdict->warnings.empty());
  c.wallet_address = "0x00000000000000000000000000000000000000bb";  // a fresh or agent wallet
  EXPECT_EQ(client.CheckPermissions(c)->warnings.size(), 1u);
  c.wallet_address = "not-an-address";
  EXPECT_EQ(client.ReadAccount(c).error().code, ErrorCode::kInvalidInput);
}

}  // namespace
}  // namespace baro::exchanges::hyperliquid

namespace baro::exchanges::hyperliquid {
namespace {

// HIP-3: positions on builder-deployed dexes only show when the dex is named. The first read scans
// every dex; later reads ask only the dexes where the address held something, until the rescan
// interval has passed.
TEST(HyperliquidClient, ReadsTheHip3DexesWhereTheAddressHoldsPositions) {
  fakes::FakeMarket fake;
  ASSERT_TRUE(fake.Start());
  const std::string address = "0x00000000000000000000000000000000000000bb";
  std::string main_state = Sample("hyperliquid-clearinghouseState-doc.json");
  std::string dex_state = main_state;
  dex_state.replace(dex_state.find("\"ETH\""), 5, "\"xyz:AAPL\"");
  fake.SetClearinghouseState(address, main_state);
  fake.SetClearinghouseState(address, dex_state, "xyz");
  fake.AddPerpDex("xyz");
  fake.AddPerpDex("flx");

  net::HttpClient http;
  VenueState state(kIpLimit);
  ManualClock clock(1'700'000'000'000);
  VenueLinkOptions options;
  options.dex_rescan_ms = 600'000;
  VenueLink link(http, state, clock, options);
  HyperliquidClient client(*net::ParseUrl(fake.BaseUrl()), link);
  Credentials c;
  c.wallet_address = address;

  auto first = client.ReadAccount(c);
  ASSERT_TRUE(first.ok()) << first.error().message;
  ASSERT_EQ(first->positions.size(), 2u);
  EXPECT_EQ(first->positions[1].symbol, "xyz:AAPL");
  EXPECT_EQ(first->positions[1].base, "AAPL");
  EXPECT_EQ(fake.info_requests(),
            (std::vector<std::string>{"clearinghouseState", "perpDexs", "clearinghouseState:xyz",
                                      "clearinghouseState:flx"}));
  // Each request was charged its published weight: 2 per state, 20 for the dex list.
  EXPECT_EQ(state.budget.used_in_window(clock.NowMs()),
            3 * kClearinghouseStateWeight + kMetaWeight);

  clock.Advance(150'000);
  auto second = client.ReadAccount(c);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->positions.size(), 2u);
  auto requests = fake.info_requests();
  EXPECT_EQ(std::vector<std::string>(requests.begin() + 4, requests.end()),
            (std::vector<std::string>{"clearinghouseState", "clearinghouseState:xyz"}));

  clock.Advance(600'000);
  ASSERT_TRUE(client.ReadAccount(c).ok());
  requests = fake.info_requests();
  EXPECT_EQ(std::vector<std::string>(requests.begin() + 6, requests.end()),
            (std::vector<std::string>{"clearinghouseState", "clearinghouseState:xyz",
                                      "clearinghouseState:flx"}));
}

// Each HIP-3 dex is margined on its own (its clearinghouseState names the dex and carries that
// dex's own summaries): its cross account is kept apart from the main dex's, and a dex that cannot
// be read degrades only its own positions, saying so.
TEST(HyperliquidClient, EachDexIsItsOwnAccountAndAFailingDexDegradesOnlyItself) {
  fakes::FakeMarket fake;
  ASSERT_TRUE(fake.Start());
  const std::string address = "0x00000000000000000000000000000000000000cc";
  fake.SetClearinghouseState(address, Sample("hyperliquid-clearinghouseState-doc.json"));
  // A cross short on dex xyz, in the documented shape, with the dex's own cross summary.
  fake.SetClearinghouseState(
      address,
      R"({"assetPositions":[{"position":{"coin":"xyz:AAPL","szi":"-10","entryPx":"200","positionValue":"2100",)"
      R"("unrealizedPnl":"-100","liquidationPx":null,"leverage":{"type":"cross","value":10},"marginUsed":"210",)"
      R"("maxLeverage":20},"type":"oneWay"}],"crossMaintenanceMarginUsed":"52.5",)"
      R"("crossMarginSummary":{"accountValue":"900.0","totalMarginUsed":"210","totalNtlPos":"2100","totalRawUsd":"3100.0"},)"
      R"("marginSummary":{"accountValue":"900.0","totalMarginUsed":"210","totalNtlPos":"2100","totalRawUsd":"3100.0"},)"
      R"("time":1708622398623,"withdrawable":"690.0"})",
      "xyz");
  fake.AddPerpDex("xyz");
  net::HttpClient http;
  VenueState state(kIpLimit);
  ManualClock clock(1'700'000'000'000);
  VenueLink link(http, state, clock);
  HyperliquidClient client(*net::ParseUrl(fake.BaseUrl()), link);
  Credentials c;
  c.wallet_address = address;

  auto both = client.ReadAccount(c);
  ASSERT_TRUE(both.ok()) << both.error().message;
  ASSERT_EQ(both->positions.size(), 2u);
  EXPECT_EQ(both->positions[0].margin_account, "");
  EXPECT_EQ(both->positions[1].margin_account, "xyz");
  EXPECT_DOUBLE_EQ(both->account->equity, 13104.514502) << "the main dex's cross account";
  ASSERT_EQ(both->other_accounts.size(), 1u);
  EXPECT_EQ(both->other_accounts[0].name, "xyz");
  EXPECT_DOUBLE_EQ(both->other_accounts[0].equity, 900);
  EXPECT_DOUBLE_EQ(*both->other_accounts[0].margin_ratio, 52.5 / 900);
  EXPECT_TRUE(both->gaps.empty());

  fake.FailDex("xyz");
  clock.Advance(60'000);
  auto degraded = client.ReadAccount(c);
  ASSERT_TRUE(degraded.ok()) << "the main dex is still watched";
  ASSERT_EQ(degraded->positions.size(), 1u);
  EXPECT_EQ(degraded->positions[0].symbol, "ETH");
  EXPECT_TRUE(degraded->other_accounts.empty());
  ASSERT_EQ(degraded->gaps.size(), 1u);
  EXPECT_EQ(degraded->gaps[0].product, "HIP-3 dex xyz");
  EXPECT_EQ(degraded->gaps[0].margin_account, "xyz");
  EXPECT_EQ(degraded->gaps[0].error, "unavailable");

  // The failing dex is asked again on the next read, not forgotten until the rescan.
  fake.FailDex("xyz", false);
  clock.Advance(60'000);
  auto back = client.ReadAccount(c);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->positions.size(), 2u);
  EXPECT_TRUE(back->gaps.empty());
}

TEST(HyperliquidClient, ParsesThePerpDexList) {
  bool ok = false;
  EXPECT_EQ(ParsePerpDexs(R"([null,{"name":"xyz","fullName":"XYZ"},{"name":"flx"}])", &ok),
            (std::vector<std::string>{"xyz", "flx"}));
  EXPECT_TRUE(ok);
  EXPECT_TRUE(ParsePerpDexs("[null]", &ok).empty());
  EXPECT_TRUE(ok);
  ParsePerpDexs(R"({"error":"x"})", &ok);
  EXPECT_FALSE(ok);
}

}  // namespace
}  // namespace baro::exchanges::hyperliquid
