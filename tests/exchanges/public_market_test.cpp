#include "exchanges/public_market.h"

#include <gtest/gtest.h>

#include "exchanges/binance/binance_market.h"
#include "exchanges/bitget/bitget_market.h"
#include "exchanges/bybit/bybit_market.h"
#include "exchanges/gate/gate_market.h"
#include "exchanges/hyperliquid/hyperliquid_market.h"
#include "exchanges/kucoin/kucoin_market.h"
#include "exchanges/okx/okx_market.h"
#include "exchanges/public_link.h"
#include "fakes/market/fake_market.h"
#include "support/temp_dir.h"

namespace baro::exchanges {
namespace {

// What the API's and worker's processes hold for public reads: an HTTP client and a venue's
// budget state (limit 0 here unless a test sets one: nothing counted).
struct TestLink {
  explicit TestLink(BudgetLimit limit = {}) : state(limit) {}
  net::HttpClient client;
  VenueState state;
  VenueLink link{client, state, SystemClock::Instance()};
};

std::string Sample(const std::string& name) {
  return testing::ReadFile(std::string(BARO_SOURCE_DIR) + "/tests/exchanges/testdata/" + name);
}

TEST(HyperliquidMarket, ParsesRecordedMetaAndAssetCtxs) {
  auto list = hyperliquid::ParseMetaAndAssetCtxs(Sample("hyperliquid-metaAndAssetCtxs.json"));
  ASSERT_TRUE(list.ok()) << list.error().message;
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].symbol, "SOL");
  EXPECT_DOUBLE_EQ((*list)[0].mark_price, 108.04);
  EXPECT_EQ((*list)[0].max_leverage, 50);
  EXPECT_DOUBLE_EQ(*(*list)[0].maintenance_margin_rate, 0.01);
}

// The price precision comes with the tables that already carry it: Gate's order_price_round
// (https://www.gate.com/docs/developers/apiv4/en/#list-all-futures-contracts), KuCoin's tickSize
// (https://www.kucoin.com/docs/rest/futures-trading/market-data/get-symbols-list) and
// HyperLiquid's szDecimals (prices of at most 5 significant figures and 6 - szDecimals decimals,
// https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/tick-and-lot-size). Binance's
// premiumIndex does not say.
TEST(PublicMarket, PricePrecisionFromTheTablesThatCarryIt) {
  auto venue_sample = [](const std::string& venue, const std::string& name) {
    return testing::ReadFile(std::string(BARO_SOURCE_DIR) + "/tests/exchanges/" + venue +
                             "/testdata/" + name);
  };
  auto gate = gate::ParseContractMarks(venue_sample("gate", "gate-contracts.json"));
  ASSERT_TRUE(gate.ok()) << gate.error().message;
  ASSERT_EQ(gate->size(), 2u);
  EXPECT_EQ((*gate)[0].symbol, "BTC_USDT");
  EXPECT_DOUBLE_EQ((*gate)[0].price_tick, 0.1);
  EXPECT_DOUBLE_EQ((*gate)[1].price_tick, 0.01);
  auto kucoin =
      kucoin::ParseActiveContracts(venue_sample("kucoin", "kucoin-contracts-active.json"));
  ASSERT_TRUE(kucoin.ok()) << kucoin.error().message;
  ASSERT_GE(kucoin->size(), 2u);
  EXPECT_EQ((*kucoin)[0].symbol, "XBTUSDTM");
  EXPECT_DOUBLE_EQ((*kucoin)[0].price_tick, 0.1);
  EXPECT_DOUBLE_EQ((*kucoin)[1].price_tick, 0.01);
  auto hl = hyperliquid::ParseMetaAndAssetCtxs(Sample("hyperliquid-metaAndAssetCtxs.json"));
  ASSERT_TRUE(hl.ok()) << hl.error().message;
  EXPECT_EQ((*hl)[0].price_significant, 5);
  EXPECT_EQ((*hl)[0].price_max_decimals, 4);  // SOL: szDecimals 2
  EXPECT_DOUBLE_EQ((*hl)[0].price_tick, 0);
  auto binance = binance::ParsePremiumIndex(Sample("binance-premiumIndex.json"));
  ASSERT_TRUE(binance.ok()) << binance.error().message;
  ASSERT_FALSE(binance->empty());
  EXPECT_DOUBLE_EQ((*binance)[0].price_tick, 0);
  EXPECT_EQ((*binance)[0].price_max_decimals, -1);
}

TEST(HyperliquidMarket, RefusesMalformedBodies) {
  EXPECT_FALSE(hyperliquid::ParseMetaAndAssetCtxs("{}").ok());
  EXPECT_FALSE(hyperliquid::ParseMetaAndAssetCtxs("[{\"universe\":3},[]]").ok());
  EXPECT_FALSE(hyperliquid::ParseMetaAndAssetCtxs("not json").ok());
}

TEST(BinanceMarket, ParsesRecordedPremiumIndexInBothForms) {
  auto one = binance::ParsePremiumIndex(Sample("binance-premiumIndex.json"));
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].base, "BTC");
  EXPECT_DOUBLE_EQ((*one)[0].mark_price, 11793.63104562);
  auto many = binance::ParsePremiumIndex(
      R"([{"symbol":"ETHUSDT","markPrice":"2000.5"},{"symbol":"XUSDT","markPrice":""}])");
  ASSERT_TRUE(many.ok());
  ASSERT_EQ(many->size(), 1u);  // an empty mark is skipped, not read as 0
  // premiumIndex says nothing of maintenance (Binance's brackets need a signed read): no first
  // rate is made up here; the tier book supplies the brackets (docs/risk.md).
  EXPECT_EQ((*many)[0].max_leverage, 125);
  EXPECT_FALSE((*many)[0].maintenance_margin_rate.has_value());
}

TEST(PublicMarket, LoadsFromTheFakesOverLoopback) {
  fakes::FakeMarket fake;
  ASSERT_TRUE(fake.Start());
  fake.SetHyperliquid("BTC", 65000, 40);
  fake.SetBinance("BTCUSDT", 64990.5);
  fake.SetBybit("BTCUSDT", 64988.25);
  fake.SetBybit("ETHPERP", 3001.5);
  TestLink test_link;
  VenueLink& http = test_link.link;
  PublicEndpoints endpoints{fake.BaseUrl(), fake.BaseUrl(), fake.BaseUrl()};
  auto hl = LoadInstruments(Venue::kHyperliquid, http, endpoints);
  ASSERT_TRUE(hl.ok()) << hl.error().message;
  EXPECT_EQ((*hl)[0].max_leverage, 40);
  auto tiers = LoadTiers(Venue::kHyperliquid, "BTC", http, endpoints);
  ASSERT_TRUE(tiers.ok()) << tiers.error().message;
  EXPECT_DOUBLE_EQ(tiers->tiers[0].mmr, 1.0 / 80);
  auto bn = LoadInstruments(Venue::kBinance, http, endpoints);
  ASSERT_TRUE(bn.ok()) << bn.error().message;
  EXPECT_DOUBLE_EQ((*bn)[0].mark_price, 64990.5);
  auto by = LoadInstruments(Venue::kBybit, http, endpoints);
  ASSERT_TRUE(by.ok()) << by.error().message;
  ASSERT_EQ(by->size(), 2u);
  EXPECT_EQ((*by)[0].symbol, "BTCUSDT");
  EXPECT_DOUBLE_EQ((*by)[0].mark_price, 64988.25);
  EXPECT_EQ((*by)[0].max_leverage, 100);
  EXPECT_EQ((*by)[1].base, "ETH");
  EXPECT_EQ((*by)[1].quote, "USDC");
}

TEST(PublicMarket, OkxBitgetGateAndKucoinMarksOverLoopback) {
  fakes::FakeMarket fake;
  ASSERT_TRUE(fake.Start());
  fake.SetVenueMark("okx", "BTC-USDT-SWAP", 65001.5);
  fake.SetVenueMark("okx", "BTC-USD-SWAP", 65000);  // coin-margined: not offered
  fake.SetVenueMark("bitget", "ETHUSDT", 3001.25);
  fake.SetVenueMark("gate", "SOL_USDT", 150.5, "", 50);
  fake.SetVenueMark("kucoin", "XBTUSDTM", 64999, "XBT", 125);
  TestLink test_link;
  VenueLink& http = test_link.link;
  const std::string u = fake.BaseUrl();
  PublicEndpoints endpoints{u, u, u, u, u, u, u};
  auto okx = LoadInstruments(Venue::kOkx, http, endpoints);
  ASSERT_TRUE(okx.ok()) << okx.error().message;
  ASSERT_EQ(okx->size(), 1u);
  EXPECT_EQ((*okx)[0].base, "BTC");
  EXPECT_EQ((*okx)[0].quote, "USDT");
  EXPECT_DOUBLE_EQ((*okx)[0].mark_price, 65001.5);
  auto bitget = LoadInstruments(Venue::kBitget, http, endpoints);
  ASSERT_TRUE(bitget.ok()) << bitget.error().message;
  EXPECT_EQ((*bitget)[0].base, "ETH");
  auto gate = LoadInstruments(Venue::kGate, http, endpoints);
  ASSERT_TRUE(gate.ok()) << gate.error().message;
  EXPECT_EQ((*gate)[0].max_leverage, 50);
  EXPECT_DOUBLE_EQ(*(*gate)[0].maintenance_margin_rate, 0.005);
  auto kucoin = LoadInstruments(Venue::kKucoin, http, endpoints);
  ASSERT_TRUE(kucoin.ok()) << kucoin.error().message;
  EXPECT_EQ((*kucoin)[0].base, "BTC") << "KuCoin's XBT is bitcoin";
  EXPECT_EQ((*kucoin)[0].max_leverage, 125);
  // Error envelopes are unavailability, not empty markets.
  EXPECT_EQ(okx::ParseMarkPrices(R"({"code":"50011","msg":"Too Many Requests"})").error().code,
            ErrorCode::kUnavailable);
  EXPECT_EQ(bitget::ParseTickers(R"({"code":"40404","msg":"x","data":null})").error().code,
            ErrorCode::kUnavailable);
  EXPECT_EQ(gate::ParseContractMarks(R"({"label":"X"})").error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(kucoin::ParseActiveContracts(R"({"code":"429000"})").error().code,
            ErrorCode::kUnavailable);
}

// Tier tables as each venue publishes them (bodies in the documented shapes: bybit-exchange/docs
// risk-limit.mdx, Bitget "Get Position Tier", Gate FuturesApi list_futures_risk_limit_tiers,
// KuCoin "Get Risk Limit Level"), read into floors, rates and deductions.
TEST(PublicTiers, EachVenuesTableBecomesTiersWithDeductions) {
  auto bybit =
      bybit::ParseTiers(R"({"retCode":0,"retMsg":"OK","result":{"category":"linear","list":[
    {"id":1,"symbol":"BTCUSDT","riskLimitValue":"2000000","maintenanceMargin":"0.005","initialMargin":"0.01","isLowestRisk":1,"maxLeverage":"100.00","mmDeduction":""},
    {"id":2,"symbol":"BTCUSDT","riskLimitValue":"2600000","maintenanceMargin":"0.0056","initialMargin":"0.0111","isLowestRisk":0,"maxLeverage":"90.00","mmDeduction":"1200"}],"nextPageCursor":""}})");
  ASSERT_TRUE(bybit.ok()) << bybit.error().message;
  ASSERT_EQ(bybit->tiers.size(), 2u);
  EXPECT_DOUBLE_EQ(bybit->tiers[1].notional_floor, 2e6);
  EXPECT_NEAR(bybit->tiers[1].deduction, 1200, 1e-6) << "the recursion gives Bybit's own deduction";
  EXPECT_EQ(bybit->max_leverage, 100);

  auto bitget = bitget::ParseTiers(R"({"code":"00000","msg":"success","data":[
    {"symbol":"BTCUSDT","level":"1","startUnit":"0","endUnit":"50000","leverage":"125","keepMarginRate":"0.004"},
    {"symbol":"BTCUSDT","level":"2","startUnit":"50000","endUnit":"200000","leverage":"100","keepMarginRate":"0.005"}]})");
  ASSERT_TRUE(bitget.ok()) << bitget.error().message;
  // Bitget charges the whole position at the tier's rate: no deduction (docs/risk.md, Bitget).
  EXPECT_EQ(bitget->tiers[1].deduction, 0);
  EXPECT_DOUBLE_EQ(bitget->tiers[1].mmr, 0.005);
  EXPECT_DOUBLE_EQ(bitget->formula_fee_rate, 0.0006);

  auto gate = gate::ParseTiers(R"([
    {"tier":1,"risk_limit":"500000","initial_rate":"0.01","maintenance_rate":"0.005","leverage_max":"100","contract":"BTC_USDT","deduction":"0"},
    {"tier":2,"risk_limit":"1000000","initial_rate":"0.015","maintenance_rate":"0.01","leverage_max":"66.66","contract":"BTC_USDT","deduction":"2500"}])");
  ASSERT_TRUE(gate.ok()) << gate.error().message;
  EXPECT_DOUBLE_EQ(gate->tiers[1].notional_floor, 500000);
  EXPECT_DOUBLE_EQ(gate->tiers[1].deduction, 2500) << "Gate publishes its deduction";

  auto kucoin = kucoin::ParseTiers(R"({"code":"200000","data":[
    {"symbol":"XBTUSDTM","level":1,"maxRiskLimit":100000,"minRiskLimit":0,"maxLeverage":125,"initialMargin":0.008,"maintainMargin":0.004},
    {"symbol":"XBTUSDTM","level":2,"maxRiskLimit":500000,"minRiskLimit":100000,"maxLeverage":100,"initialMargin":0.01,"maintainMargin":0.005}]})");
  ASSERT_TRUE(kucoin.ok()) << kucoin.error().message;
  // KuCoin too: MM = notional × the level's rate (support 26694703491737), no deduction.
  EXPECT_EQ(kucoin->tiers[1].deduction, 0);
  EXPECT_DOUBLE_EQ(kucoin->tiers[1].mmr, 0.005);
  EXPECT_EQ(kucoin->max_leverage, 125);

  // HyperLiquid: a coin's marginTableId names a table of tiers (ids below 50: one tier at that
  // leverage), as in POST /info {"type":"meta"}.
  const std::string meta = R"({"universe":[
    {"name":"BTC","szDecimals":5,"maxLeverage":40,"marginTableId":56},
    {"name":"DOGE","szDecimals":0,"maxLeverage":10,"marginTableId":10}],
    "marginTables":[[56,{"description":"tiered 40x","marginTiers":[{"lowerBound":"0.0","maxLeverage":40},{"lowerBound":"150000000.0","maxLeverage":20}]}]]})";
  auto btc = hyperliquid::ParseMarginTiers(meta, "BTC");
  ASSERT_TRUE(btc.ok()) << btc.error().message;
  ASSERT_EQ(btc->tiers.size(), 2u);
  EXPECT_DOUBLE_EQ(btc->tiers[0].mmr, 0.0125);
  EXPECT_NEAR(btc->tiers[1].deduction, 1'875'000, 1e-6);
  auto doge = hyperliquid::ParseMarginTiers(meta, "DOGE");
  ASSERT_TRUE(doge.ok());
  ASSERT_EQ(doge->tiers.size(), 1u);
  EXPECT_DOUBLE_EQ(doge->tiers[0].mmr, 0.05);
  EXPECT_EQ(hyperliquid::ParseMarginTiers(meta, "PEPE").error().code, ErrorCode::kNotFound);

  EXPECT_EQ(bybit::ParseTiers(R"({"retCode":10001,"retMsg":"params error"})").error().code,
            ErrorCode::kUnavailable);
  EXPECT_EQ(gate::ParseTiers("[]").error().code, ErrorCode::kNotFound);
  TestLink test_link;
  VenueLink& http = test_link.link;
  EXPECT_EQ(LoadTiers(Venue::kBinance, "BTCUSDT", http, PublicEndpoints{}).error().code,
            ErrorCode::kNotFound)
      << "Binance's brackets are signed: the snapshot serves";
}

// OKX's tiers over loopback (the fake follows okx.com/docs-v5 "Get instruments", "Get mark
// price", "Get position tiers"): BTC-USDT-SWAP of 0.01 BTC a contract at a mark of 65,000, tier 1
// up to 2,000 contracts at 0.4 %, tier 2 from 2,001 contracts at 0.5 %: tier 2 starts at 2,001 ×
// 0.01 × 65,000 = 1,300,650 of notional, charged on the whole position (no deduction), with OKX's
// 0.05 % fee in the formula.
TEST(PublicTiers, OkxPositionTiersInContractsBecomeNotional) {
  fakes::FakeMarket fake;
  ASSERT_TRUE(fake.Start());
  fake.SetVenueMark("okx", "BTC-USDT-SWAP", 65000);
  fake.SetOkxSwap("BTC-USDT-SWAP", 0.01, {{0, 2000, 0.004, 100}, {2001, 4000, 0.005, 75}});
  TestLink test_link;
  VenueLink& http = test_link.link;
  const std::string u = fake.BaseUrl();
  PublicEndpoints endpoints{u, u, u, u, u, u, u};
  auto spec = LoadTiers(Venue::kOkx, "BTC-USDT-SWAP", http, endpoints);
  ASSERT_TRUE(spec.ok()) << spec.error().message;
  ASSERT_EQ(spec->tiers.size(), 2u);
  EXPECT_DOUBLE_EQ(spec->tiers[0].mmr, 0.004);
  EXPECT_NEAR(spec->tiers[1].notional_floor, 1'300'650, 1e-6);
  EXPECT_DOUBLE_EQ(spec->tiers[1].mmr, 0.005);
  EXPECT_EQ(spec->tiers[1].deduction, 0);
  EXPECT_DOUBLE_EQ(spec->formula_fee_rate, 0.0005);
  EXPECT_EQ(spec->max_leverage, 100);
  EXPECT_EQ(LoadTiers(Venue::kOkx, "ETH-USDT-SWAP", http, endpoints).error().code,
            ErrorCode::kNotFound);
  // OKX's mark-price list no longer carries a made-up first rate.
  auto marks = LoadInstruments(Venue::kOkx, http, endpoints);
  ASSERT_TRUE(marks.ok());
  EXPECT_FALSE((*marks)[0].maintenance_margin_rate.has_value());
}

// OKX's position-tiers take a margin mode (tdMode cross or isolated, required; okx.com/docs-v5 "Get
// position tiers") and its documentation does not say the two tables agree, so both are read and
// an estimate uses the higher rate of the two at every size, whichever mode the position is in.
// Isolated as above; cross: up to 1,000 contracts 0.4 %, then 0.6 %. By hand, at 0.01 BTC a
// contract and a mark of 65,000: 0 to 650,650 (1,001 contracts) 0.4 % in both; from 650,650 cross
// charges 0.6 % (isolated still 0.4 %), from 1,300,650 0.6 % against isolated's 0.5 %: two tiers.
TEST(PublicTiers, OkxReadsCrossAndIsolatedTiersAndKeepsTheHigherRate) {
  fakes::FakeMarket fake;
  ASSERT_TRUE(fake.Start());
  fake.SetVenueMark("okx", "BTC-USDT-SWAP", 65000);
  fake.SetOkxSwap("BTC-USDT-SWAP", 0.01, {{0, 2000, 0.004, 100}, {2001, 4000, 0.005, 75}});
  fake.SetOkxCrossTiers("BTC-USDT-SWAP", {{0, 1000, 0.004, 100}, {1001, 4000, 0.006, 50}});
  TestLink test_link;
  VenueLink& http = test_link.link;
  const std::string u = fake.BaseUrl();
  PublicEndpoints endpoints{u, u, u, u, u, u, u};
  auto spec = LoadTiers(Venue::kOkx, "BTC-USDT-SWAP", http, endpoints);
  ASSERT_TRUE(spec.ok()) << spec.error().message;
  ASSERT_EQ(spec->tiers.size(), 2u);
  EXPECT_DOUBLE_EQ(spec->tiers[0].notional_floor, 0);
  EXPECT_DOUBLE_EQ(spec->tiers[0].mmr, 0.004);
  EXPECT_NEAR(spec->tiers[1].notional_floor, 650'650, 1e-6);
  EXPECT_DOUBLE_EQ(spec->tiers[1].mmr, 0.006);
  EXPECT_DOUBLE_EQ(spec->formula_fee_rate, 0.0005);
  EXPECT_EQ(spec->max_leverage, 100);
}

// KuCoin's risk-limit table needs a signed request: the unsigned read's refusal is its own error
// (counted and logged by the tier book), not a silent "unavailable".
TEST(PublicTiers, KucoinRiskLimitRefusedWithoutSignature) {
  fakes::FakeMarket fake;
  ASSERT_TRUE(fake.Start());
  TestLink test_link;
  VenueLink& http = test_link.link;
  const std::string u = fake.BaseUrl();
  PublicEndpoints endpoints{u, u, u, u, u, u, u};
  auto refused = LoadTiers(Venue::kKucoin, "XBTUSDTM", http, endpoints);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kUnauthenticated);
  EXPECT_NE(refused.error().message.find("400001"), std::string::npos) << refused.error().message;
}

// Public reads are built like the signed ones: only for a (method, path) in the venue's table of
// public reads, before anything is sent or counted.
TEST(PublicLink, RefusesAPathNotInTheVenuesPublicTable) {
  TestLink t(BudgetLimit{2400, 60'000});
  PublicLink pub(t.link, PublicReads(Venue::kBinance));
  // A closed port: had anything been sent, the error would be a network one.
  auto base = net::ParseUrl("http://127.0.0.1:9");
  ASSERT_TRUE(base.ok());
  for (const net::HttpRequest& r : {net::HttpRequest{"POST", "/fapi/v1/order"},
                                    net::HttpRequest{"GET", "/fapi/v1/order?symbol=BTCUSDT"},
                                    net::HttpRequest{"POST", "/fapi/v1/premiumIndex"},
                                    net::HttpRequest{"GET", "/fapi/v1/premiumIndex/../order"},
                                    net::HttpRequest{"GET", "/v5/market/tickers"}}) {
    auto res = pub.Send(*base, r);
    ASSERT_FALSE(res.ok()) << r.method << " " << r.target;
    EXPECT_EQ(res.error().code, ErrorCode::kForbidden) << r.method << " " << r.target;
  }
  EXPECT_EQ(t.state.budget.used_in_window(SystemClock::Instance().NowMs()), 0);
}

// KuCoin's risk-limit read carries the symbol as its last path segment: one segment, no more.
TEST(PublicLink, OneSegmentStandsForTheSymbol) {
  const auto kucoin = PublicReads(Venue::kKucoin);
  EXPECT_TRUE(ReadOnlyRequest(kucoin, "GET", "/api/v1/contracts/risk-limit/XBTUSDTM").ok());
  for (std::string_view path :
       {"/api/v1/contracts/risk-limit/", "/api/v1/contracts/risk-limit/a/b",
        "/api/v1/contracts/risk-limit/..", "/api/v1/contracts/risk-limit", "/api/v1/orders"}) {
    EXPECT_FALSE(ReadOnlyRequest(kucoin, "GET", path).ok()) << path;
  }
}

// Each public read charges the weight its venue publishes to the venue's budget, and a read the
// budget has no room for is not sent. Weights: Binance premiumIndex without a symbol 10
// (https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Mark-Price),
// HyperLiquid metaAndAssetCtxs 20
// (https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/rate-limits), Bybit 1.
TEST(PublicLink, ChargesThePublishedWeightToTheVenuesBudget) {
  fakes::FakeMarket fake;
  ASSERT_TRUE(fake.Start());
  fake.SetHyperliquid("BTC", 65000, 40);
  fake.SetBinance("BTCUSDT", 64990.5);
  fake.SetBybit("BTCUSDT", 64988.25);
  const std::string u = fake.BaseUrl();
  const PublicEndpoints endpoints{u, u, u, u, u, u, u};
  const std::int64_t now = SystemClock::Instance().NowMs();

  TestLink binance(BudgetLimit{15, 3'600'000});
  ASSERT_TRUE(LoadInstruments(Venue::kBinance, binance.link, endpoints).ok());
  EXPECT_EQ(binance.state.budget.used_in_window(now), 10);
  // 10 more would pass 15 within the hour: refused, nothing sent, nothing more counted.
  auto refused = LoadInstruments(Venue::kBinance, binance.link, endpoints);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kRateLimited);
  EXPECT_EQ(binance.state.budget.used_in_window(now), 10);

  // Windows of an hour: a slow run must not see the read fall into the next window (the weights
  // are what is checked here, not the windows).
  TestLink hyperliquid(BudgetLimit{1200, 3'600'000});
  ASSERT_TRUE(LoadInstruments(Venue::kHyperliquid, hyperliquid.link, endpoints).ok());
  EXPECT_EQ(hyperliquid.state.budget.used_in_window(now), 20);

  TestLink bybit(BudgetLimit{600, 3'600'000});
  ASSERT_TRUE(LoadInstruments(Venue::kBybit, bybit.link, endpoints).ok());
  EXPECT_EQ(bybit.state.budget.used_in_window(now), 1);
}

TEST(BybitMarket, TickersSkipEmptyMarksAndReportErrors) {
  auto parsed = bybit::ParseTickers(
      R"({"retCode":0,"result":{"category":"linear","list":[{"symbol":"SOLUSDT","markPrice":"150.5"},{"symbol":"XUSDT","markPrice":""},{"symbol":"BTC-26DEC25","markPrice":"1"}]}})");
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->size(), 1u);  // no mark: skipped, never 0; dated futures are not perpetuals
  EXPECT_EQ((*parsed)[0].base, "SOL");
  EXPECT_EQ(bybit::ParseTickers(R"({"retCode":10001,"retMsg":"params error"})").error().code,
            ErrorCode::kUnavailable);
  EXPECT_EQ(bybit::ParseTickers("<html>").error().code, ErrorCode::kBadResponse);
}

TEST(CachedMarketData, RefreshesAfterTheTtlAndKeepsServingOnFailure) {
  ManualClock clock(0);
  int loads = 0;
  bool fail = false;
  market::CachedMarketData md(
      [&](Venue) -> Result<std::vector<market::Instrument>> {
        ++loads;
        if (fail) return MakeError(ErrorCode::kUnavailable, "down");
        return std::vector<market::Instrument>{
            {"BTCUSDT", "BTC", "USDT", 100.0 + loads, 125, 0.004}};
      },
      clock, 1000);
  EXPECT_EQ(md.Find(Venue::kBinance, "BTCUSDT")->mark_price, 101);
  EXPECT_EQ(md.Find(Venue::kBinance, "BTCUSDT")->mark_price, 101);
  EXPECT_EQ(loads, 1);
  clock.Advance(1000);
  EXPECT_EQ(md.Find(Venue::kBinance, "BTCUSDT")->mark_price, 102);
  fail = true;
  clock.Advance(1000);
  EXPECT_EQ(md.Find(Venue::kBinance, "BTCUSDT")->mark_price, 102);  // stale table keeps serving
  EXPECT_EQ(md.Find(Venue::kBinance, "NOPE").error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(md.Find(Venue::kHyperliquid, "BTC").error().code, ErrorCode::kUnavailable);
}

TEST(Symbols, TypedFormsNormalizePerVenue) {
  EXPECT_EQ(market::NormalizeSymbol(Venue::kBinance, "btc-usdt"), "BTCUSDT");
  EXPECT_EQ(market::NormalizeSymbol(Venue::kBinance, "eth"), "ETHUSDT");
  EXPECT_EQ(market::NormalizeSymbol(Venue::kHyperliquid, "btc-usd"), "BTC");
  EXPECT_EQ(market::NormalizeSymbol(Venue::kHyperliquid, " sol "), "SOL");
  for (std::string_view typed : {"btc", "BTCUSDT", "btc-usdt", "BTC-USDT-SWAP", "BTC_USDT"}) {
    EXPECT_EQ(market::NormalizeSymbol(Venue::kOkx, typed), "BTC-USDT-SWAP") << typed;
    EXPECT_EQ(market::NormalizeSymbol(Venue::kGate, typed), "BTC_USDT") << typed;
    EXPECT_EQ(market::NormalizeSymbol(Venue::kKucoin, typed), "XBTUSDTM") << typed;
  }
  EXPECT_EQ(market::NormalizeSymbol(Venue::kKucoin, "XBTUSDTM"), "XBTUSDTM");
  EXPECT_EQ(market::NormalizeSymbol(Venue::kKucoin, "eth"), "ETHUSDTM");
  EXPECT_EQ(market::NormalizeSymbol(Venue::kOkx, "eth-usdc"), "ETH-USDC-SWAP");
  EXPECT_EQ(market::NormalizeSymbol(Venue::kBitget, "sol_usdt"), "SOLUSDT");
}

}  // namespace
}  // namespace baro::exchanges
