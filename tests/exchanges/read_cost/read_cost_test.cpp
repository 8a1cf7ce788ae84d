// What one steady-state account read costs on each venue: the requests the venue's fake receives
// on the second read of a connection (every kept answer still fresh), and their weight under the
// venue's published limits. The expected requests and weights are written here by hand from the
// venues' documentation, never taken from the client:
//  - Binance USD-M (developers.binance.com/docs/derivatives/usds-margined-futures, each endpoint's
//    "Request Weight"): positionRisk v3 5, account v3 5, symbolConfig 5, accountConfig 5,
//    leverageBracket 1; REQUEST_WEIGHT 2,400 per minute per IP.
//  - Bybit v5 (bybit-exchange.github.io/docs/v5/rate-limit): 600 requests per 5 s per IP, every
//    request counts 1.
//  - OKX v5 (okx.com/docs-v5 "Rate Limits"): private reads are limited per User ID in requests
//    (positions 10/2 s, balance 10/2 s).
//  - Bitget v2 (bitget.com/api-doc/common/intro, "Frequency limit rules"): 6,000 requests per
//    minute per IP; per-UID limits per endpoint.
//  - Gate v4 (gate.io/docs/developers/apiv4 "Frequency limit rule"): per user and endpoint,
//    counted in requests.
//  - KuCoin Futures (KuCoin "Rate Limit"; x-api-rate-limit-weight in Kucoin/kucoin-universal-sdk
//    spec/rest/api): Futures pool per UID, positions 2, account-overview 5.
//  - HyperLiquid (hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/rate-limits):
//    1,200 weight per minute per IP, clearinghouseState 2.
// The budget in these tests is a large one for every venue so that it counts what the client
// charges; the test compares that with the documented weight.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "exchanges/binance/binance_client.h"
#include "exchanges/bitget/bitget_client.h"
#include "exchanges/bybit/bybit_client.h"
#include "exchanges/gate/gate_client.h"
#include "exchanges/hyperliquid/hyperliquid_client.h"
#include "exchanges/kucoin/kucoin_client.h"
#include "exchanges/okx/okx_client.h"
#include "exchanges/venue_test_support.h"
#include "fakes/exchanges/fake_binance.h"
#include "fakes/exchanges/fake_bitget.h"
#include "fakes/exchanges/fake_bybit.h"
#include "fakes/exchanges/fake_gate.h"
#include "fakes/exchanges/fake_kucoin.h"
#include "fakes/exchanges/fake_okx.h"
#include "fakes/market/fake_market.h"

namespace baro::exchanges {
namespace {

using venue_tests::KeyCredentials;

constexpr BudgetLimit kCountEverything{1'000'000'000, 3'600'000};

// A client's link with a clock the test drives: it starts at the real time (the fakes check
// signed timestamps against theirs) and, when moved on, the venue's clock offset is moved back by
// as much, so that signed requests still carry the real time while kept answers age.
struct Link {
  net::HttpClient http;
  VenueState state{kCountEverything};
  ManualClock clock{SystemClock::Instance().NowMs()};
  VenueLink link{http, state, clock};
  std::int64_t Used() const { return state.budget.used_in_window(clock.NowMs()); }
  void Advance(std::int64_t ms) {
    clock.Advance(ms);
    state.clock_offset_ms.fetch_sub(ms);
  }
};

Credentials Keyed(const std::string& key, const std::string& secret,
                  const std::string& passphrase = "") {
  Credentials c = KeyCredentials(key, secret, passphrase);
  c.account = {"101", "fingerprint-1"};
  return c;
}

template <typename T>
std::vector<T> From(const std::vector<T>& all, std::size_t first) {
  return {all.begin() + static_cast<std::ptrdiff_t>(std::min(first, all.size())), all.end()};
}

// --- Binance USD-M ---------------------------------------------------------------------------

class BinanceReadCost : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fake_.Start());
    fake_.AddKey("k", "s", R"({"ipRestrict":true,"enableReading":true,"enableFutures":true})");
    SetHeld({"BTCUSDT"});
    auto url = *net::ParseUrl(fake_.BaseUrl());
    client_ = std::make_unique<binance::BinanceClient>(url, url, url, l_.link);
  }
  // One long of 0.5 in each symbol (Position-Information-V3 rows) with its symbolConfig row.
  void SetHeld(const std::vector<std::string>& symbols) {
    std::string rows = "[", config = "[";
    for (const auto& s : symbols) {
      if (rows.size() > 1) rows += ",", config += ",";
      rows +=
          R"({"symbol":")" + s +
          R"(","positionSide":"BOTH","positionAmt":"0.5","entryPrice":"60000","markPrice":"61000","unRealizedProfit":"500","liquidationPrice":"50000","isolatedMargin":"0","notional":"30500","marginAsset":"USDT","isolatedWallet":"0","maintMargin":"122","updateTime":1720736417660})";
      config +=
          R"({"symbol":")" + s +
          R"(","marginType":"CROSSED","isAutoAddMargin":false,"leverage":20,"maxNotionalValue":"1000000"})";
    }
    fake_.SetPositions("k", rows + "]", config + "]");
  }
  // The paths one more read sends, and the weight it is charged.
  std::pair<std::vector<std::string>, std::int64_t> Read(const Credentials& c) {
    const std::size_t before = fake_.paths().size();
    const std::int64_t used = l_.Used();
    auto read = client_->ReadAccount(c);
    EXPECT_TRUE(read.ok()) << read.error().message;
    return {From(fake_.paths(), before), l_.Used() - used};
  }
  fakes::FakeBinance fake_;
  Link l_;
  std::unique_ptr<binance::BinanceClient> client_;
};

TEST_F(BinanceReadCost, ASteadyStateReadIsPositionRiskAndAccountForTenWeight) {
  auto [first, first_weight] = Read(Keyed("k", "s"));
  // The first read of a connection asks for everything: 5 + 5 + 5 + 5 + 1 on fapi, and the
  // COIN-M count (1, on the COIN-M host's own limit, charged here as well).
  EXPECT_EQ(first, (std::vector<std::string>{"/fapi/v3/positionRisk", "/fapi/v3/account",
                                             "/fapi/v1/symbolConfig", "/fapi/v1/accountConfig",
                                             "/fapi/v1/leverageBracket", "/dapi/v1/positionRisk"}));
  EXPECT_EQ(first_weight, 5 + 5 + 5 + 5 + 1 + 1);
  auto [steady, weight] = Read(Keyed("k", "s"));
  EXPECT_EQ(steady, (std::vector<std::string>{"/fapi/v3/positionRisk", "/fapi/v3/account"}));
  EXPECT_EQ(weight, 5 + 5);
  // What was kept still reads into the snapshot: leverage from symbolConfig, brackets as tiers.
  auto read = client_->ReadAccount(Keyed("k", "s"));
  ASSERT_TRUE(read.ok());
  ASSERT_EQ(read->positions.size(), 1u);
  EXPECT_EQ(read->positions[0].leverage, 20);
  EXPECT_EQ(read->tiers.count("BTCUSDT"), 1u);
}

TEST_F(BinanceReadCost, KeptAnswersAreReadAgainAtTheirIntervals) {
  const VenueLinkOptions o = l_.link.options();
  Read(Keyed("k", "s"));
  // Just before the shortest interval (the COIN-M count's): nothing more.
  l_.Advance(o.unwatched.refresh_ms - 1);
  EXPECT_EQ(Read(Keyed("k", "s")).first.size(), 2u);
  l_.Advance(1);
  EXPECT_EQ(Read(Keyed("k", "s")).first,
            (std::vector<std::string>{"/fapi/v3/positionRisk", "/fapi/v3/account",
                                      "/dapi/v1/positionRisk"}));
  // An hour after the first read: leverage settings and the account's mode again.
  l_.Advance(o.account_config.refresh_ms - o.unwatched.refresh_ms);
  auto hourly = Read(Keyed("k", "s")).first;
  EXPECT_EQ(std::count(hourly.begin(), hourly.end(), "/fapi/v1/symbolConfig"), 1);
  EXPECT_EQ(std::count(hourly.begin(), hourly.end(), "/fapi/v1/accountConfig"), 1);
  EXPECT_EQ(std::count(hourly.begin(), hourly.end(), "/fapi/v1/leverageBracket"), 0);
  // A day after the first read: the brackets too.
  l_.Advance(o.tiers.refresh_ms - o.account_config.refresh_ms);
  auto daily = Read(Keyed("k", "s")).first;
  EXPECT_EQ(std::count(daily.begin(), daily.end(), "/fapi/v1/leverageBracket"), 1);
}

TEST_F(BinanceReadCost, ANewSymbolReadsItsSettingsAndBracketsAtOnce) {
  Read(Keyed("k", "s"));
  SetHeld({"BTCUSDT", "ETHUSDT"});
  auto paths = Read(Keyed("k", "s")).first;
  EXPECT_EQ(std::count(paths.begin(), paths.end(), "/fapi/v1/symbolConfig"), 1);
  EXPECT_EQ(std::count(paths.begin(), paths.end(), "/fapi/v1/leverageBracket"), 1);
  EXPECT_EQ(std::count(paths.begin(), paths.end(), "/fapi/v1/accountConfig"), 0);
  EXPECT_EQ(Read(Keyed("k", "s")).first.size(), 2u) << "then steady again";
  // Closing a position needs nothing read.
  SetHeld({"ETHUSDT"});
  EXPECT_EQ(Read(Keyed("k", "s")).first.size(), 2u);
}

TEST_F(BinanceReadCost, AnotherKeyOrConnectionReadsEverythingAgain) {
  Read(Keyed("k", "s"));
  Credentials rotated = Keyed("k", "s");
  rotated.account.fingerprint = "fingerprint-2";  // the connection's key was replaced
  EXPECT_EQ(Read(rotated).first.size(), 6u);
  EXPECT_EQ(Read(rotated).first.size(), 2u);
  Credentials other = Keyed("k", "s");
  other.account.connection = "102";
  EXPECT_EQ(Read(other).first.size(), 6u);
  Credentials unkeyed = KeyCredentials("k", "s");  // no connection: nothing is kept
  EXPECT_EQ(Read(unkeyed).first.size(), 6u);
  EXPECT_EQ(Read(unkeyed).first.size(), 6u);
}

TEST_F(BinanceReadCost, AKeptAnswerThatFailsToRefreshServesUntilItsMaxAge) {
  const VenueLinkOptions o = l_.link.options();
  Read(Keyed("k", "s"));
  fake_.MakeUnavailable("/fapi/v1/symbolConfig");
  // Due for a refresh that fails: the kept settings serve, asked again on every read.
  l_.Advance(o.account_config.refresh_ms);
  for (int i = 0; i < 2; ++i) {
    auto [paths, weight] = Read(Keyed("k", "s"));
    EXPECT_EQ(std::count(paths.begin(), paths.end(), "/fapi/v1/symbolConfig"), 1);
    auto read = client_->ReadAccount(Keyed("k", "s"));
    ASSERT_TRUE(read.ok()) << read.error().message;
    EXPECT_EQ(read->positions.at(0).leverage, 20) << "the kept leverage";
  }
  // Past the max age, the failure is the read's, as with nothing kept.
  l_.Advance(o.account_config.max_age_ms - o.account_config.refresh_ms);
  auto late = client_->ReadAccount(Keyed("k", "s"));
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, ErrorCode::kUnavailable);
  // Once the venue answers again, the read is whole and the answer is kept anew.
  fake_.MakeUnavailable("");
  EXPECT_TRUE(client_->ReadAccount(Keyed("k", "s")).ok());
  EXPECT_EQ(Read(Keyed("k", "s")).first.size(), 2u);
}

}  // namespace
}  // namespace baro::exchanges

namespace baro::exchanges {
namespace {

// The paths a second read sends, with the weight it is charged, for a client made by `make`.
template <typename Fake, typename Paths>
std::pair<std::vector<std::string>, std::int64_t> SteadyRead(Fake& fake, Link& l,
                                                             VenueClient& client,
                                                             const Credentials& c, Paths paths) {
  auto first = client.ReadAccount(c);
  EXPECT_TRUE(first.ok()) << first.error().message;
  const std::size_t before = paths(fake).size();
  const std::int64_t used = l.Used();
  auto second = client.ReadAccount(c);
  EXPECT_TRUE(second.ok()) << second.error().message;
  EXPECT_FALSE(second->positions.empty());
  return {From(paths(fake), before), l.Used() - used};
}

// Bybit: the margin mode (/v5/account/info) and the inverse count are kept; each read asks for
// the USDT and USDC position lists and the wallet balance: 3 requests of the 600 per 5 s.
TEST(BybitReadCost, ASteadyStateReadIsTwoPositionListsAndTheWallet) {
  fakes::FakeBybit fake;
  ASSERT_TRUE(fake.Start());
  fake.AddKey("k", "s", R"({"readOnly":1,"permissions":{"ContractTrade":["Position"]},"ips":[]})");
  fake.SetPositions(
      "k",
      {R"({"positionIdx":0,"symbol":"BTCUSDT","side":"Buy","size":"0.5","avgPrice":"60000","positionValue":"30500","markPrice":"61000","liqPrice":"50000","leverage":"10","positionMM":"122","unrealisedPnl":"500","updatedTime":"1697673600012"})"});
  Link l;
  bybit::BybitClient client(*net::ParseUrl(fake.BaseUrl()), l.link);
  auto paths = [](fakes::FakeBybit& f) {
    std::vector<std::string> out;
    for (const auto& [path, query] : f.targets()) out.push_back(path + "?" + query);
    return out;
  };
  auto [steady, weight] = SteadyRead(fake, l, client, Keyed("k", "s"), paths);
  EXPECT_EQ(steady,
            (std::vector<std::string>{"/v5/position/list?category=linear&limit=200&settleCoin=USDT",
                                      "/v5/position/list?category=linear&limit=200&settleCoin=USDC",
                                      "/v5/account/wallet-balance?accountType=UNIFIED"}));
  EXPECT_EQ(weight, 3);
}

// OKX: positions and balance, per User ID; nothing is kept (the contract table is public and
// shared by every account, read daily).
TEST(OkxReadCost, ASteadyStateReadIsPositionsAndBalance) {
  fakes::FakeOkx fake;
  ASSERT_TRUE(fake.Start());
  fake.AddKey("k", "s", "p", R"({"perm":"read_only","ip":""})");
  fake.SetInstruments(
      R"([{"instType":"SWAP","instId":"BTC-USDT-SWAP","ctType":"linear","ctVal":"0.01","ctMult":"1","settleCcy":"USDT"}])");
  fake.SetPositions(
      "k",
      R"([{"instType":"SWAP","instId":"BTC-USDT-SWAP","mgnMode":"cross","posSide":"net","pos":"50","avgPx":"60000","markPx":"61000","liqPx":"50000","lever":"10","mmr":"122","upl":"500","uTime":"1700000000000"}])");
  Link l;
  okx::OkxClient client(*net::ParseUrl(fake.BaseUrl()), l.link);
  auto [steady, weight] = SteadyRead(fake, l, client, Keyed("k", "s", "p"),
                                     [](fakes::FakeOkx& f) { return f.paths(); });
  EXPECT_EQ(steady,
            (std::vector<std::string>{"/api/v5/account/positions", "/api/v5/account/balance"}));
  EXPECT_EQ(weight, 2);
}

// Bitget: USDT positions and account, USDC positions (its account only when held); the
// COIN-FUTURES count is kept: 3 of the 6,000 requests per minute per IP.
TEST(BitgetReadCost, ASteadyStateReadIsThreeRequests) {
  fakes::FakeBitget fake;
  ASSERT_TRUE(fake.Start());
  fake.AddKey("k", "s", "p", R"({"authorities":["cpor","coor"],"ips":""})");
  fake.SetPositions(
      "k",
      R"([{"marginCoin":"USDT","symbol":"BTCUSDT","holdSide":"long","total":"0.5","openPriceAvg":"60000","markPrice":"61000","liquidationPrice":"50000","leverage":"10","marginMode":"crossed","posMode":"one_way_mode","unrealizedPL":"500","keepMarginRate":"0.004","uTime":"1700000000000"}])");
  Link l;
  bitget::BitgetClient client(*net::ParseUrl(fake.BaseUrl()), l.link);
  auto [steady, weight] = SteadyRead(fake, l, client, Keyed("k", "s", "p"),
                                     [](fakes::FakeBitget& f) { return f.paths(); });
  EXPECT_EQ(steady, (std::vector<std::string>{"/api/v2/mix/position/all-position",
                                              "/api/v2/mix/account/accounts",
                                              "/api/v2/mix/position/all-position"}));
  EXPECT_EQ(weight, 3);
}

// Gate: USDT positions (one page) and the USDT account; the BTC-settled count is kept.
TEST(GateReadCost, ASteadyStateReadIsPositionsAndAccount) {
  fakes::FakeGate fake;
  ASSERT_TRUE(fake.Start());
  fake.AddKey("k", "s");
  fake.SetContracts(R"([{"name":"BTC_USDT","quanto_multiplier":"0.0001"}])");
  fake.SetPositions(
      "k",
      R"([{"contract":"BTC_USDT","size":5000,"mode":"single","leverage":"10","entry_price":"60000","mark_price":"61000","liq_price":"50000","value":"30500","margin":"3000","maintenance_rate":"0.004","unrealised_pnl":"500","update_time":1705034246}])");
  Link l;
  gate::GateClient client(*net::ParseUrl(fake.BaseUrl()), l.link);
  auto [steady, weight] =
      SteadyRead(fake, l, client, Keyed("k", "s"), [](fakes::FakeGate& f) { return f.paths(); });
  EXPECT_EQ(steady, (std::vector<std::string>{"/api/v4/futures/usdt/positions",
                                              "/api/v4/futures/usdt/accounts"}));
  EXPECT_EQ(weight, 2);
}

// KuCoin: positions (2) and the USDT account overview (5), from the Futures pool of the UID.
TEST(KucoinReadCost, ASteadyStateReadIsPositionsAndOverviewForSevenWeight) {
  fakes::FakeKucoin fake;
  ASSERT_TRUE(fake.Start());
  fake.AddKey("k", "s", "p", R"({"permission":"General,Futures","ipWhitelist":"","apiVersion":3})");
  fake.SetContracts(R"([{"symbol":"XBTUSDTM","multiplier":0.001,"isInverse":false}])");
  fake.SetPositions(
      "k",
      R"([{"symbol":"XBTUSDTM","currentQty":500,"positionSide":"BOTH","marginMode":"CROSS","isOpen":true,"avgEntryPrice":60000,"markPrice":61000,"liquidationPrice":50000,"leverage":10,"settleCurrency":"USDT","isInverse":false,"unrealisedPnl":500,"markValue":30500}])");
  Link l;
  auto url = *net::ParseUrl(fake.BaseUrl());
  kucoin::KucoinClient client(url, url, l.link);
  auto [steady, weight] = SteadyRead(fake, l, client, Keyed("k", "s", "p"),
                                     [](fakes::FakeKucoin& f) { return f.paths(); });
  EXPECT_EQ(steady, (std::vector<std::string>{"/api/v1/positions", "/api/v1/account-overview"}));
  EXPECT_EQ(weight, 2 + 5);
}

// HyperLiquid: one clearinghouseState (2 of the 1,200 per minute per IP) for an address that
// holds nothing on a HIP-3 dex; the dex list and the full dex scan are kept (contract lifetime,
// dex rescan interval).
TEST(HyperliquidReadCost, ASteadyStateReadIsOneClearinghouseState) {
  fakes::FakeMarket fake;
  ASSERT_TRUE(fake.Start());
  const std::string address = "0x00000000000000000000000000000000000000c7";
  fake.SetClearinghouseState(
      address,
      R"({"assetPositions":[{"position":{"coin":"ETH","entryPx":"2986.3","leverage":{"rawUsd":"-95.059824","type":"isolated","value":20},"liquidationPx":"2866.26936529","marginUsed":"4.967826","maxLeverage":50,"positionValue":"100.02765","returnOnEquity":"-0.0026789","szi":"0.0335","unrealizedPnl":"-0.0134"},"type":"oneWay"}],"crossMaintenanceMarginUsed":"0.0","crossMarginSummary":{"accountValue":"13104.514502","totalMarginUsed":"0.0","totalNtlPos":"0.0","totalRawUsd":"13104.514502"},"marginSummary":{"accountValue":"13109.482328","totalMarginUsed":"4.967826","totalNtlPos":"100.02765","totalRawUsd":"13009.454678"},"time":1708622398623,"withdrawable":"13104.514502"})");
  Link l;
  hyperliquid::HyperliquidClient client(*net::ParseUrl(fake.BaseUrl()), l.link);
  Credentials c;
  c.wallet_address = address;
  auto [steady, weight] =
      SteadyRead(fake, l, client, c, [](fakes::FakeMarket& f) { return f.info_requests(); });
  EXPECT_EQ(steady, (std::vector<std::string>{"clearinghouseState"}));
  EXPECT_EQ(weight, 2);
}

}  // namespace
}  // namespace baro::exchanges

namespace baro::exchanges {
namespace {

// A key that may not read COIN-M (-2015) has nothing to count there: that answer is kept like a
// count, so it does not cost a request on every read.
TEST(BinanceReadCostCoinM, ARefusedCoinMCountIsKeptToo) {
  fakes::FakeBinance fake;
  ASSERT_TRUE(fake.Start());
  fake.AddKey("k", "s", R"({"ipRestrict":true,"enableReading":true,"enableFutures":true})");
  fake.RefuseCoinFutures("k");
  Link l;
  auto url = *net::ParseUrl(fake.BaseUrl());
  binance::BinanceClient client(url, url, url, l.link);
  ASSERT_TRUE(client.ReadAccount(Keyed("k", "s")).ok());
  const std::size_t before = fake.paths().size();
  ASSERT_TRUE(client.ReadAccount(Keyed("k", "s")).ok());
  EXPECT_EQ(From(fake.paths(), before),
            (std::vector<std::string>{"/fapi/v3/positionRisk", "/fapi/v3/account"}));
}

}  // namespace
}  // namespace baro::exchanges
