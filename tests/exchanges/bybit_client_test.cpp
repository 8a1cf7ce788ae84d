#include "exchanges/bybit/bybit_client.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "fakes/exchanges/fake_bybit.h"
#include "support/temp_dir.h"

namespace baro::exchanges::bybit {
namespace {

std::string Sample(const std::string& name) {
  return testing::ReadFile(std::string(BARO_SOURCE_DIR) + "/tests/exchanges/testdata/" + name);
}

TEST(BybitSigning, ComputedVector) {
  // The guide's own example does not publish its secret; this vector is computed (see testdata).
  EXPECT_EQ(Sign("1700000000000", "XXXXXXXXXX", "5000", "category=linear&settleCoin=USDT",
                 SecretBytes("bybit-test-secret")),
            "73b99d6906336ce6a498a18850f93dcbdfa1bfc98f6df7a7d093ba6997b783c0");
}

TEST(BybitParse, LinearPositionAndEmptyLiquidationPrice) {
  auto page = ParsePositionList(Sample("bybit-position-list-linear-assembled.json"),
                                MarginMode::kCross, "b");
  ASSERT_TRUE(page.ok()) << page.error().message;
  ASSERT_EQ(page->positions.size(), 1u);
  const Position& p = page->positions[0];
  EXPECT_EQ(p.symbol, "XRPUSDT");
  EXPECT_EQ(p.side, Side::kLong);
  EXPECT_DOUBLE_EQ(p.size, 100);
  EXPECT_DOUBLE_EQ(p.entry_price, 0.3615);
  EXPECT_DOUBLE_EQ(*p.liquidation_price, 0.0001);
  EXPECT_DOUBLE_EQ(*p.maintenance_margin, 0.381021);
  auto none = ParsePositionList(
      R"({"retCode":0,"result":{"list":[{"symbol":"BTCUSDT","side":"Sell","size":"0.5","avgPrice":"60000","markPrice":"61000","liqPrice":"","leverage":"10","positionValue":"30500","positionIM":"3000","positionBalance":"3000","positionMM":"150","unrealisedPnl":"-500"},{"symbol":"ETHUSDT","side":"","size":"0"}],"nextPageCursor":"abc"}})",
      MarginMode::kIsolated, "b");
  ASSERT_TRUE(none.ok());
  ASSERT_EQ(none->positions.size(), 1u);  // the flat row is skipped
  EXPECT_EQ(none->positions[0].side, Side::kShort);
  EXPECT_FALSE(none->positions[0].liquidation_price.has_value());
  EXPECT_DOUBLE_EQ(*none->positions[0].isolated_margin, 3000);
  EXPECT_EQ(none->next_cursor, "abc");
}

TEST(BybitParse, IsolatedMarginIsThePositionsBalanceNotItsRequirement) {
  // An isolated short of 0.5 BTC at 10x: positionIM is the requirement at the mark (30500 / 10 =
  // 3050), positionBalance the margin the position holds (3000 put in, plus 200 added by hand).
  auto page = ParsePositionList(
      R"({"retCode":0,"result":{"list":[{"symbol":"BTCUSDT","side":"Sell","size":"0.5","avgPrice":"60000","markPrice":"61000","liqPrice":"","leverage":"10","positionValue":"30500","positionIM":"3050","positionBalance":"3200","positionMM":"150","unrealisedPnl":"-500"}],"nextPageCursor":""}})",
      MarginMode::kIsolated, "b");
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->positions.size(), 1u);
  EXPECT_DOUBLE_EQ(*page->positions[0].isolated_margin, 3200);
  // Without a balance nothing is made up from the requirement.
  auto bare = ParsePositionList(
      R"({"retCode":0,"result":{"list":[{"symbol":"BTCUSDT","side":"Sell","size":"0.5","avgPrice":"60000","markPrice":"61000","liqPrice":"","leverage":"10","positionValue":"30500","positionIM":"3050","positionMM":"150","unrealisedPnl":"-500"}],"nextPageCursor":""}})",
      MarginMode::kIsolated, "b");
  EXPECT_FALSE(bare->positions[0].isolated_margin.has_value());
}

TEST(BybitParse, AccountInfoWalletAndKeyPermissions) {
  EXPECT_EQ(*ParseAccountInfo(Sample("bybit-account-info.json")), MarginMode::kCross);
  auto wallet = ParseWalletBalance(Sample("bybit-wallet-balance.json"));
  ASSERT_TRUE(wallet.ok());
  EXPECT_DOUBLE_EQ(wallet->equity, 3.00326056);
  // The documented key is read-only; its scope lists are what it may read.
  auto doc = ParseQueryApi(Sample("bybit-query-api.json"));
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->verdict, KeyVerdict::kAccepted);
  EXPECT_TRUE(doc->ip_restricted);
  auto rw = ParseQueryApi(
      R"({"retCode":0,"result":{"readOnly":0,"permissions":{"Wallet":["Withdraw"]},"ips":["*"]}})");
  EXPECT_EQ(rw->verdict, KeyVerdict::kRefused);
  ASSERT_EQ(rw->turn_off.size(), 2u);
  EXPECT_NE(rw->turn_off[0].find("Read-Only"), std::string::npos);
  EXPECT_EQ(rw->turn_off[1], "Withdraw");
  EXPECT_FALSE(rw->ip_restricted);
}

TEST(BybitPermissions, OnlyAnExplicitReadOnlyFlagIsAccepted) {
  // readOnly: 0 read-write, 1 read-only (bybit-exchange/docs docs/v5/user/apikey-info.mdx); a
  // missing flag or a value Bybit adds later is refused.
  EXPECT_EQ(
      ParseQueryApi(R"({"retCode":0,"result":{"permissions":{},"ips":["1.2.3.4"]}})")->verdict,
      KeyVerdict::kRefused);
  EXPECT_EQ(
      ParseQueryApi(R"({"retCode":0,"result":{"readOnly":2,"permissions":{},"ips":["1.2.3.4"]}})")
          ->verdict,
      KeyVerdict::kRefused);
  EXPECT_EQ(
      ParseQueryApi(R"({"retCode":0,"result":{"readOnly":1,"permissions":{},"ips":["1.2.3.4"]}})")
          ->verdict,
      KeyVerdict::kAccepted);
}

TEST(BybitErrors, RecordedBodiesMap) {
  EXPECT_EQ(MapError(200, Sample("bybit-error-timestamp.json"))->code, ErrorCode::kClockSkew);
  EXPECT_EQ(MapError(200, Sample("bybit-error-invalid-key.json"))->code, ErrorCode::kInvalidKey);
  EXPECT_EQ(MapError(200, Sample("bybit-error-bad-signature.json"))->code,
            ErrorCode::kBadSignature);
  EXPECT_EQ(MapError(200, R"({"retCode":10010,"retMsg":"Unmatched IP"})")->code,
            ErrorCode::kIpNotAllowed);
  EXPECT_EQ(MapError(403, "access too frequent")->retry_after_ms, 600000);
  EXPECT_FALSE(MapError(200, R"({"retCode":0,"retMsg":"OK","result":{}})").has_value());
}

class BybitLoopback : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fake_.Start());
    fake_.AddKey("bk", "bs",
                 R"({"readOnly":1,"permissions":{"ContractTrade":["Position"]},"ips":[]})");
    client_ = std::make_unique<BybitClient>(*net::ParseUrl(fake_.BaseUrl()), link_);
  }
  Credentials Creds(const std::string& k, const std::string& s) {
    Credentials c;
    c.api_key = SecretBytes(k);
    c.api_secret = SecretBytes(s);
    return c;
  }
  fakes::FakeBybit fake_;
  net::HttpClient http_;
  VenueState state_{kIpLimit};
  VenueLink link_{http_, state_, SystemClock::Instance()};
  std::unique_ptr<BybitClient> client_;
};

TEST_F(BybitLoopback, FollowsCursorPaginationAcrossPages) {
  std::vector<std::string> rows;
  for (int i = 0; i < 450; ++i) {
    rows.push_back(
        R"({"symbol":"S)" + std::to_string(i) +
        R"(USDT","side":"Buy","size":"1","avgPrice":"10","markPrice":"11","liqPrice":"5","leverage":"2","positionValue":"11","positionMM":"0.1","unrealisedPnl":"1"})");
  }
  fake_.SetPositions("bk", rows);
  fake_.SetMarginMode("bk", "ISOLATED_MARGIN");
  auto read = client_->ReadAccount(Creds("bk", "bs"));
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read->positions.size(), 450u);
  EXPECT_EQ(read->positions[449].symbol, "S449USDT");
  EXPECT_EQ(read->positions[0].margin_mode, MarginMode::kIsolated);
  // Three USDT pages, one USDC page and one page of inverse contracts.
  EXPECT_EQ(fake_.position_pages_served(), 3 + 1 + 1);
  EXPECT_DOUBLE_EQ(*read->account->margin_ratio, 0.01);
}

// Inverse (coin-margined) contracts are not read; their open positions are counted.
TEST_F(BybitLoopback, CountsInversePositionsItDoesNotRead) {
  fake_.SetInversePositions(
      "bk",
      {R"({"positionIdx":0,"symbol":"BTCUSD","side":"Sell","size":"300","avgPrice":"27464.5","positionValue":"0.01092319","markPrice":"28224.50","liqPrice":"","leverage":"10","unrealisedPnl":"-0.00029413"})"});
  auto read = client_->ReadAccount(Creds("bk", "bs"));
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_TRUE(read->positions.empty());
  ASSERT_EQ(read->gaps.size(), 1u);
  EXPECT_EQ(read->gaps[0].product, "inverse contracts");
  EXPECT_EQ(read->gaps[0].positions, 1);
}

TEST_F(BybitLoopback, ErrorClassesOverTheWire) {
  EXPECT_EQ(client_->ReadAccount(Creds("bk", "wrong")).error().code, ErrorCode::kBadSignature);
  EXPECT_EQ(client_->ReadAccount(Creds("nobody", "bs")).error().code, ErrorCode::kInvalidKey);
  // A per-account limit (10006) defers only that read: the next one goes out.
  fake_.RateLimitNext();
  EXPECT_EQ(client_->CheckPermissions(Creds("bk", "bs")).error().code, ErrorCode::kRateLimited);
  EXPECT_EQ(client_->CheckPermissions(Creds("bk", "bs"))->verdict, KeyVerdict::kAccepted);
}

// The address-wide flood answer (HTTP 403) bans the address for ten minutes: no account behind it
// touches Bybit before then.
TEST_F(BybitLoopback, AnIpFloodAnswerKeepsEveryAccountAway) {
  fake_.FloodNext();
  auto flooded = client_->ReadAccount(Creds("bk", "bs"));
  ASSERT_FALSE(flooded.ok());
  EXPECT_EQ(flooded.error().code, ErrorCode::kRateLimited);
  const int sent = fake_.requests();
  auto other = client_->CheckPermissions(Creds("another-key", "another-secret"));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::kRateLimited);
  EXPECT_GT(other.error().retry_after_ms, 9 * 60'000);
  EXPECT_EQ(fake_.requests(), sent) << "a request reached Bybit during the ban";
}

}  // namespace
}  // namespace baro::exchanges::bybit
