// OKX v5: signing for fixed inputs, parses of recorded bodies with their edge cases, every error
// class against the signature-checking fake, the clock resync, the permission verdicts, and CCXT
// as an oracle on the same position bodies.
#include "exchanges/okx/okx_client.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/clock.h"
#include "exchanges/oracle/ccxt_oracle.h"
#include "exchanges/venue_test_support.h"
#include "fakes/exchanges/fake_okx.h"

namespace baro::exchanges::okx {
namespace {

using venue_tests::DataOf;

std::string Sample(const std::string& name) {
  return venue_tests::VenueSample("okx", name);
}

ContractSize Sizes(const std::string& instruments_body) {
  return venue_tests::SizesFrom(ParseInstruments(instruments_body));
}

TEST(OkxSigning, DocumentedSecretAndTimestamp) {
  EXPECT_EQ(IsoTimestamp(1607418537715), "2020-12-08T09:08:57.715Z");
  EXPECT_EQ(IsoTimestamp(1607418537005), "2020-12-08T09:08:57.005Z");
  auto vectors = boost::json::parse(Sample("okx-signing-vectors.json")).as_array();
  int checked = 0;
  for (const auto& v : vectors) {
    const auto& o = v.as_object();
    if (!o.contains("method") || o.at("method").as_string() != "GET") continue;  // WS login: unused
    SecretBytes secret(std::string_view(o.at("secret").as_string()));
    EXPECT_EQ(Sign(std::string(o.at("timestamp").as_string()), "GET",
                   std::string(o.at("requestPath").as_string()), "", secret),
              std::string(o.at("signature").as_string()));
    ++checked;
  }
  EXPECT_GE(checked, 3);
}

TEST(OkxParse, InstrumentsGiveBaseUnitsPerContractForLinearSwapsOnly) {
  auto table = ParseInstruments(Sample("okx-instruments-swap.json"));
  ASSERT_TRUE(table.ok());
  EXPECT_DOUBLE_EQ(table->at("BTC-USDT-SWAP"), 0.01);
  EXPECT_DOUBLE_EQ(table->at("ETH-USDT-SWAP"), 0.1);
  EXPECT_EQ(table->count("BTC-USD-SWAP"), 0u) << "inverse swaps are valued in USD, not coins";
}

TEST(OkxParse, RecordedSwapPositionInBaseUnits) {
  auto positions = ParsePositions(Sample("okx-positions-swap-assembled.json"),
                                  Sizes(Sample("okx-instruments-swap.json")), "main");
  ASSERT_TRUE(positions.ok()) << positions.error().message;
  ASSERT_EQ(positions->size(), 1u);
  const Position& p = (*positions)[0];
  EXPECT_EQ(p.symbol, "BTC-USDT-SWAP");
  EXPECT_EQ(p.base, "BTC");
  EXPECT_EQ(p.quote, "USDT");
  EXPECT_EQ(p.side, Side::kLong);
  EXPECT_DOUBLE_EQ(p.size, 0.01);  // 1 contract of 0.01 BTC
  EXPECT_DOUBLE_EQ(p.entry_price, 34131.1);
  EXPECT_DOUBLE_EQ(*p.liquidation_price, 12608.959083877446);
  EXPECT_EQ(p.margin_mode, MarginMode::kCross);
  EXPECT_DOUBLE_EQ(p.leverage, 2);
  EXPECT_DOUBLE_EQ(*p.maintenance_margin, 1.3652874433435829);
  EXPECT_FALSE(p.isolated_margin.has_value());
}

TEST(OkxParse, TheDocumentedMarginPositionIsNotASwap) {
  auto positions = ParsePositions(Sample("okx-positions-margin-doc.json"),
                                  Sizes(Sample("okx-instruments-swap.json")), "main");
  ASSERT_TRUE(positions.ok()) << positions.error().message;
  EXPECT_TRUE(positions->empty());
}

TEST(OkxParse, NetModeIsolatedNoLiquidationNumbersAndOtherTypes) {
  const std::string body = R"({"code":"0","msg":"","data":[
    {"instType":"SWAP","instId":"ETH-USDT-SWAP","posSide":"net","pos":"-30","avgPx":"3000","markPx":"2900",
     "liqPx":"","lever":"5","mgnMode":"isolated","margin":"1800","mmr":"34.8","upl":"300","uTime":"1700000000000"},
    {"instType":"SWAP","instId":"BTC-USDT-SWAP","posSide":"short","pos":2,"avgPx":60000,"markPx":61000,
     "liqPx":8.5e4,"lever":10,"mgnMode":"cross","margin":"","mmr":"4.88","upl":-20},
    {"instType":"SWAP","instId":"BTC-USDT-SWAP","posSide":"long","pos":"0","avgPx":"","markPx":"61000","liqPx":""},
    {"instType":"MARGIN","instId":"BTC-USDT","posSide":"net","pos":"0.5","avgPx":"60000","markPx":"61000","liqPx":"1"},
    {"instType":"SWAP","instId":"BTC-USD-SWAP","posSide":"net","pos":"5","avgPx":"60000","markPx":"61000","liqPx":"1","ccy":"BTC"}]})";
  auto positions = ParsePositions(body, Sizes(Sample("okx-instruments-swap.json")), "main");
  ASSERT_TRUE(positions.ok()) << positions.error().message;
  ASSERT_EQ(positions->size(), 2u) << "zero rows, margin and coin-margined swaps are left out";
  int coin_margined = -1;
  ASSERT_TRUE(
      ParsePositions(body, Sizes(Sample("okx-instruments-swap.json")), "main", &coin_margined)
          .ok());
  EXPECT_EQ(coin_margined, 1) << "the BTC-USD-SWAP position is counted so the user can be told";
  const Position& eth = (*positions)[0];
  EXPECT_EQ(eth.side, Side::kShort) << "net mode: a negative quantity is short";
  EXPECT_DOUBLE_EQ(eth.size, 3.0);
  EXPECT_FALSE(eth.liquidation_price.has_value()) << "\"\" means none, never 0";
  EXPECT_EQ(eth.margin_mode, MarginMode::kIsolated);
  EXPECT_DOUBLE_EQ(*eth.isolated_margin, 1800);
  const Position& btc = (*positions)[1];
  EXPECT_EQ(btc.side, Side::kShort);
  EXPECT_DOUBLE_EQ(btc.size, 0.02);
  EXPECT_DOUBLE_EQ(*btc.liquidation_price, 85000);
  EXPECT_DOUBLE_EQ(btc.unrealized_pnl, -20);

  auto unknown = ParsePositions(
      R"({"code":"0","data":[{"instType":"SWAP","instId":"NEW-USDT-SWAP","pos":"1","avgPx":"1"}]})",
      Sizes(Sample("okx-instruments-swap.json")), "main");
  EXPECT_EQ(unknown.error().code, ErrorCode::kBadResponse);
  EXPECT_TRUE(ParsePositions(R"({"code":"0","data":[],"msg":""})",
                             Sizes(Sample("okx-instruments-swap.json")), "main")
                  ->empty());
  EXPECT_EQ(ParsePositions("{", Sizes(Sample("okx-instruments-swap.json")), "m").error().code,
            ErrorCode::kBadResponse);
}

TEST(OkxParse, CrossAccountLeavesIsolatedEquityOut) {
  // Futures mode, USDT: eq 4000 of which isoEq 1000 is held by isolated positions; upl 150 of
  // which isoUpl -50 is theirs. By hand: cross equity 4000 - 1000 = 3000; cross wallet 3000 -
  // (150 - (-50)) = 2800.
  auto a = ParseBalance(R"({"code":"0","data":[{"totalEq":"5000","mmr":"",
    "details":[{"ccy":"USDT","eq":"4000","isoEq":"1000","upl":"150","isoUpl":"-50","availEq":"2000","mmr":"300","mgnRatio":""}]}]})");
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_DOUBLE_EQ(a->equity, 3000);
  EXPECT_DOUBLE_EQ(*a->cross_wallet_balance, 2800);
  EXPECT_DOUBLE_EQ(*a->margin_ratio, 0.1);
}

TEST(OkxParse, BalanceInBarosMarginRatioConvention) {
  auto recorded = ParseBalance(Sample("okx-balance.json"));
  ASSERT_TRUE(recorded.ok()) << recorded.error().message;
  EXPECT_NEAR(recorded->equity, 55415.624719833286, 1e-6);
  EXPECT_DOUBLE_EQ(*recorded->margin_ratio, 0) << "no requirement: nothing at risk";
  // Futures mode: account-level figures are "", the USDT currency's apply. OKX's mgnRatio (equity
  // over requirement plus liquidation fees) is 8 here; Baro's ratio is its inverse.
  auto futures = ParseBalance(
      R"({"code":"0","data":[{"totalEq":"5000","adjEq":"","mmr":"","availEq":"","mgnRatio":"",
    "details":[{"ccy":"BTC","eq":"0.1","mmr":"0.001"},{"ccy":"USDT","eq":"4000","availEq":"3000","mmr":"400","mgnRatio":"8"}]}]})");
  ASSERT_TRUE(futures.ok()) << futures.error().message;
  EXPECT_EQ(futures->currency, "USDT");
  EXPECT_DOUBLE_EQ(futures->equity, 4000);
  EXPECT_DOUBLE_EQ(futures->available_balance, 3000);
  EXPECT_DOUBLE_EQ(futures->maintenance_margin, 400);
  EXPECT_DOUBLE_EQ(*futures->margin_ratio, 0.125);
  // Without OKX's ratio: the requirement over the equity isolated positions do not hold.
  auto no_ratio = ParseBalance(R"({"code":"0","data":[{"totalEq":"5000","mmr":"",
    "details":[{"ccy":"USDT","eq":"4000","isoEq":"1000","availEq":"2000","mmr":"300","mgnRatio":""}]}]})");
  ASSERT_TRUE(no_ratio.ok());
  EXPECT_DOUBLE_EQ(*no_ratio->margin_ratio, 0.1);
  // Cross positions only in USDC: USDC's figures, not USDT's idle balance.
  auto usdc = ParseBalance(R"({"code":"0","data":[{"totalEq":"5000","mmr":"",
    "details":[{"ccy":"USDT","eq":"100","mmr":"","mgnRatio":""},{"ccy":"USDC","eq":"900","mmr":"90","mgnRatio":"9"}]}]})");
  ASSERT_TRUE(usdc.ok());
  EXPECT_EQ(usdc->currency, "USDC");
  EXPECT_DOUBLE_EQ(usdc->equity, 900);
  EXPECT_NEAR(*usdc->margin_ratio, 1.0 / 9, 1e-15);
  // Multi-currency margin: the account-level figures in USD.
  auto multi = ParseBalance(
      R"({"code":"0","data":[{"totalEq":"700","adjEq":"600","availEq":"500","mmr":"100","mgnRatio":"5","isoEq":"0","details":[]}]})");
  ASSERT_TRUE(multi.ok());
  EXPECT_EQ(multi->currency, "USD");
  EXPECT_DOUBLE_EQ(multi->equity, 600);
  EXPECT_DOUBLE_EQ(multi->maintenance_margin, 100);
  EXPECT_DOUBLE_EQ(*multi->margin_ratio, 0.2);
  EXPECT_EQ(ParseBalance(R"({"code":"0","data":[],"msg":""})").error().code,
            ErrorCode::kBadResponse);
}

TEST(OkxPermissions, OnlyReadOnlyKeysAreAccepted) {
  auto recorded = ParseAccountConfig(Sample("okx-account-config.json"));
  ASSERT_TRUE(recorded.ok());
  EXPECT_EQ(recorded->verdict, KeyVerdict::kRefused);
  EXPECT_EQ(recorded->turn_off, (std::vector<std::string>{"Withdraw", "Trade"}));
  auto read_only =
      ParseAccountConfig(R"({"code":"0","data":[{"perm":"read_only","ip":"203.0.113.7"}]})");
  ASSERT_TRUE(read_only.ok());
  EXPECT_EQ(read_only->verdict, KeyVerdict::kAccepted);
  EXPECT_TRUE(read_only->ip_restricted);
  EXPECT_EQ(ParseAccountConfig(R"({"code":"0","data":[{"perm":"","ip":""}]})")->verdict,
            KeyVerdict::kRefused);
}

TEST(OkxPermissions, AllowListRefusesUnknownAndMissingPermissions) {
  // perm is a subset of read_only, trade, withdraw (okx.com/docs-v5 "Get account configuration");
  // a name OKX adds later is refused by that name.
  auto newer = ParseAccountConfig(R"({"code":"0","data":[{"perm":"read_only,transfer","ip":""}]})");
  ASSERT_TRUE(newer.ok());
  EXPECT_EQ(newer->verdict, KeyVerdict::kRefused);
  EXPECT_EQ(newer->turn_off, (std::vector<std::string>{"transfer"}));
  auto missing = ParseAccountConfig(R"({"code":"0","data":[{"ip":""}]})");
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->verdict, KeyVerdict::kRefused);
  ASSERT_EQ(missing->turn_off.size(), 1u);
  EXPECT_NE(missing->turn_off[0].find("perm"), std::string::npos);
}

TEST(OkxErrors, MapToTheSmallSet) {
  auto code = [](int status, const std::string& body) { return MapError(status, body)->code; };
  EXPECT_FALSE(MapError(200, R"({"code":"0","data":[],"msg":""})").has_value());
  EXPECT_EQ(code(401, Sample("okx-error-bad-signature.json")), ErrorCode::kBadSignature);
  EXPECT_EQ(code(401, Sample("okx-error-invalid-key.json")), ErrorCode::kInvalidKey);
  EXPECT_EQ(code(401, Sample("okx-error-timestamp.json")), ErrorCode::kClockSkew);
  EXPECT_EQ(code(401, R"({"msg":"x","code":"50105"})"), ErrorCode::kBadSignature);
  EXPECT_EQ(code(401, R"({"msg":"x","code":"50110"})"), ErrorCode::kIpNotAllowed);
  EXPECT_EQ(code(200, R"({"msg":"x","code":"50120"})"), ErrorCode::kMissingPermission);
  auto limited = MapError(429, R"({"msg":"Too Many Requests","code":"50011"})");
  EXPECT_EQ(limited->code, ErrorCode::kRateLimited);
  EXPECT_GT(limited->retry_after_ms, 0);
  EXPECT_EQ(code(503, "<html>"), ErrorCode::kUnavailable);
  EXPECT_EQ(code(200, "<html>"), ErrorCode::kBadResponse);
}

// 50011 comes with HTTP 429 (https://www.okx.com/docs-v5/en/#error-code); its wait is the
// answer's Retry-After when it has one (RFC 9110 §10.2.3, seconds), else the 2-second window.
TEST(OkxErrors, RateLimitWaitsForRetryAfter) {
  net::HttpResponse r =
      net::HttpResponse::Json(429, R"({"msg":"Too Many Requests","code":"50011"})");
  EXPECT_EQ(MapResponse(r)->retry_after_ms, 2000) << "no header: the window";
  r.headers.emplace_back("Retry-After", "3");
  EXPECT_EQ(MapResponse(r)->retry_after_ms, 3000);
  r.headers.back().second = "soon";
  EXPECT_EQ(MapResponse(r)->retry_after_ms, 2000) << "not a number: the window";
  r.headers.back().second = "99999999999999999999999";
  EXPECT_EQ(MapResponse(r)->retry_after_ms, 24 * 3600 * 1000LL) << "cut to one day";
  EXPECT_FALSE(MapResponse(net::HttpResponse::Json(200, R"({"code":"0","data":[],"msg":""})")));
}

class OkxLoopback : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fake_.Start());
    fake_.AddKey("ok-key", "ok-secret", "ok-pass", R"({"perm":"read_only","ip":""})");
    fake_.SetInstruments(DataOf(Sample("okx-instruments-swap.json")));
    fake_.SetPositions("ok-key", DataOf(Sample("okx-positions-swap-assembled.json")));
    client_ = std::make_unique<OkxClient>(*net::ParseUrl(fake_.BaseUrl()), link_);
  }
  Credentials Creds(const std::string& k, const std::string& s, const std::string& p) {
    return venue_tests::KeyCredentials(k, s, p);
  }
  fakes::FakeOkx fake_;
  net::HttpClient http_;
  VenueState state_;
  VenueLink link_{http_, state_, SystemClock::Instance()};
  std::unique_ptr<OkxClient> client_;
};

TEST_F(OkxLoopback, ReadsPositionsAndAccountWithVerifiedSignatures) {
  auto read = client_->ReadAccount(Creds("ok-key", "ok-secret", "ok-pass"));
  ASSERT_TRUE(read.ok()) << read.error().message;
  ASSERT_EQ(read->positions.size(), 1u);
  EXPECT_DOUBLE_EQ(read->positions[0].size, 0.01);
  ASSERT_TRUE(read->account.has_value());
  EXPECT_DOUBLE_EQ(read->account->equity, 1000);
  // The contract table is read once and reused.
  ASSERT_TRUE(client_->ReadAccount(Creds("ok-key", "ok-secret", "ok-pass")).ok());
  auto paths = fake_.paths();
  EXPECT_EQ(std::count(paths.begin(), paths.end(), "/api/v5/public/instruments"), 1);
  auto verdict = client_->CheckPermissions(Creds("ok-key", "ok-secret", "ok-pass"));
  ASSERT_TRUE(verdict.ok());
  EXPECT_EQ(verdict->verdict, KeyVerdict::kAccepted);
}

TEST_F(OkxLoopback, RefusedKeyNamesWhatToTurnOff) {
  fake_.AddKey("trader", "t-secret", "t-pass", R"({"perm":"read_only,trade","ip":""})");
  auto verdict = client_->CheckPermissions(Creds("trader", "t-secret", "t-pass"));
  ASSERT_TRUE(verdict.ok()) << verdict.error().message;
  EXPECT_EQ(verdict->verdict, KeyVerdict::kRefused);
  EXPECT_EQ(verdict->turn_off, (std::vector<std::string>{"Trade"}));
  EXPECT_FALSE(verdict->ip_restricted);
}

TEST_F(OkxLoopback, AContractListedSinceTheTableWasReadIsLoadedOnce) {
  const std::string btc_only = R"([{"instType":"SWAP","instId":"BTC-USDT-SWAP","ctType":"linear",
    "ctVal":"0.01","ctMult":"1","ctValCcy":"BTC","settleCcy":"USDT","state":"live"}])";
  fake_.SetInstruments(btc_only);
  ASSERT_TRUE(client_->ReadAccount(Creds("ok-key", "ok-secret", "ok-pass")).ok());
  fake_.SetInstruments(DataOf(Sample("okx-instruments-swap.json")));
  fake_.SetPositions("ok-key", R"([{"instType":"SWAP","instId":"ETH-USDT-SWAP","posSide":"net",
    "pos":"25","avgPx":"3000","markPx":"3010","liqPx":"","lever":"3","mgnMode":"cross"}])");
  auto read = client_->ReadAccount(Creds("ok-key", "ok-secret", "ok-pass"));
  ASSERT_TRUE(read.ok()) << read.error().message;
  ASSERT_EQ(read->positions.size(), 1u);
  EXPECT_DOUBLE_EQ(read->positions[0].size, 2.5);  // 25 contracts of 0.1 ETH
  auto paths = fake_.paths();
  EXPECT_EQ(std::count(paths.begin(), paths.end(), "/api/v5/public/instruments"), 2);
}

TEST_F(OkxLoopback, EveryErrorClass) {
  EXPECT_EQ(client_->ReadAccount(Creds("ok-key", "wrong", "ok-pass")).error().code,
            ErrorCode::kBadSignature);
  EXPECT_EQ(client_->ReadAccount(Creds("ok-key", "ok-secret", "wrong")).error().code,
            ErrorCode::kBadSignature);
  EXPECT_EQ(client_->ReadAccount(Creds("nobody", "ok-secret", "ok-pass")).error().code,
            ErrorCode::kInvalidKey);
  fake_.FailNext(200, R"({"msg":"API key doesn't have permission","code":"50120"})");
  EXPECT_EQ(client_->ReadAccount(Creds("ok-key", "ok-secret", "ok-pass")).error().code,
            ErrorCode::kMissingPermission);
  fake_.BindIp("ok-key", "203.0.113.9");
  EXPECT_EQ(client_->ReadAccount(Creds("ok-key", "ok-secret", "ok-pass")).error().code,
            ErrorCode::kIpNotAllowed);
  fake_.BindIp("ok-key", "");
  fake_.FailNext(429, R"({"msg":"Too Many Requests","code":"50011"})");
  EXPECT_EQ(client_->ReadAccount(Creds("ok-key", "ok-secret", "ok-pass")).error().code,
            ErrorCode::kRateLimited);
  fake_.FailNext(503, "Service Unavailable");
  EXPECT_EQ(client_->ReadAccount(Creds("ok-key", "ok-secret", "ok-pass")).error().code,
            ErrorCode::kUnavailable);
  // Per-account limits: a 429 here does not keep other accounts away.
  EXPECT_EQ(state_.budget.banned_until_ms(), 0);
}

TEST_F(OkxLoopback, ResyncsTheClockOnceOnATimestampError) {
  fake_.SetClockOffsetMs(-90'000);
  auto read = client_->ReadAccount(Creds("ok-key", "ok-secret", "ok-pass"));
  ASSERT_TRUE(read.ok()) << read.error().message;
  auto paths = fake_.paths();
  EXPECT_EQ(std::count(paths.begin(), paths.end(), "/api/v5/public/time"), 1);
}

TEST_F(OkxLoopback, ResyncsOnlyOnce) {
  fake_.FailNext(401, Sample("okx-error-timestamp.json"), 2);
  auto read = client_->ReadAccount(Creds("ok-key", "ok-secret", "ok-pass"));
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, ErrorCode::kClockSkew);
  auto paths = fake_.paths();
  EXPECT_EQ(std::count(paths.begin(), paths.end(), "/api/v5/public/time"), 1);
  EXPECT_EQ(std::count(paths.begin(), paths.end(), "/api/v5/account/positions"), 2);
}

TEST(OkxOracle, CcxtReadsTheSamePositions) {
  const std::string body = R"({"code":"0","msg":"","data":[
    {"instType":"SWAP","instId":"ETH-USDT-SWAP","posSide":"net","pos":"-30","avgPx":"3000","markPx":"2900",
     "liqPx":"","lever":"5","mgnMode":"isolated","margin":"1800","mmr":"34.8","upl":"300","uTime":"1700000000000",
     "cTime":"1700000000000","notionalUsd":"8700","imr":"","mgnRatio":"","ccy":"USDT"},
    {"instType":"SWAP","instId":"BTC-USDT-SWAP","posSide":"long","pos":"3","avgPx":"60000","markPx":"61000",
     "liqPx":"30200.5","lever":"2","mgnMode":"cross","margin":"","mmr":"7.3","upl":"30","uTime":"1700000000000",
     "cTime":"1700000000000","notionalUsd":"1830","imr":"915","mgnRatio":"40","ccy":"USDT"}]})";
  for (const std::string& positions : {body, Sample("okx-positions-swap-assembled.json")}) {
    auto baro = ParsePositions(positions, Sizes(Sample("okx-instruments-swap.json")), "main");
    ASSERT_TRUE(baro.ok()) << baro.error().message;
    auto oracle = testing::CcxtParsePositions("okx", DataOf(positions),
                                              DataOf(Sample("okx-instruments-swap.json")));
    if (!oracle && oracle.error().code == ErrorCode::kUnavailable)
      GTEST_SKIP() << oracle.error().message;
    ASSERT_TRUE(oracle.ok()) << oracle.error().message;
    ASSERT_EQ(oracle->size(), baro->size());
    for (std::size_t i = 0; i < baro->size(); ++i) {
      const Position& p = (*baro)[i];
      const auto& o = (*oracle)[i];
      SCOPED_TRACE(p.symbol);
      EXPECT_EQ(o.symbol, p.base + "/" + p.quote + ":" + p.quote);
      EXPECT_EQ(o.side, ToString(p.side));
      EXPECT_NEAR(o.BaseSize(), p.size, 1e-12);
      EXPECT_DOUBLE_EQ(o.entry_price.value_or(-1), p.entry_price);
      EXPECT_DOUBLE_EQ(o.mark_price.value_or(-1), p.mark_price);
      EXPECT_EQ(o.liquidation_price.has_value(), p.liquidation_price.has_value());
      if (o.liquidation_price && p.liquidation_price) {
        EXPECT_DOUBLE_EQ(*o.liquidation_price, *p.liquidation_price);
      }
      EXPECT_EQ(o.margin_mode, ToString(p.margin_mode));
    }
  }
}

}  // namespace
}  // namespace baro::exchanges::okx
