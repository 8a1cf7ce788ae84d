// Bitget v2: signing for fixed inputs, parses of recorded bodies with their edge cases, every error
// class against the signature-checking fake, the clock resync, the permission verdicts, and CCXT
// as an oracle on the same position bodies.
#include "exchanges/bitget/bitget_client.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/clock.h"
#include "exchanges/oracle/ccxt_oracle.h"
#include "exchanges/venue_test_support.h"
#include "fakes/exchanges/fake_bitget.h"

namespace baro::exchanges::bitget {
namespace {

using venue_tests::DataOf;

std::string Sample(const std::string& name) {
  return venue_tests::VenueSample("bitget", name);
}

TEST(BitgetSigning, ComputedVector) {
  auto v = boost::json::parse(Sample("bitget-signing-vectors.json")).as_array().at(0).as_object();
  const std::string payload(v.at("payload").as_string());
  // payload = timestamp + "GET" + path + "?" + query
  const std::string ts = payload.substr(0, 13);
  const std::string rest = payload.substr(16);
  const std::string path = rest.substr(0, rest.find('?'));
  const std::string query = rest.substr(rest.find('?') + 1);
  EXPECT_EQ(Sign(ts, "GET", path, query, SecretBytes(std::string_view(v.at("secret").as_string()))),
            std::string(v.at("signature").as_string()));
}

TEST(BitgetParse, RecordedCrossHedgeAndIsolatedPositions) {
  auto cross = ParseAllPosition(Sample("bitget-all-position.json"), "main");
  ASSERT_TRUE(cross.ok()) << cross.error().message;
  ASSERT_EQ(cross->size(), 1u);
  const Position& s = (*cross)[0];
  EXPECT_EQ(s.symbol, "BTCUSDT");
  EXPECT_EQ(s.base, "BTC");
  EXPECT_EQ(s.side, Side::kShort);
  EXPECT_DOUBLE_EQ(s.size, 0.0155);
  EXPECT_DOUBLE_EQ(s.entry_price, 88505.233333333333);
  EXPECT_EQ(s.margin_mode, MarginMode::kCross);
  EXPECT_DOUBLE_EQ(*s.liquidation_price, 5737867.8639926850760812) << "reported as the venue says";
  EXPECT_DOUBLE_EQ(*s.maintenance_margin_rate, 0.004);
  auto isolated = ParseAllPosition(Sample("bitget-all-position-isolated.json"), "main");
  ASSERT_TRUE(isolated.ok());
  ASSERT_EQ(isolated->size(), 1u);
  EXPECT_EQ((*isolated)[0].margin_mode, MarginMode::kIsolated);
  EXPECT_NEAR(*(*isolated)[0].isolated_margin, 9.6695050093373343, 1e-12);
  EXPECT_EQ((*isolated)[0].side, Side::kLong);
}

TEST(BitgetParse, NoLiquidationPriceNumbersAndEmptyRows) {
  auto parsed = ParseAllPosition(R"({"code":"00000","data":[
    {"symbol":"ETHUSDT","marginCoin":"USDT","holdSide":"long","total":"2","openPriceAvg":"3000","markPrice":"3100",
     "liquidationPrice":"0","leverage":"3","marginMode":"crossed","unrealizedPL":"200"},
    {"symbol":"SOLUSDT","marginCoin":"USDT","holdSide":"short","total":15,"openPriceAvg":150,"markPrice":140,
     "liquidationPrice":-1,"leverage":5,"marginMode":"isolated","marginSize":450},
    {"symbol":"XRPUSDT","marginCoin":"USDT","holdSide":"long","total":"0","openPriceAvg":"0.5","markPrice":"0.5"}]})",
                                 "main");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_FALSE((*parsed)[0].liquidation_price.has_value()) << "0 means none";
  EXPECT_FALSE((*parsed)[1].liquidation_price.has_value()) << "below 0 means none";
  EXPECT_DOUBLE_EQ((*parsed)[1].size, 15);
  EXPECT_TRUE(ParseAllPosition(R"({"code":"00000","data":[]})", "m")->empty());
  EXPECT_EQ(ParseAllPosition(R"({"code":"00000","data":null})", "m").error().code,
            ErrorCode::kBadResponse);
}

// An update time no clock can show (found by bitget_parsers_fuzz: 1.69e20 overflowed the
// conversion) reads as "not given" (0), and the position is still read.
TEST(BitgetParse, AnImpossibleUpdateTimeIsNoTime) {
  auto parsed = ParseAllPosition(R"({"code":"00000","data":[
    {"symbol":"ETHUSDT","marginCoin":"USDT","holdSide":"long","total":"2","openPriceAvg":"3000",
     "markPrice":"3100","leverage":"3","marginMode":"crossed","uTime":"169138000000000000000"}]})",
                                 "main");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  ASSERT_EQ(parsed->size(), 1u);
  EXPECT_EQ((*parsed)[0].update_time_ms, 0);
}

TEST(BitgetParse, HedgeModeGivesBothSidesOfOneSymbol) {
  auto parsed = ParseAllPosition(R"({"code":"00000","msg":"success","data":[
    {"symbol":"BTCUSDT","marginCoin":"USDT","holdSide":"long","total":"0.5","openPriceAvg":"60000",
     "markPrice":"61000","liquidationPrice":"41000.5","leverage":"10","marginMode":"crossed","posMode":"hedge_mode"},
    {"symbol":"BTCUSDT","marginCoin":"USDT","holdSide":"short","total":"0.2","openPriceAvg":"62000",
     "markPrice":"61000","liquidationPrice":"0","leverage":"10","marginMode":"crossed","posMode":"hedge_mode"}]})",
                                 "main");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[0].side, Side::kLong);
  EXPECT_DOUBLE_EQ((*parsed)[0].size, 0.5);
  EXPECT_DOUBLE_EQ(*(*parsed)[0].liquidation_price, 41000.5);
  EXPECT_EQ((*parsed)[1].side, Side::kShort);
  EXPECT_DOUBLE_EQ((*parsed)[1].size, 0.2);
  EXPECT_DOUBLE_EQ((*parsed)[1].notional, 0.2 * 61000);
}

TEST(BitgetParse, AccountsInBarosConvention) {
  auto recorded = ParseAccounts(Sample("bitget-accounts-list.json"));
  ASSERT_TRUE(recorded.ok()) << recorded.error().message;
  EXPECT_DOUBLE_EQ(*recorded->margin_ratio, 0);
  auto single = ParseAccounts(Sample("bitget-account-single.json"));
  ASSERT_TRUE(single.ok()) << single.error().message;
  EXPECT_DOUBLE_EQ(single->equity, -4767.74182959);
  EXPECT_DOUBLE_EQ(single->available_balance, 82755.86971252);
  EXPECT_DOUBLE_EQ(*single->margin_ratio, 0.002850528048353);
  auto a = ParseAccounts(
      R"({"code":"00000","data":[{"marginCoin":"USDC","accountEquity":"5"},{"marginCoin":"USDT","accountEquity":"1000","crossedMaxAvailable":"800","crossedRiskRate":"0.25"}]})");
  ASSERT_TRUE(a.ok());
  EXPECT_DOUBLE_EQ(a->equity, 1000);
  EXPECT_DOUBLE_EQ(a->available_balance, 800);
  EXPECT_DOUBLE_EQ(*a->margin_ratio, 0.25);
  EXPECT_DOUBLE_EQ(a->maintenance_margin, 250);
  EXPECT_EQ(ParseAccounts(R"({"code":"00000","data":[{"marginCoin":"USDC"}]})").error().code,
            ErrorCode::kBadResponse)
      << "no USDT futures account";
}

TEST(BitgetPermissions, RefusesWriteAuthoritiesNamingThem) {
  auto recorded = ParseSpotAccountInfo(Sample("bitget-spot-account-info.json"));
  ASSERT_TRUE(recorded.ok());
  EXPECT_EQ(recorded->verdict, KeyVerdict::kRefused);
  EXPECT_EQ(recorded->turn_off, (std::vector<std::string>{"Trade (read-write)"}));
  EXPECT_TRUE(recorded->ip_restricted);
  auto withdraw = ParseSpotAccountInfo(
      R"({"code":"00000","data":{"authorities":["cpor","coor","wwow","wtow"],"ips":""}})");
  EXPECT_EQ(withdraw->verdict, KeyVerdict::kRefused);
  EXPECT_EQ(withdraw->turn_off, (std::vector<std::string>{"Wallet withdrawal", "Wallet transfer"}));
  auto read = ParseSpotAccountInfo(
      R"({"code":"00000","data":{"authorities":["cpor","coor","stor","readonly"],"ips":""}})");
  EXPECT_EQ(read->verdict, KeyVerdict::kAccepted);
  EXPECT_FALSE(read->ip_restricted);
  EXPECT_EQ(read->permissions_found,
            (std::vector<std::string>{"cpor", "coor", "stor", "readonly"}));
  auto newer = ParseSpotAccountInfo(
      R"({"code":"00000","data":{"authorities":["cpor","coow","xyzw"],"ips":""}})");
  EXPECT_EQ(newer->verdict, KeyVerdict::kRefused);
  EXPECT_EQ(newer->turn_off, (std::vector<std::string>{"Futures orders (read-write)", "xyzw"}))
      << "an unknown read-write authority is named as Bitget names it";
  EXPECT_EQ(ParseSpotAccountInfo(R"({"code":"00000","data":null})").error().code,
            ErrorCode::kBadResponse);
}

TEST(BitgetPermissions, AllowListRefusesUnknownAndMissingAuthorities) {
  // Read-only authorities per bitget.com/api-doc/spot/account/Get-Account-Info: coor, cpor, stor,
  // smor, ttor, wtor, taxr, chor, p2pr, pllr (and "readonly" in the page's example).
  auto all_read = ParseSpotAccountInfo(
      R"({"code":"00000","data":{"authorities":["coor","cpor","stor","smor","ttor","wtor","taxr","chor","p2pr","pllr"],"ips":""}})");
  EXPECT_EQ(all_read->verdict, KeyVerdict::kAccepted);
  auto unknown = ParseSpotAccountInfo(
      R"({"code":"00000","data":{"authorities":["cpor","futr","optx"],"ips":""}})");
  EXPECT_EQ(unknown->verdict, KeyVerdict::kRefused) << "a name not known to be read-only";
  EXPECT_EQ(unknown->turn_off, (std::vector<std::string>{"futr", "optx"}));
  auto missing = ParseSpotAccountInfo(R"({"code":"00000","data":{"ips":""}})");
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->verdict, KeyVerdict::kRefused) << "no authorities field";
  ASSERT_EQ(missing->turn_off.size(), 1u);
  EXPECT_NE(missing->turn_off[0].find("authorities"), std::string::npos);
  EXPECT_EQ(ParseSpotAccountInfo(R"({"code":"00000","data":{"authorities":[],"ips":""}})")->verdict,
            KeyVerdict::kRefused);
  EXPECT_EQ(ParseSpotAccountInfo(R"({"code":"00000","data":{"authorities":"readonly","ips":""}})")
                ->verdict,
            KeyVerdict::kRefused)
      << "authorities that are not a list";
}

TEST(BitgetErrors, MapToTheSmallSet) {
  auto code = [](int status, const std::string& body) { return MapError(status, body)->code; };
  EXPECT_FALSE(MapError(200, R"({"code":"00000","msg":"success","data":[]})").has_value());
  EXPECT_EQ(code(400, Sample("bitget-error-bad-signature.json")), ErrorCode::kBadSignature);
  EXPECT_EQ(code(400, R"({"code":"40012","msg":"apikey/password is incorrect"})"),
            ErrorCode::kBadSignature);
  EXPECT_EQ(code(400, R"({"code":"40006","msg":"Invalid ACCESS_KEY"})"), ErrorCode::kInvalidKey);
  EXPECT_EQ(code(400, R"({"code":"40008","msg":"Request timestamp expired"})"),
            ErrorCode::kClockSkew);
  EXPECT_EQ(code(400, R"({"code":"40018","msg":"Invalid IP"})"), ErrorCode::kIpNotAllowed);
  EXPECT_EQ(code(400, R"({"code":"40014","msg":"Incorrect permissions"})"),
            ErrorCode::kMissingPermission);
  EXPECT_EQ(code(429, R"({"code":"429","msg":"Too many requests"})"), ErrorCode::kRateLimited);
  EXPECT_EQ(code(502, "Bad Gateway"), ErrorCode::kUnavailable);
  EXPECT_EQ(code(200, "<html>"), ErrorCode::kBadResponse);
}

class BitgetLoopback : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fake_.Start());
    fake_.AddKey("bg-key", "bg-secret", "bg-pass", R"({"authorities":["cpor","coor"],"ips":""})");
    fake_.SetPositions("bg-key", DataOf(Sample("bitget-all-position.json")));
    client_ = std::make_unique<BitgetClient>(*net::ParseUrl(fake_.BaseUrl()), link_);
  }
  Credentials Creds(const std::string& k, const std::string& s, const std::string& p) {
    return venue_tests::KeyCredentials(k, s, p);
  }
  fakes::FakeBitget fake_;
  net::HttpClient http_;
  VenueState state_;
  VenueLink link_{http_, state_, SystemClock::Instance()};
  std::unique_ptr<BitgetClient> client_;
};

TEST_F(BitgetLoopback, ReadsPositionsAndAccountWithVerifiedSignatures) {
  auto read = client_->ReadAccount(Creds("bg-key", "bg-secret", "bg-pass"));
  ASSERT_TRUE(read.ok()) << read.error().message;
  ASSERT_EQ(read->positions.size(), 1u);
  EXPECT_DOUBLE_EQ(read->account->equity, 2000);
  auto verdict = client_->CheckPermissions(Creds("bg-key", "bg-secret", "bg-pass"));
  ASSERT_TRUE(verdict.ok()) << verdict.error().message;
  EXPECT_EQ(verdict->verdict, KeyVerdict::kAccepted);
}

// USDC-FUTURES are margined apart from USDT-FUTURES: read, with their own account;
// COIN-FUTURES are not read and are counted.
TEST_F(BitgetLoopback, ReadsUsdcFuturesAsTheirOwnAccountAndCountsCoinFutures) {
  fake_.SetPositions(
      "bg-key",
      R"([{"marginCoin":"USDC","symbol":"BTCPERP","holdSide":"long","total":"0.5","openPriceAvg":"60000",
          "markPrice":"61000","liquidationPrice":"40000","leverage":"10","marginMode":"crossed","unrealizedPL":"500"}])",
      "USDC-FUTURES");
  fake_.SetAccounts(
      "bg-key",
      R"([{"marginCoin":"USDC","accountEquity":"3000","available":"2500","crossedMaxAvailable":"2500","crossedRiskRate":"0.02"}])",
      "USDC-FUTURES");
  fake_.SetPositions(
      "bg-key",
      R"([{"marginCoin":"BTC","symbol":"BTCUSD","holdSide":"short","total":"100","openPriceAvg":"60000","markPrice":"61000","marginMode":"crossed"},
          {"marginCoin":"ETH","symbol":"ETHUSD","holdSide":"long","total":"50","openPriceAvg":"3000","markPrice":"3100","marginMode":"isolated","marginSize":"1"}])",
      "COIN-FUTURES");
  auto read = client_->ReadAccount(Creds("bg-key", "bg-secret", "bg-pass"));
  ASSERT_TRUE(read.ok()) << read.error().message;
  ASSERT_EQ(read->positions.size(), 2u);
  const Position& usdc = read->positions[1];
  EXPECT_EQ(usdc.symbol, "BTCPERP");
  EXPECT_EQ(usdc.base, "BTC");
  EXPECT_EQ(usdc.quote, "USDC");
  EXPECT_EQ(usdc.margin_account, "USDC");
  EXPECT_EQ(read->positions[0].margin_account, "");
  ASSERT_EQ(read->other_accounts.size(), 1u);
  EXPECT_EQ(read->other_accounts[0].name, "USDC");
  EXPECT_DOUBLE_EQ(read->other_accounts[0].equity, 3000);
  EXPECT_DOUBLE_EQ(*read->other_accounts[0].margin_ratio, 0.02);
  ASSERT_EQ(read->gaps.size(), 1u);
  EXPECT_EQ(read->gaps[0].product, "COIN-FUTURES");
  EXPECT_EQ(read->gaps[0].positions, 2);
  EXPECT_TRUE(read->gaps[0].error.empty());
}

TEST_F(BitgetLoopback, EveryErrorClass) {
  EXPECT_EQ(client_->ReadAccount(Creds("bg-key", "wrong", "bg-pass")).error().code,
            ErrorCode::kBadSignature);
  EXPECT_EQ(client_->ReadAccount(Creds("bg-key", "bg-secret", "wrong")).error().code,
            ErrorCode::kBadSignature);
  EXPECT_EQ(client_->ReadAccount(Creds("nobody", "bg-secret", "bg-pass")).error().code,
            ErrorCode::kInvalidKey);
  fake_.BindIp("bg-key", "203.0.113.9");
  EXPECT_EQ(client_->ReadAccount(Creds("bg-key", "bg-secret", "bg-pass")).error().code,
            ErrorCode::kIpNotAllowed);
  fake_.BindIp("bg-key", "");
  fake_.FailNext(400,
                 R"({"code":"40014","msg":"Incorrect permissions","requestTime":1,"data":null})");
  EXPECT_EQ(client_->ReadAccount(Creds("bg-key", "bg-secret", "bg-pass")).error().code,
            ErrorCode::kMissingPermission);
  fake_.FailNext(429, R"({"code":"429","msg":"Too many requests","requestTime":1,"data":null})");
  EXPECT_EQ(client_->ReadAccount(Creds("bg-key", "bg-secret", "bg-pass")).error().code,
            ErrorCode::kRateLimited);
  fake_.FailNext(503, "Service Unavailable");
  EXPECT_EQ(client_->ReadAccount(Creds("bg-key", "bg-secret", "bg-pass")).error().code,
            ErrorCode::kUnavailable);
}

TEST_F(BitgetLoopback, ResyncsTheClockOnceOnATimestampError) {
  fake_.SetClockOffsetMs(120'000);
  auto read = client_->ReadAccount(Creds("bg-key", "bg-secret", "bg-pass"));
  ASSERT_TRUE(read.ok()) << read.error().message;
  auto paths = fake_.paths();
  EXPECT_EQ(std::count(paths.begin(), paths.end(), "/api/v2/public/time"), 1);
}

TEST(BitgetBudget, ATooManyRequestsAnswerKeepsTheAddressAwayUntilTheBanEnds) {
  EXPECT_EQ(PublishedAddressLimit(Venue::kBitget).weight_per_window, 6000);
  EXPECT_EQ(PublishedAddressLimit(Venue::kBitget).window_ms, 60'000);
  fakes::FakeBitget fake;
  ASSERT_TRUE(fake.Start());
  fake.AddKey("bg-key", "bg-secret", "bg-pass", R"({"authorities":["cpor"],"ips":""})");
  net::HttpClient http;
  VenueState state(PublishedAddressLimit(Venue::kBitget));
  VenueLink link(http, state, SystemClock::Instance());
  BitgetClient client(*net::ParseUrl(fake.BaseUrl()), link);
  const auto creds = venue_tests::KeyCredentials("bg-key", "bg-secret", "bg-pass");
  ASSERT_TRUE(client.ReadAccount(creds).ok());
  EXPECT_EQ(state.budget.used_in_window(SystemClock::Instance().NowMs()), 4)
      << "one read without USDC positions is four requests (USDT positions and account, USDC "
         "and COIN positions) against the address's 6000 a minute";
  fake.FailNext(429, R"({"code":"429","msg":"Too many requests","requestTime":1,"data":null})");
  EXPECT_EQ(client.ReadAccount(creds).error().code, ErrorCode::kRateLimited);
  const std::size_t sent = fake.paths().size();
  auto held = client.ReadAccount(creds);
  ASSERT_FALSE(held.ok());
  EXPECT_EQ(held.error().code, ErrorCode::kRateLimited);
  EXPECT_GT(held.error().retry_after_ms, 0);
  EXPECT_EQ(fake.paths().size(), sent) << "nothing is sent while the ban lasts";
}

TEST_F(BitgetLoopback, ResyncsOnlyOnce) {
  fake_.FailNext(
      400, R"({"code":"40008","msg":"Request timestamp expired","requestTime":1,"data":null})", 2);
  auto read = client_->ReadAccount(Creds("bg-key", "bg-secret", "bg-pass"));
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, ErrorCode::kClockSkew);
  auto paths = fake_.paths();
  EXPECT_EQ(std::count(paths.begin(), paths.end(), "/api/v2/public/time"), 1);
  EXPECT_EQ(std::count(paths.begin(), paths.end(), "/api/v2/mix/position/all-position"), 2);
}

TEST_F(BitgetLoopback, RefusedKeyNamesWhatToTurnOff) {
  fake_.AddKey("trader", "t-secret", "t-pass",
               R"({"authorities":["cpor","cpow","wwow"],"ips":"198.51.100.4"})");
  auto verdict = client_->CheckPermissions(Creds("trader", "t-secret", "t-pass"));
  ASSERT_TRUE(verdict.ok()) << verdict.error().message;
  EXPECT_EQ(verdict->verdict, KeyVerdict::kRefused);
  EXPECT_EQ(verdict->turn_off,
            (std::vector<std::string>{"Futures holdings (read-write)", "Wallet withdrawal"}));
  EXPECT_TRUE(verdict->ip_restricted);
  // A refused key is never used for a futures read.
  auto paths = fake_.paths();
  EXPECT_EQ(std::count(paths.begin(), paths.end(), "/api/v2/mix/position/all-position"), 0);
}

TEST_F(BitgetLoopback, AKeyThatCannotShowItsAuthoritiesIsNotAccepted) {
  fake_.DenyPath("bg-key", "/api/v2/spot/account/info");
  auto verdict = client_->CheckPermissions(Creds("bg-key", "bg-secret", "bg-pass"));
  ASSERT_FALSE(verdict.ok());
  EXPECT_EQ(verdict.error().code, ErrorCode::kMissingPermission);
  EXPECT_NE(verdict.error().message.find("Spot read"), std::string::npos);
}

TEST_F(BitgetLoopback, AKeyThatCannotReadFuturesIsNotAccepted) {
  // The authorities look read-only, but the futures read itself is refused.
  fake_.AddKey("spot-only", "s-secret", "s-pass", R"({"authorities":["stor"],"ips":""})");
  fake_.DenyPath("spot-only", "/api/v2/mix/position/all-position");
  auto verdict = client_->CheckPermissions(Creds("spot-only", "s-secret", "s-pass"));
  ASSERT_FALSE(verdict.ok());
  EXPECT_EQ(verdict.error().code, ErrorCode::kMissingPermission);
}

TEST(BitgetOracle, CcxtReadsTheSamePositions) {
  for (const char* name : {"bitget-all-position.json", "bitget-all-position-isolated.json"}) {
    SCOPED_TRACE(name);
    const std::string body = Sample(name);
    auto baro = ParseAllPosition(body, "main");
    ASSERT_TRUE(baro.ok());
    // CCXT builds Bitget's markets inside fetchMarkets, with a contract size of 1 (sizes are in
    // the base coin): given here in its unified form.
    testing::OracleInput input{"bitget", DataOf(body)};
    input.unified_markets_json =
        R"([{"id":"BTCUSDT","symbol":"BTC/USDT:USDT","base":"BTC","quote":"USDT",
      "settle":"USDT","baseId":"BTC","quoteId":"USDT","settleId":"USDT","type":"swap","spot":false,
      "margin":false,"swap":true,"future":false,"option":false,"active":true,"contract":true,
      "linear":true,"inverse":false,"contractSize":1,"precision":{"amount":0.0001,"price":0.1},
      "limits":{},"info":{}}])";
    auto oracle = testing::CcxtParsePositions(input);
    if (!oracle && oracle.error().code == ErrorCode::kUnavailable)
      GTEST_SKIP() << oracle.error().message;
    ASSERT_TRUE(oracle.ok()) << oracle.error().message;
    ASSERT_EQ(oracle->size(), baro->size());
    for (std::size_t i = 0; i < baro->size(); ++i) {
      const Position& p = (*baro)[i];
      const auto& o = (*oracle)[i];
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
}  // namespace baro::exchanges::bitget
