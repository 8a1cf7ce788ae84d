#include "exchanges/binance/binance_client.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <map>

#include "exchanges/read_only_request.h"
#include "exchanges/signing.h"
#include "fakes/exchanges/fake_binance.h"
#include "support/temp_dir.h"

namespace baro::exchanges::binance {
namespace {

std::string Sample(const std::string& name) {
  return testing::ReadFile(std::string(BARO_SOURCE_DIR) + "/tests/exchanges/testdata/" + name);
}

TEST(BinanceSigning, OfficialVectors) {
  auto vectors = boost::json::parse(Sample("binance-signing-vectors.json")).as_array();
  int checked = 0;
  for (const auto& v : vectors) {
    const auto& o = v.as_object();
    SecretBytes secret(std::string(o.at("secret").as_string()));
    EXPECT_EQ(HmacSha256Hex(secret, o.at("payload").as_string()), o.at("signature").as_string())
        << o.at("source").as_string();
    ++checked;
  }
  EXPECT_GE(checked, 4);
  SecretBytes futures("2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9");
  EXPECT_EQ(SignQuery("recvWindow=5000&timestamp=1700000000000", futures),
            "recvWindow=5000&timestamp=1700000000000&signature="
            "1db3e62b3c9e6ff02145b3b55990c33ee6b7d6d6e5b5118108c0f2885eae1d93");
}

TEST(BinanceParse, PositionRiskV3OneWayCrossWithoutLiquidationPrice) {
  auto list = ParsePositionRisk(Sample("binance-positionRisk-v3.json"),
                                Sample("binance-symbolConfig.json"), "main");
  ASSERT_TRUE(list.ok()) << list.error().message;
  ASSERT_EQ(list->size(), 1u);
  const Position& p = (*list)[0];
  EXPECT_EQ(p.symbol, "ADAUSDT");
  EXPECT_EQ(p.base, "ADA");
  EXPECT_EQ(p.side, Side::kLong);
  EXPECT_DOUBLE_EQ(p.size, 30);
  EXPECT_DOUBLE_EQ(p.entry_price, 0.385);
  EXPECT_DOUBLE_EQ(p.mark_price, 0.4104759);
  EXPECT_FALSE(p.liquidation_price.has_value());  // "0" means none
  EXPECT_EQ(p.margin_mode, MarginMode::kCross);
  EXPECT_DOUBLE_EQ(*p.maintenance_margin, 0.0800428);
}

TEST(BinanceParse, PositionRiskV2HedgeModeSkipsEmptyLegs) {
  auto list = ParsePositionRisk(Sample("binance-positionRisk-v2-hedge.json"), "", "main");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].side, Side::kLong);
  EXPECT_DOUBLE_EQ(*(*list)[0].liquidation_price, 19731.45529116);
  EXPECT_EQ((*list)[0].leverage, 4);
  auto short_leg = ParsePositionRisk(
      R"([{"symbol":"ETHUSDT","positionSide":"SHORT","positionAmt":"-2","entryPrice":"2000","markPrice":"2100","liquidationPrice":"2500","isolatedMargin":"300","isolatedWallet":"400","unRealizedProfit":"-200","notional":"-4200"}])",
      R"([{"symbol":"ETHUSDT","marginType":"ISOLATED","leverage":10}])", "main");
  ASSERT_TRUE(short_leg.ok());
  EXPECT_EQ((*short_leg)[0].side, Side::kShort);
  EXPECT_DOUBLE_EQ((*short_leg)[0].size, 2);
  EXPECT_DOUBLE_EQ((*short_leg)[0].notional, 4200);
  EXPECT_EQ((*short_leg)[0].margin_mode, MarginMode::kIsolated);
  EXPECT_DOUBLE_EQ(*(*short_leg)[0].isolated_margin, 400);
  EXPECT_EQ((*short_leg)[0].leverage, 10);
  EXPECT_TRUE(ParsePositionRisk("[]", "", "x")->empty());
  EXPECT_FALSE(ParsePositionRisk("{}", "", "x").ok());
}

TEST(BinanceParse, CrossAccountsStartFromTheCrossWallet) {
  // Binance's documented v3 example (single-asset mode): the total* fields cover more than the
  // USDT asset's cross wallet, which is 23.72469206.
  auto sample = ParseAccount(Sample("binance-account-v3.json"), /*multi_assets=*/false);
  ASSERT_TRUE(sample.ok()) << sample.error().message;
  ASSERT_EQ(sample->size(), 1u);
  EXPECT_DOUBLE_EQ(*(*sample)[0].cross_wallet_balance, 23.72469206);
  EXPECT_DOUBLE_EQ((*sample)[0].equity, 23.72469206);
  // Single-asset mode with an isolated position and a USDC asset. By hand: USDT cross wallet
  // 900 (the 1100 wallet less 200 of isolated margin), cross uPnL -50 → equity 850; requirement
  // the cross BTC position's maintMargin 30 (not the 45 that counts the isolated one); USDC its
  // own account: 500 + 10 = 510.
  Position cross_btc;
  cross_btc.quote = "USDT";
  cross_btc.margin_mode = MarginMode::kCross;
  cross_btc.maintenance_margin = 30;
  Position isolated_eth;
  isolated_eth.quote = "USDT";
  isolated_eth.margin_mode = MarginMode::kIsolated;
  isolated_eth.maintenance_margin = 15;
  const std::vector<Position> positions{cross_btc, isolated_eth};
  const std::string body =
      R"({"totalMaintMargin":"45","totalWalletBalance":"1100","totalUnrealizedProfit":"-70","totalMarginBalance":"1030",)"
      R"("totalCrossWalletBalance":"900","totalCrossUnPnl":"-50","availableBalance":"700",)"
      R"("assets":[{"asset":"USDT","walletBalance":"1100","unrealizedProfit":"-70","marginBalance":"1030","maintMargin":"45",)"
      R"("crossWalletBalance":"900","crossUnPnl":"-50","availableBalance":"700"},)"
      R"({"asset":"USDC","walletBalance":"500","unrealizedProfit":"10","marginBalance":"510","maintMargin":"0",)"
      R"("crossWalletBalance":"500","crossUnPnl":"10","availableBalance":"480"}]})";
  auto single = ParseAccount(body, false, positions);
  ASSERT_TRUE(single.ok());
  ASSERT_EQ(single->size(), 2u);
  const Account& usdt = (*single)[0];
  EXPECT_EQ(usdt.name, "");
  EXPECT_DOUBLE_EQ(*usdt.cross_wallet_balance, 900);
  EXPECT_DOUBLE_EQ(usdt.equity, 850);
  EXPECT_DOUBLE_EQ(usdt.maintenance_margin, 30);
  EXPECT_DOUBLE_EQ(*usdt.margin_ratio, 30.0 / 850.0);
  EXPECT_EQ((*single)[1].name, "USDC");
  EXPECT_DOUBLE_EQ((*single)[1].equity, 510);
  // Multi-assets mode: one pool from the total cross fields: 900 - 50.
  auto multi = ParseAccount(body, true, positions);
  ASSERT_EQ(multi->size(), 1u);
  EXPECT_DOUBLE_EQ((*multi)[0].equity, 850);
  EXPECT_DOUBLE_EQ(*(*multi)[0].cross_wallet_balance, 900);
  EXPECT_TRUE(*ParseMultiAssetsMode(Sample("binance-accountConfig.json")) == false);
}

TEST(BinancePermissions, RefusesTradingOrTransferKeysNamingThePermission) {
  // The documented example has portfolio-margin trading enabled.
  auto doc = ParseApiRestrictions(Sample("binance-apiRestrictions.json"));
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->verdict, KeyVerdict::kRefused);
  ASSERT_EQ(doc->turn_off.size(), 1u);
  EXPECT_EQ(doc->turn_off[0], "Enable Portfolio Margin Trading");
  auto withdraw = ParseApiRestrictions(
      R"({"enableReading":true,"enableWithdrawals":true,"enableSpotAndMarginTrading":true})");
  EXPECT_EQ(withdraw->verdict, KeyVerdict::kRefused);
  EXPECT_EQ(withdraw->turn_off.size(), 2u);
  auto futures =
      ParseApiRestrictions(R"({"enableReading":true,"enableFutures":true,"ipRestrict":true})");
  EXPECT_EQ(futures->verdict, KeyVerdict::kAcceptedWithWarning);
  EXPECT_TRUE(futures->ip_restricted);
  EXPECT_EQ(futures->warnings, std::vector<std::string>{"connect.warning.binance_futures"});
  auto read_only = ParseApiRestrictions(R"({"enableReading":true,"ipRestrict":true})");
  EXPECT_EQ(read_only->verdict, KeyVerdict::kAccepted);
  EXPECT_EQ(ParseApiRestrictions(R"({"enableReading":false})")->verdict, KeyVerdict::kRefused);
}

TEST(BinancePermissions, AllowListRefusesUnknownSwitchesByTheirOwnName) {
  // A switch Binance may add later is refused under its own field name.
  auto newer = ParseApiRestrictions(
      R"({"ipRestrict":true,"enableReading":true,"enableFutures":false,"enableCopyTrading":true,"permitsSomethingNew":true})");
  ASSERT_TRUE(newer.ok());
  EXPECT_EQ(newer->verdict, KeyVerdict::kRefused);
  EXPECT_EQ(newer->turn_off,
            (std::vector<std::string>{"enableCopyTrading", "permitsSomethingNew"}));
  // A switch that is not a boolean is not understood, so not accepted.
  EXPECT_EQ(
      ParseApiRestrictions(R"({"ipRestrict":true,"enableReading":true,"enableTrading":"yes"})")
          ->verdict,
      KeyVerdict::kRefused);
  // Reading missing altogether.
  EXPECT_EQ(ParseApiRestrictions(R"({"ipRestrict":true})")->verdict, KeyVerdict::kRefused);
  // The read-only FIX switch is allowed.
  EXPECT_EQ(
      ParseApiRestrictions(R"({"ipRestrict":true,"enableReading":true,"enableFixReadOnly":true})")
          ->verdict,
      KeyVerdict::kAccepted);
}

TEST(BinanceErrors, MapToTheSmallSet) {
  EXPECT_EQ(MapError(401, Sample("binance-error-invalid-key.json"), "").code,
            ErrorCode::kInvalidKey);
  EXPECT_EQ(MapError(400, Sample("binance-error-bad-signature.json"), "").code,
            ErrorCode::kBadSignature);
  EXPECT_EQ(MapError(400, Sample("binance-error-timestamp.json"), "").code, ErrorCode::kClockSkew);
  auto limited = MapError(429, Sample("binance-error-rate-limit.json"), "7");
  EXPECT_EQ(limited.code, ErrorCode::kRateLimited);
  EXPECT_EQ(limited.retry_after_ms, 7000);
  auto banned = MapError(
      418, R"({"code":-1003,"msg":"Way too many requests; IP banned until 1700000000000."})",
      "120");
  EXPECT_EQ(banned.retry_after_ms, 120000);
  EXPECT_EQ(MapError(502, "<html>bad gateway</html>", "").code, ErrorCode::kUnavailable);
  EXPECT_EQ(MapError(400, "not json", "").code, ErrorCode::kBadResponse);
}

// A Retry-After no ban can have (the fuzz target's finding: 1e126 seconds overflowed the
// conversion to milliseconds) is capped at Binance's longest ban, 3 days = 259,200,000 ms; a
// negative or non-numeric one gives the default wait (60 s for 429, 120 s for 418).
TEST(BinanceErrors, RetryAfterOutsideAnyBanIsCappedOrDefaulted) {
  const std::string huge(127, '9');
  EXPECT_EQ(MapError(429, "1", huge).retry_after_ms, 259200000);
  EXPECT_EQ(MapError(418, "", "-5").retry_after_ms, 120000);
  EXPECT_EQ(MapError(429, "", "soon").retry_after_ms, 60000);
}

class BinanceLoopback : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fake_.Start());
    fake_.AddKey("key-1", "secret-1",
                 R"({"enableReading":true,"enableFutures":true,"ipRestrict":false})");
    fake_.SetPositions("key-1", Sample("binance-positionRisk-v3.json"),
                       Sample("binance-symbolConfig.json"));
    auto url = *net::ParseUrl(fake_.BaseUrl());
    client_ = std::make_unique<BinanceClient>(url, url, url, link_);
  }
  Credentials Creds(const std::string& key, const std::string& secret) {
    Credentials c;
    c.api_key = SecretBytes(key);
    c.api_secret = SecretBytes(secret);
    return c;
  }
  fakes::FakeBinance fake_;
  net::HttpClient http_;
  VenueState state_{kIpLimit};
  VenueLink link_{http_, state_, SystemClock::Instance()};
  std::unique_ptr<BinanceClient> client_;
};

TEST_F(BinanceLoopback, ReadsPositionsAndAccountWithVerifiedSignatures) {
  auto read = client_->ReadAccount(Creds("key-1", "secret-1"));
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read->positions.size(), 1u);
  EXPECT_TRUE(read->account.has_value());
  auto k = client_->CheckPermissions(Creds("key-1", "secret-1"));
  ASSERT_TRUE(k.ok()) << k.error().message;
  EXPECT_EQ(k->verdict, KeyVerdict::kAcceptedWithWarning);
  EXPECT_EQ(http_.connections_opened(), 1u);  // kept alive across all five requests
}

// The account's own brackets come with the read, as maintenance tiers with their cum.
TEST_F(BinanceLoopback, ReadsTheAccountsLeverageBrackets) {
  fake_.SetBrackets(
      "key-1",
      R"([{"symbol":"ADAUSDT","brackets":[{"bracket":1,"initialLeverage":75,"notionalCap":5000,"notionalFloor":0,"maintMarginRatio":0.01,"cum":0}]},
          {"symbol":"XRPUSDT","brackets":[{"bracket":1,"initialLeverage":75,"notionalCap":5000,"notionalFloor":0,"maintMarginRatio":0.01,"cum":0}]}])");
  auto read = client_->ReadAccount(Creds("key-1", "secret-1"));
  ASSERT_TRUE(read.ok()) << read.error().message;
  ASSERT_EQ(read->tiers.size(), 1u) << "only the symbols held are passed on";
  EXPECT_DOUBLE_EQ(read->tiers.at("ADAUSDT").at(0).mmr, 0.01);
  auto parsed = ParseLeverageBrackets(
      R"([{"symbol":"ETHUSDT","notionalCoef":1.0,"brackets":[{"bracket":1,"initialLeverage":125,"notionalCap":50000,"notionalFloor":0,"maintMarginRatio":0.004,"cum":0.0},{"bracket":2,"initialLeverage":100,"notionalCap":600000,"notionalFloor":50000,"maintMarginRatio":0.005,"cum":50.0}]}])");
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->at("ETHUSDT").size(), 2u);
  EXPECT_DOUBLE_EQ(parsed->at("ETHUSDT")[1].notional_floor, 50000);
  EXPECT_DOUBLE_EQ(parsed->at("ETHUSDT")[1].deduction, 50);
  auto one = ParseLeverageBrackets(
      R"({"symbol":"BTCUSDT","brackets":[{"notionalFloor":0,"notionalCap":50000,"maintMarginRatio":0.004,"cum":0}]})");
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->count("BTCUSDT"), 1u);
  EXPECT_EQ(ParseLeverageBrackets("7").error().code, ErrorCode::kBadResponse);
}

// COIN-M positions (GET /dapi/v1/positionRisk, signed like fapi) are counted, not watched: the
// doc example (binance-dapi-positionRisk.json, from
// https://developers.binance.com/docs/derivatives/coin-margined-futures/trade/rest-api/Position-Information)
// is a hedge-mode BTCUSD_201225 with one open leg (LONG 1); zero-size rows are not positions.
TEST_F(BinanceLoopback, CoinMarginedPositionsAreCountedAsNotWatched) {
  fake_.SetCoinPositions("key-1", Sample("binance-dapi-positionRisk.json"));
  auto read = client_->ReadAccount(Creds("key-1", "secret-1"));
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read->positions.size(), 1u) << "the USD-M position is still read";
  ASSERT_EQ(read->gaps.size(), 1u);
  EXPECT_EQ(read->gaps[0].product, "COIN-M futures");
  EXPECT_EQ(read->gaps[0].positions, 1);
  EXPECT_TRUE(read->gaps[0].error.empty());
  auto paths = fake_.paths();
  EXPECT_EQ(std::count(paths.begin(), paths.end(), "/dapi/v1/positionRisk"), 1);

  // A short is a negative amount; two open positions.
  fake_.SetCoinPositions(
      "key-1",
      R"([{"symbol":"ETHUSD_PERP","positionAmt":"-3","entryPrice":"2000","markPrice":"2010","unRealizedProfit":"-0.0007","liquidationPrice":"2500","leverage":"10","maxQty":"1000","marginType":"isolated","isolatedMargin":"0.1","isAutoAddMargin":"false","positionSide":"BOTH","updateTime":1627026881327},
          {"symbol":"BTCUSD_PERP","positionAmt":"2","entryPrice":"60000","markPrice":"60100","unRealizedProfit":"0.00000554","liquidationPrice":"50000","leverage":"5","maxQty":"100","marginType":"cross","isolatedMargin":"0","isAutoAddMargin":"false","positionSide":"BOTH","updateTime":1627026881327}])");
  read = client_->ReadAccount(Creds("key-1", "secret-1"));
  ASSERT_TRUE(read.ok()) << read.error().message;
  ASSERT_EQ(read->gaps.size(), 1u);
  EXPECT_EQ(read->gaps[0].positions, 2);

  // No open COIN-M position: nothing to tell.
  fake_.SetCoinPositions("key-1", "[]");
  read = client_->ReadAccount(Creds("key-1", "secret-1"));
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_TRUE(read->gaps.empty());
}

// A key that may not read COIN-M (-2015), or a COIN-M host that does not answer, leaves the USD-M
// read whole.
TEST_F(BinanceLoopback, ACoinMarginedRefusalDoesNotFailTheUsdMRead) {
  fake_.SetCoinPositions("key-1", Sample("binance-dapi-positionRisk.json"));
  fake_.RefuseCoinFutures("key-1");
  auto read = client_->ReadAccount(Creds("key-1", "secret-1"));
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read->positions.size(), 1u);
  EXPECT_TRUE(read->account.has_value());
  EXPECT_TRUE(read->gaps.empty());
  auto paths = fake_.paths();
  EXPECT_EQ(std::count(paths.begin(), paths.end(), "/dapi/v1/positionRisk"), 1);

  auto url = *net::ParseUrl(fake_.BaseUrl());
  auto nowhere = *net::ParseUrl("http://127.0.0.1:9");  // discard port: nothing listens
  BinanceClient unreachable(url, nowhere, url, link_);
  read = unreachable.ReadAccount(Creds("key-1", "secret-1"));
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read->positions.size(), 1u);
}

TEST_F(BinanceLoopback, EveryErrorClass) {
  EXPECT_EQ(client_->ReadAccount(Creds("key-1", "wrong")).error().code, ErrorCode::kBadSignature);
  EXPECT_EQ(client_->ReadAccount(Creds("nobody", "secret-1")).error().code, ErrorCode::kInvalidKey);
  fake_.FailNext(503, "Service Unavailable");
  EXPECT_EQ(client_->ReadAccount(Creds("key-1", "secret-1")).error().code, ErrorCode::kUnavailable);
  fake_.FailNext(429, R"({"code":-1003,"msg":"Too many requests"})", 9);
  auto limited = client_->ReadAccount(Creds("key-1", "secret-1"));
  EXPECT_EQ(limited.error().code, ErrorCode::kRateLimited);
  EXPECT_EQ(limited.error().retry_after_ms, 9000);
}

// Binance limits by address: after a 429 or 418 no account behind this address may touch the
// venue before Retry-After has passed (exchanges.md §2.6: repeated violations escalate to bans).
TEST_F(BinanceLoopback, ABanKeepsEveryRequestAwayUntilItEnds) {
  for (int status : {429, 418}) {
    VenueState state(kIpLimit);
    ManualClock clock(SystemClock::Instance().NowMs());
    VenueLink link(http_, state, clock);
    auto url = *net::ParseUrl(fake_.BaseUrl());
    BinanceClient client(url, url, url, link);
    fake_.FailNext(status, R"({"code":-1003,"msg":"Way too many requests; IP banned until 0."})",
                   120);
    auto banned = client.ReadAccount(Creds("key-1", "secret-1"));
    ASSERT_FALSE(banned.ok());
    EXPECT_EQ(banned.error().code, ErrorCode::kRateLimited);
    const int sent = fake_.requests();
    clock.Advance(119'000);
    auto during = client.ReadAccount(Creds("key-1", "secret-1"));
    ASSERT_FALSE(during.ok());
    EXPECT_EQ(during.error().code, ErrorCode::kRateLimited);
    EXPECT_EQ(during.error().retry_after_ms, 1000);
    EXPECT_EQ(fake_.requests(), sent) << "a request reached the venue during its ban";
    clock.Advance(1'000);
    EXPECT_TRUE(client.ReadAccount(Creds("key-1", "secret-1")).ok());
  }
}

// A burst of reads from one address never spends more than the published weight per minute: the
// read that would exceed it is refused here, before a byte is sent.
TEST_F(BinanceLoopback, ABurstNeverExceedsThePublishedWeight) {
  VenueState state(kIpLimit);
  ManualClock clock(SystemClock::Instance().NowMs());
  VenueLink link(http_, state, clock);
  auto url = *net::ParseUrl(fake_.BaseUrl());
  BinanceClient client(url, url, url, link);
  // Binance's published weights (developers.binance.com/docs/derivatives/usds-margined-futures:
  // Position Information V3 5, Symbol Configuration 5, Account Information V3 5, Futures Account
  // Configuration 5, Notional and Leverage Brackets 1, Check Server Time 1) and REQUEST_WEIGHT
  // 2400 per minute per IP (exchangeInfo rateLimits); COIN-M Position Information 1
  // (developers.binance.com/docs/derivatives/coin-margined-futures/trade/rest-api/Position-Information),
  // counted against the same budget.
  const std::map<std::string, std::int64_t> published = {
      {"/fapi/v3/positionRisk", 5},  {"/fapi/v1/symbolConfig", 5},    {"/fapi/v3/account", 5},
      {"/fapi/v1/accountConfig", 5}, {"/fapi/v1/leverageBracket", 1}, {"/fapi/v1/time", 1},
      {"/dapi/v1/positionRisk", 1}};
  const std::int64_t published_limit = 2400;
  const std::int64_t per_read = 5 + 5 + 5 + 5 + 1 + 1;
  int reads = 0;
  Error refused;
  for (;;) {
    auto r = client.ReadAccount(Creds("key-1", "secret-1"));
    if (!r) {
      refused = r.error();
      break;
    }
    ++reads;
  }
  std::int64_t spent = 0;
  for (const auto& path : fake_.paths()) {
    ASSERT_TRUE(published.contains(path)) << path;
    spent += published.at(path);
  }
  EXPECT_LE(spent, published_limit);
  EXPECT_EQ(reads, published_limit / per_read);
  EXPECT_EQ(refused.code, ErrorCode::kRateLimited);
  EXPECT_GT(refused.retry_after_ms, 0);
  EXPECT_LE(refused.retry_after_ms, kIpLimit.window_ms);
}

TEST_F(BinanceLoopback, ResyncsTheClockOnceOnATimestampError) {
  fake_.SetClockOffsetMs(-60000);  // the venue's clock is a minute behind ours
  auto read = client_->ReadAccount(Creds("key-1", "secret-1"));
  ASSERT_TRUE(read.ok()) << read.error().message;
  auto paths = fake_.paths();
  EXPECT_EQ(std::count(paths.begin(), paths.end(), "/fapi/v1/time"), 1);
}

TEST(ReadOnly, OnlyAllowListedReadsCanBeBuilt) {
  const ReadEndpoint allowed[] = {{"GET", "/fapi/v3/positionRisk"}};
  EXPECT_TRUE(ReadOnlyRequest(allowed, "GET", "/fapi/v3/positionRisk").ok());
  EXPECT_EQ(ReadOnlyRequest(allowed, "POST", "/fapi/v3/positionRisk").error().code,
            ErrorCode::kForbidden);
  EXPECT_EQ(ReadOnlyRequest(allowed, "GET", "/fapi/v1/listenKey").error().code,
            ErrorCode::kForbidden);
}

}  // namespace
}  // namespace baro::exchanges::binance
