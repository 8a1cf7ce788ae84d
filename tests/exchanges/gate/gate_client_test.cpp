// Gate v4 USDT futures: signing for fixed inputs, parses of recorded bodies with their edge cases
// (signed contract sizes as numbers and strings, cross as leverage "0", no liquidation price),
// every error class against the signature-checking fake, the clock resync, the unverified verdict,
// and CCXT as an oracle on the same position bodies.
#include "exchanges/gate/gate_client.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/clock.h"
#include "exchanges/oracle/ccxt_oracle.h"
#include "exchanges/signing.h"
#include "exchanges/venue_test_support.h"
#include "fakes/exchanges/fake_gate.h"

namespace baro::exchanges::gate {
namespace {

using venue_tests::DataOf;

std::string Sample(const std::string& name) {
  return venue_tests::VenueSample("gate", name);
}

ContractSize Sizes() {
  return venue_tests::SizesFrom(ParseContracts(Sample("gate-contracts.json")));
}

TEST(GateSigning, EmptyBodyHashAndComputedVectors) {
  const auto vectors = boost::json::parse(Sample("gate-signing-vectors.json"));
  const auto& list = vectors.as_array();
  EXPECT_EQ(Sha512Hex(""), std::string(list.at(0).at("value").as_string()));
  EXPECT_EQ(Sign("GET", "/api/v4/futures/usdt/positions", "holding=true", "", "1700000000",
                 SecretBytes(std::string_view("gate-test-secret"))),
            std::string(list.at(1).at("signature").as_string()));
  EXPECT_EQ(Sign("GET", "/api/v4/futures/usdt/accounts", "", "", "1700000000",
                 SecretBytes(std::string_view("gate-test-secret"))),
            std::string(list.at(2).at("signature").as_string()));
}

TEST(GateParse, RecordedCrossPositionInBaseUnits) {
  auto positions = ParsePositions(Sample("gate-positions.json"), Sizes(), "main");
  ASSERT_TRUE(positions.ok()) << positions.error().message;
  ASSERT_EQ(positions->size(), 1u);
  const Position& p = (*positions)[0];
  EXPECT_EQ(p.symbol, "BTC_USDT");
  EXPECT_EQ(p.base, "BTC");
  EXPECT_EQ(p.side, Side::kLong);
  EXPECT_DOUBLE_EQ(p.size, 0.0001);  // one contract of 0.0001 BTC
  EXPECT_DOUBLE_EQ(p.entry_price, 46030.3);
  EXPECT_FALSE(p.liquidation_price.has_value()) << "\"0\" means none, never 0";
  EXPECT_EQ(p.margin_mode, MarginMode::kCross) << "leverage \"0\" is cross";
  EXPECT_DOUBLE_EQ(p.notional, 4.60516);
  EXPECT_EQ(p.update_time_ms, 1705034246000) << "Gate's times are seconds";
}

TEST(GateParse, ShortsIsolatedDecimalSizesAndDualMode) {
  auto positions = ParsePositions(R"([
    {"contract":"ETH_USDT","size":"-250","mode":"single","leverage":"10","entry_price":"2600","mark_price":"2500.5",
     "liq_price":"2850.25","margin":"650","value":"6251.25","maintenance_rate":"0.005","unrealised_pnl":"248.75",
     "update_time":1705034246},
    {"contract":"BTC_USDT","size":3,"mode":"dual_short","leverage":"0","cross_leverage_limit":"20",
     "entry_price":"46000","mark_price":"46051.6","liq_price":"0","value":"13.8","unrealised_pnl":"-0.01"},
    {"contract":"BTC_USDT","size":0,"mode":"single","leverage":"0"}])",
                                  Sizes(), "main");
  ASSERT_TRUE(positions.ok()) << positions.error().message;
  ASSERT_EQ(positions->size(), 2u);
  const Position& eth = (*positions)[0];
  EXPECT_EQ(eth.side, Side::kShort);
  EXPECT_DOUBLE_EQ(eth.size, 2.5);
  EXPECT_EQ(eth.margin_mode, MarginMode::kIsolated);
  EXPECT_DOUBLE_EQ(*eth.isolated_margin, 650);
  EXPECT_DOUBLE_EQ(*eth.liquidation_price, 2850.25);
  EXPECT_DOUBLE_EQ(eth.leverage, 10);
  const Position& btc = (*positions)[1];
  EXPECT_EQ(btc.side, Side::kShort) << "dual_short names the side";
  EXPECT_DOUBLE_EQ(btc.leverage, 20);
  EXPECT_EQ(ParsePositions(R"([{"contract":"NEW_USDT","size":1}])", Sizes(), "m").error().code,
            ErrorCode::kBadResponse);
  EXPECT_EQ(ParsePositions(R"({"label":"X"})", Sizes(), "m").error().code, ErrorCode::kBadResponse);
}

// Gate's own example for GET /futures/{settle}/positions (gate.com/docs/developers/apiv4 "Get user
// position list"): a cross short whose liquidation price is the sentinel "99999999".
constexpr const char* kDocExamplePositions = R"([{"user":10000,"contract":"BTC_USDT","size":-9440,
  "leverage":"0","risk_limit":"100","leverage_max":"100","maintenance_rate":"0.005","value":"3568.62",
  "margin":"4.431548146258","entry_price":"3779.55","liq_price":"99999999","mark_price":"3780.32",
  "unrealised_pnl":"-0.000507486844","realised_pnl":"0.045543982432","pnl_pnl":"0.045543982432","pnl_fund":"0",
  "pnl_fee":"0","history_pnl":"0","last_close_pnl":"0","realised_point":"0","history_point":"0","adl_ranking":5,
  "pending_orders":16,"close_order":{"id":232323,"price":"3779","is_liq":false},"mode":"single",
  "update_time":1684994406,"update_id":1,"cross_leverage_limit":"0","risk_limit_table":"BIG_HOT_COIN_50X_V2",
  "average_maintenance_rate":"0.005"}])";

TEST(GateParse, NoLiquidationSentinelAndReportedMaintenanceMargin) {
  auto positions = ParsePositions(kDocExamplePositions, Sizes(), "main");
  ASSERT_TRUE(positions.ok()) << positions.error().message;
  ASSERT_EQ(positions->size(), 1u);
  const Position& p = (*positions)[0];
  EXPECT_EQ(p.side, Side::kShort);
  EXPECT_DOUBLE_EQ(p.size, 0.944);  // 9440 contracts of 0.0001 BTC
  EXPECT_FALSE(p.liquidation_price.has_value()) << "\"99999999\" means none";
  EXPECT_EQ(p.margin_mode, MarginMode::kCross);
  EXPECT_NEAR(*p.maintenance_margin, 0.005 * 3568.62, 1e-9) << "rate × value when not reported";
  EXPECT_EQ(p.update_time_ms, 1684994406000);

  auto reported = ParsePositions(
      R"([{"contract":"ETH_USDT","size":"10","leverage":"5","entry_price":"2500","mark_price":"2400",
           "liq_price":"2050.5","value":"240","margin":"50","maintenance_rate":"0.005",
           "maintenance_margin":"1.38","unrealised_pnl":"-10","mode":"dual_long","update_time":1705034246}])",
      Sizes(), "main");
  ASSERT_TRUE(reported.ok()) << reported.error().message;
  ASSERT_EQ(reported->size(), 1u);
  EXPECT_DOUBLE_EQ(*(*reported)[0].maintenance_margin, 1.38) << "Gate's own requirement first";
  EXPECT_DOUBLE_EQ(*(*reported)[0].maintenance_margin_rate, 0.005);
  EXPECT_DOUBLE_EQ(*(*reported)[0].liquidation_price, 2050.5);
  EXPECT_EQ((*reported)[0].side, Side::kLong) << "dual_long names the side";
  EXPECT_DOUBLE_EQ((*reported)[0].size, 0.1);  // a decimal string of contracts
}

TEST(GateParse, PageQuery) {
  EXPECT_EQ(PositionsPageQuery(0), "holding=true&limit=100&offset=0");
  EXPECT_EQ(PositionsPageQuery(200), "holding=true&limit=100&offset=200");
}

TEST(GateParse, AccountsOldAndCrossShapes) {
  auto old_shape = ParseAccounts(Sample("gate-futures-accounts.json"));
  ASSERT_TRUE(old_shape.ok()) << old_shape.error().message;
  EXPECT_NEAR(old_shape->equity, 12.51345151332 + 13.315100000006, 1e-9);
  EXPECT_FALSE(old_shape->margin_ratio.has_value());
  auto cross = ParseAccounts(
      R"({"total":"1000","unrealised_pnl":"-50","available":"700","currency":"USDT","cross_maintenance_margin":"95","cross_margin_balance":"950"})");
  ASSERT_TRUE(cross.ok());
  EXPECT_DOUBLE_EQ(*cross->margin_ratio, 0.1);
  EXPECT_DOUBLE_EQ(cross->maintenance_margin, 95);
}

TEST(GateParse, ClassicAccountCrossFiguresLeaveIsolatedMarginOut) {
  // A classic account whose maintenance_margin comes as "0": total 1000 holds an isolated ETH
  // position's 200 of margin (uPnL -20) and a cross BTC position (uPnL +50, requirement 40).
  // By hand: cross wallet = 1000 - 200 = 800; cross uPnL = 30 - (-20) = 50; equity 850;
  // requirement 40; ratio 40 / 850.
  Position isolated;
  isolated.margin_mode = MarginMode::kIsolated;
  isolated.isolated_margin = 200;
  isolated.unrealized_pnl = -20;
  Position cross;
  cross.margin_mode = MarginMode::kCross;
  cross.unrealized_pnl = 50;
  cross.maintenance_margin = 40;
  const std::vector<Position> positions{isolated, cross};
  auto a = ParseAccounts(
      R"({"total":"1000","unrealised_pnl":"30","position_margin":"260","available":"740","currency":"USDT","maintenance_margin":"0"})",
      positions);
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_DOUBLE_EQ(*a->cross_wallet_balance, 800);
  EXPECT_DOUBLE_EQ(a->equity, 850);
  EXPECT_DOUBLE_EQ(a->maintenance_margin, 40);
  EXPECT_DOUBLE_EQ(*a->margin_ratio, 40.0 / 850.0) << "not pinned at 0 by the reported \"0\"";
  // The newer cross mode reports its own figures: wallet = balance - cross uPnL = 950 - (-50).
  auto reported = ParseAccounts(
      R"({"total":"1000","unrealised_pnl":"-50","cross_unrealised_pnl":"-50","cross_maintenance_margin":"95","cross_margin_balance":"950"})",
      positions);
  EXPECT_DOUBLE_EQ(reported->equity, 950);
  EXPECT_DOUBLE_EQ(*reported->cross_wallet_balance, 1000);
}

TEST(GateParse, CrossWithoutALeverageLimitUsesTheTiersMaximum) {
  // Gate's own example: leverage "0" (cross), cross_leverage_limit "0", leverage_max "125".
  auto positions = ParsePositions(Sample("gate-positions.json"), Sizes(), "main");
  ASSERT_TRUE(positions.ok());
  EXPECT_DOUBLE_EQ((*positions)[0].leverage, 125) << "not 1x";
}

TEST(GateErrors, MapToTheSmallSet) {
  auto code = [](int status, const std::string& body) { return MapError(status, body)->code; };
  EXPECT_FALSE(MapError(200, "[]").has_value());
  EXPECT_EQ(code(401, Sample("gate-error-invalid-key.json")), ErrorCode::kInvalidKey);
  EXPECT_EQ(code(403, Sample("gate-error-request-expired.json")), ErrorCode::kClockSkew);
  EXPECT_EQ(code(400, Sample("gate-error-missing-header.json")), ErrorCode::kBadSignature);
  EXPECT_EQ(code(401, R"({"label":"INVALID_SIGNATURE","message":"x"})"), ErrorCode::kBadSignature);
  EXPECT_EQ(code(403, R"({"label":"IP_FORBIDDEN","message":"x"})"), ErrorCode::kIpNotAllowed);
  EXPECT_EQ(code(403, R"({"label":"FORBIDDEN","message":"x"})"), ErrorCode::kMissingPermission);
  EXPECT_EQ(code(429, R"({"label":"TOO_MANY_REQUESTS","message":"x"})"), ErrorCode::kRateLimited);
  EXPECT_EQ(code(502, "<html>"), ErrorCode::kUnavailable);
  EXPECT_EQ(code(400, "<html>"), ErrorCode::kBadResponse);
}

// A 429's wait: Retry-After (seconds) when present, else X-Gate-RateLimit-Reset-Timestamp, the
// Unix time in milliseconds when the limit frees (https://www.gate.io/docs/developers/apiv4/
// #rate-limit), else the 10-second window.
TEST(GateErrors, RateLimitWaitsForRetryAfterOrTheResetTimestamp) {
  const std::int64_t now = 1700000000000;  // the venue's clock
  net::HttpResponse r =
      net::HttpResponse::Json(429, R"({"label":"TOO_MANY_REQUESTS","message":"x"})");
  EXPECT_EQ(MapResponse(r, now)->retry_after_ms, 10000) << "no header: the window";
  r.headers.emplace_back("X-Gate-RateLimit-Reset-Timestamp", "1700000004500");
  EXPECT_EQ(MapResponse(r, now)->retry_after_ms, 4500) << "reset 4.5 s after now";
  r.headers.back().second = "1699999999000";
  EXPECT_EQ(MapResponse(r, now)->retry_after_ms, 10000) << "a reset already past: the window";
  r.headers.emplace_back("Retry-After", "2");
  EXPECT_EQ(MapResponse(r, now)->retry_after_ms, 2000) << "Retry-After says it outright";
  EXPECT_FALSE(MapResponse(net::HttpResponse::Json(200, "[]"), now));
}

class GateLoopback : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fake_.Start());
    fake_.AddKey("gt-key", "gt-secret");
    fake_.SetContracts(Sample("gate-contracts.json"));
    fake_.SetPositions("gt-key", Sample("gate-positions.json"));
    client_ = std::make_unique<GateClient>(*net::ParseUrl(fake_.BaseUrl()), link_);
  }
  Credentials Creds(const std::string& k, const std::string& s) {
    return venue_tests::KeyCredentials(k, s);
  }
  fakes::FakeGate fake_;
  net::HttpClient http_;
  VenueState state_;
  VenueLink link_{http_, state_, SystemClock::Instance()};
  std::unique_ptr<GateClient> client_;
};

TEST_F(GateLoopback, ReadsPositionsAndAccountWithVerifiedSignatures) {
  auto read = client_->ReadAccount(Creds("gt-key", "gt-secret"));
  ASSERT_TRUE(read.ok()) << read.error().message;
  ASSERT_EQ(read->positions.size(), 1u);
  EXPECT_DOUBLE_EQ(read->account->equity, 4100);
  EXPECT_TRUE(read->gaps.empty());
}

// BTC-settled (coin-margined) futures are not read; their open positions are counted.
TEST_F(GateLoopback, CountsBtcSettledPositionsItDoesNotRead) {
  fake_.SetBtcPositions("gt-key",
                        R"([{"contract":"BTC_USD","size":-30,"mode":"single","leverage":"0",
                             "entry_price":"60000","mark_price":"61000","liq_price":"0"},
                            {"contract":"ETH_USD","size":0,"mode":"single","leverage":"0"}])");
  auto read = client_->ReadAccount(Creds("gt-key", "gt-secret"));
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read->positions.size(), 1u) << "only the USDT-settled position is read";
  ASSERT_EQ(read->gaps.size(), 1u);
  EXPECT_EQ(read->gaps[0].product, "BTC-settled futures");
  EXPECT_EQ(read->gaps[0].positions, 1) << "holding=true leaves out the empty row";
}

TEST_F(GateLoopback, PermissionsAreUnverifiedAndNoWriteIsEverTried) {
  auto verdict = client_->CheckPermissions(Creds("gt-key", "gt-secret"));
  ASSERT_TRUE(verdict.ok()) << verdict.error().message;
  EXPECT_EQ(verdict->verdict, KeyVerdict::kUnverified);
  for (const auto& path : fake_.paths()) {
    EXPECT_TRUE(path == "/api/v4/futures/usdt/positions" || path == "/api/v4/account/detail")
        << "unexpected request to " << path;
  }
  EXPECT_EQ(client_->CheckPermissions(Creds("gt-key", "wrong")).error().code,
            ErrorCode::kBadSignature);
}

TEST_F(GateLoopback, EveryErrorClass) {
  EXPECT_EQ(client_->ReadAccount(Creds("gt-key", "wrong")).error().code, ErrorCode::kBadSignature);
  EXPECT_EQ(client_->ReadAccount(Creds("nobody", "gt-secret")).error().code,
            ErrorCode::kInvalidKey);
  fake_.BindIp("gt-key", "203.0.113.9");  // not the loopback address the client calls from
  EXPECT_EQ(client_->ReadAccount(Creds("gt-key", "gt-secret")).error().code,
            ErrorCode::kIpNotAllowed);
  fake_.BindIp("gt-key", "");
  fake_.FailNext(429, R"({"label":"TOO_MANY_REQUESTS","message":"Request Rate limit Exceeded"})");
  EXPECT_EQ(client_->ReadAccount(Creds("gt-key", "gt-secret")).error().code,
            ErrorCode::kRateLimited);
  fake_.FailNext(503, "");
  EXPECT_EQ(client_->ReadAccount(Creds("gt-key", "gt-secret")).error().code,
            ErrorCode::kUnavailable);
  fake_.FailNext(400, Sample("gate-error-missing-header.json"));
  EXPECT_EQ(client_->ReadAccount(Creds("gt-key", "gt-secret")).error().code,
            ErrorCode::kBadSignature);
  fake_.FailNext(200, "<html>not json</html>");
  EXPECT_EQ(client_->ReadAccount(Creds("gt-key", "gt-secret")).error().code,
            ErrorCode::kBadResponse);
  fake_.SetNoFuturesAccount("gt-key");
  auto empty = client_->ReadAccount(Creds("gt-key", "gt-secret"));
  ASSERT_TRUE(empty.ok()) << "no futures account reads as an empty account";
  EXPECT_TRUE(empty->positions.empty());
  EXPECT_FALSE(empty->account.has_value());
  auto verdict = client_->CheckPermissions(Creds("gt-key", "gt-secret"));
  ASSERT_TRUE(verdict.ok()) << "a key of a user without futures yet can still be connected";
  EXPECT_EQ(verdict->verdict, KeyVerdict::kUnverified);
}

TEST_F(GateLoopback, AnIpBoundKeyReadsFromItsAddressAndSaysSo) {
  fake_.BindIp("gt-key", "127.0.0.1");
  ASSERT_TRUE(client_->ReadAccount(Creds("gt-key", "gt-secret")).ok());
  auto verdict = client_->CheckPermissions(Creds("gt-key", "gt-secret"));
  ASSERT_TRUE(verdict.ok()) << verdict.error().message;
  EXPECT_EQ(verdict->verdict, KeyVerdict::kUnverified);
  EXPECT_TRUE(verdict->ip_restricted);
  fake_.BindIp("gt-key", "");
  EXPECT_FALSE(client_->CheckPermissions(Creds("gt-key", "gt-secret"))->ip_restricted);
}

TEST_F(GateLoopback, ReadsEveryPageOfPositions) {
  // 130 held positions in 130 contracts (and one flat row Gate leaves out with holding=true).
  std::string contracts = "[", rows = "[";
  for (int i = 0; i < 130; ++i) {
    const std::string name = "C" + std::to_string(i) + "_USDT";
    contracts +=
        (i ? "," : "") + std::string(R"({"name":")") + name + R"(","quanto_multiplier":"0.5"})";
    rows +=
        (i ? "," : "") + std::string(R"({"contract":")") + name + R"(","size":)" +
        std::to_string(i + 1) +
        R"(,"mode":"single","leverage":"0","entry_price":"10","mark_price":"11","liq_price":"0"})";
  }
  rows += R"(,{"contract":"C0_USDT","size":0,"mode":"single","leverage":"0"}])";
  fake_.SetContracts(contracts + "]");
  fake_.SetPositions("gt-key", rows);
  auto read = client_->ReadAccount(Creds("gt-key", "gt-secret"));
  ASSERT_TRUE(read.ok()) << read.error().message;
  ASSERT_EQ(read->positions.size(), 130u);
  for (int i = 0; i < 130; ++i) {
    EXPECT_DOUBLE_EQ(read->positions[i].size, (i + 1) * 0.5) << read->positions[i].symbol;
  }
  std::vector<std::string> position_queries;
  const auto paths = fake_.paths();
  const auto queries = fake_.queries();
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (paths[i] == "/api/v4/futures/usdt/positions") position_queries.push_back(queries[i]);
  }
  EXPECT_EQ(position_queries,
            (std::vector<std::string>{PositionsPageQuery(0), PositionsPageQuery(100)}));
}

TEST_F(GateLoopback, ExactlyOneFullPageAsksOnceMore) {
  std::string contracts = "[", rows = "[";
  for (int i = 0; i < kPositionsPageLimit; ++i) {
    const std::string name = "C" + std::to_string(i) + "_USDT";
    contracts +=
        (i ? "," : "") + std::string(R"({"name":")") + name + R"(","quanto_multiplier":"1"})";
    rows += (i ? "," : "") + std::string(R"({"contract":")") + name +
            R"(","size":-1,"mode":"single","leverage":"3"})";
  }
  fake_.SetContracts(contracts + "]");
  fake_.SetPositions("gt-key", rows + "]");
  auto read = client_->ReadAccount(Creds("gt-key", "gt-secret"));
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read->positions.size(), static_cast<std::size_t>(kPositionsPageLimit));
  const auto paths = fake_.paths();
  EXPECT_EQ(std::count(paths.begin(), paths.end(), "/api/v4/futures/usdt/positions"), 2)
      << "a full page, then an empty one";
}

TEST_F(GateLoopback, ContractsAreReusedAndReloadedForAContractNotYetKnown) {
  ASSERT_TRUE(client_->ReadAccount(Creds("gt-key", "gt-secret")).ok());
  ASSERT_TRUE(client_->ReadAccount(Creds("gt-key", "gt-secret")).ok());
  auto paths = fake_.paths();
  EXPECT_EQ(std::count(paths.begin(), paths.end(), "/api/v4/futures/usdt/contracts"), 1)
      << "the contract table is reused while fresh";
  // A contract listed after the table was loaded: one reload, then the read succeeds.
  fake_.SetContracts(
      R"([{"name":"BTC_USDT","quanto_multiplier":"0.0001"},{"name":"NEW_USDT","quanto_multiplier":"10"}])");
  fake_.SetPositions("gt-key",
                     R"([{"contract":"NEW_USDT","size":"-3","mode":"single","leverage":"0"}])");
  auto read = client_->ReadAccount(Creds("gt-key", "gt-secret"));
  ASSERT_TRUE(read.ok()) << read.error().message;
  ASSERT_EQ(read->positions.size(), 1u);
  EXPECT_DOUBLE_EQ(read->positions[0].size, 30);
  EXPECT_EQ(read->positions[0].side, Side::kShort);
  paths = fake_.paths();
  EXPECT_EQ(std::count(paths.begin(), paths.end(), "/api/v4/futures/usdt/contracts"), 2);
  // A contract Gate does not list at all stays an error after that one reload.
  fake_.SetPositions("gt-key", R"([{"contract":"GONE_USDT","size":1,"mode":"single"}])");
  EXPECT_EQ(client_->ReadAccount(Creds("gt-key", "gt-secret")).error().code,
            ErrorCode::kBadResponse);
  paths = fake_.paths();
  EXPECT_EQ(std::count(paths.begin(), paths.end(), "/api/v4/futures/usdt/contracts"), 3);
}

TEST_F(GateLoopback, ResyncsTheClockOnceOnATimestampError) {
  fake_.SetClockOffsetMs(-300'000);
  auto read = client_->ReadAccount(Creds("gt-key", "gt-secret"));
  ASSERT_TRUE(read.ok()) << read.error().message;
  auto paths = fake_.paths();
  EXPECT_EQ(std::count(paths.begin(), paths.end(), "/api/v4/spot/time"), 1);
}

TEST_F(GateLoopback, ResyncsOnlyOnce) {
  // Gate keeps refusing the timestamp: one time read, one second try, then the clock error.
  fake_.FailNext(403, Sample("gate-error-request-expired.json"), 5);
  auto read = client_->ReadAccount(Creds("gt-key", "gt-secret"));
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, ErrorCode::kClockSkew);
  auto paths = fake_.paths();
  EXPECT_EQ(std::count(paths.begin(), paths.end(), "/api/v4/spot/time"), 1);
  EXPECT_EQ(std::count(paths.begin(), paths.end(), "/api/v4/futures/usdt/positions"), 2);
}

// CCXT and Baro on the same bodies: side, size, entry, mark, liquidation price and margin mode.
void ExpectSameAsCcxt(const std::string& body) {
  auto baro = ParsePositions(body, Sizes(), "main");
  ASSERT_TRUE(baro.ok()) << baro.error().message;
  auto oracle = testing::CcxtParsePositions("gate", body, Sample("gate-contracts.json"));
  if (!oracle && oracle.error().code == ErrorCode::kUnavailable)
    GTEST_SKIP() << oracle.error().message;
  ASSERT_TRUE(oracle.ok()) << oracle.error().message;
  ASSERT_EQ(oracle->size(), baro->size());
  for (std::size_t i = 0; i < baro->size(); ++i) {
    const Position& p = (*baro)[i];
    const auto& o = (*oracle)[i];
    SCOPED_TRACE(p.symbol);
    EXPECT_EQ(o.symbol, p.base + "/USDT:USDT");
    EXPECT_EQ(o.side, ToString(p.side));
    EXPECT_NEAR(o.BaseSize(), p.size, 1e-12);
    EXPECT_DOUBLE_EQ(o.entry_price.value_or(-1), p.entry_price);
    EXPECT_DOUBLE_EQ(o.mark_price.value_or(-1), p.mark_price);
    // CCXT passes Gate's "none" encodings through ("0" as 0, "99999999" as that number); Baro
    // keeps them absent.
    const auto ccxt_liquidation = o.liquidation_price && *o.liquidation_price > 0 &&
                                          *o.liquidation_price < kNoLiquidationPrice
                                      ? o.liquidation_price
                                      : std::nullopt;
    EXPECT_EQ(ccxt_liquidation.has_value(), p.liquidation_price.has_value());
    if (ccxt_liquidation && p.liquidation_price) {
      EXPECT_DOUBLE_EQ(*ccxt_liquidation, *p.liquidation_price);
    }
    EXPECT_EQ(o.margin_mode, ToString(p.margin_mode));
  }
}

TEST(GateOracle, CcxtReadsTheRecordedBody) {
  ExpectSameAsCcxt(Sample("gate-positions.json"));
}

TEST(GateOracle, CcxtReadsGatesDocumentedExample) {
  ExpectSameAsCcxt(kDocExamplePositions);
}

TEST(GateOracle, CcxtReadsTheSamePositions) {
  const std::string body = R"([
    {"value":"6251.25","leverage":"10","mode":"single","contract":"ETH_USDT","entry_price":"2600","mark_price":"2500.5",
     "size":-250,"cross_leverage_limit":"0","maintenance_rate":"0.005","unrealised_pnl":"248.75","margin":"650",
     "liq_price":"2850.25","update_time":1705034246,"open_time":1705034246,"initial_margin":"0","maintenance_margin":"0",
     "realised_pnl":"0","history_pnl":"0","last_close_pnl":"0","risk_limit":"1000000","leverage_max":"100","adl_ranking":5,
     "pending_orders":0,"user":1},
    {"value":"13.8154","leverage":"0","mode":"single","contract":"BTC_USDT","entry_price":"46000","mark_price":"46051.6",
     "size":3,"cross_leverage_limit":"20","maintenance_rate":"0.004","unrealised_pnl":"0.01548","margin":"0.7",
     "liq_price":"0","update_time":1705034246,"open_time":1705034246,"initial_margin":"0","maintenance_margin":"0",
     "realised_pnl":"0","history_pnl":"0","last_close_pnl":"0","risk_limit":"1000000","leverage_max":"125","adl_ranking":5,
     "pending_orders":0,"user":1}])";
  auto baro = ParsePositions(body, Sizes(), "main");
  ASSERT_TRUE(baro.ok()) << baro.error().message;
  auto oracle = testing::CcxtParsePositions("gate", body, Sample("gate-contracts.json"));
  if (!oracle && oracle.error().code == ErrorCode::kUnavailable)
    GTEST_SKIP() << oracle.error().message;
  ASSERT_TRUE(oracle.ok()) << oracle.error().message;
  ASSERT_EQ(oracle->size(), baro->size());
  for (std::size_t i = 0; i < baro->size(); ++i) {
    const Position& p = (*baro)[i];
    const auto& o = (*oracle)[i];
    SCOPED_TRACE(p.symbol);
    EXPECT_EQ(o.symbol, p.base + "/USDT:USDT");
    EXPECT_EQ(o.side, ToString(p.side));
    EXPECT_NEAR(o.BaseSize(), p.size, 1e-12);
    EXPECT_DOUBLE_EQ(o.entry_price.value_or(-1), p.entry_price);
    EXPECT_DOUBLE_EQ(o.mark_price.value_or(-1), p.mark_price);
    // CCXT passes Gate's "0" (no liquidation price) through as 0; Baro keeps it absent.
    const auto ccxt_liquidation =
        o.liquidation_price && *o.liquidation_price > 0 ? o.liquidation_price : std::nullopt;
    EXPECT_EQ(ccxt_liquidation.has_value(), p.liquidation_price.has_value());
    if (ccxt_liquidation && p.liquidation_price) {
      EXPECT_DOUBLE_EQ(*ccxt_liquidation, *p.liquidation_price);
    }
    EXPECT_EQ(o.margin_mode, ToString(p.margin_mode));
  }
}

}  // namespace
}  // namespace baro::exchanges::gate
