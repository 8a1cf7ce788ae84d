// "Rate estimated" from the worker to the page: hand-entered Binance positions are checked by the
// real checker on a real SQLite store, and GET /api/v1/positions (what the page reads) says which
// liquidation prices rest on a stand-in maintenance rate. Binance's brackets need a signed read,
// so without a connected account a symbol outside the dated snapshot gets Binance's most
// conservative first-bracket rate (docs/risk.md), flagged; BTCUSDT is in the snapshot.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "support/temp_dir.h"
#include "web/api.h"
#include "worker/checker.h"

namespace baro::web {
namespace {

// Binance's public mark-price table gives no maintenance rate (GET /fapi/v1/premiumIndex).
class BinanceMarks final : public market::MarketData {
 public:
  Result<market::Instrument> Find(Venue venue, std::string_view symbol) override {
    if (venue == Venue::kBinance && symbol == "BTCUSDT")
      return market::Instrument{"BTCUSDT", "BTC", "USDT", 100000, 125, std::nullopt};
    if (venue == Venue::kBinance && symbol == "NEWCOINUSDT")
      return market::Instrument{"NEWCOINUSDT", "NEWCOIN", "USDT", 10, 20, std::nullopt};
    return MakeError(ErrorCode::kInvalidInput, "unknown symbol");
  }
};

class RatesEstimated : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::OpenStore("sqlite://" + dir_.File("rates.db"));
    ASSERT_TRUE(s.ok());
    store_ = std::move(*s);
    ASSERT_TRUE(store_->Migrate().ok());
    config_.Resolve();
    ApiDeps deps;
    deps.store = store_.get();
    deps.config = &config_;
    deps.clock = &clock_;
    deps.market = &market_;
    deps.password_cost = FastCostForTests();
    api_ = std::make_unique<Api>(std::move(deps));
  }

  net::HttpResponse Call(const std::string& method, const std::string& target,
                         const std::string& body = "") {
    net::HttpRequest r{method, target, {}, body, "10.0.0.1"};
    if (!body.empty()) r.headers.emplace_back("Content-Type", "application/json");
    if (!cookie_.empty()) r.headers.emplace_back("Cookie", cookie_);
    if (!csrf_.empty()) r.headers.emplace_back("X-CSRF-Token", csrf_);
    auto res = api_->Handle(r);
    if (auto set = res.Header("Set-Cookie")) cookie_ = std::string(set->substr(0, set->find(';')));
    boost::system::error_code ec;
    auto v = boost::json::parse(res.body, ec);
    if (v.is_object() && v.as_object().contains("user")) {
      const auto& u = v.as_object().at("user").as_object();
      if (u.contains("csrf_token")) csrf_ = std::string(u.at("csrf_token").as_string());
    }
    return res;
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  config::Config config_;
  ManualClock clock_{1'767'225'600'000};
  BinanceMarks market_;
  std::unique_ptr<Api> api_;
  std::string cookie_, csrf_;
};

TEST_F(RatesEstimated, TheStandInRateIsFlaggedForAnUnknownBinanceSymbolOnly) {
  ASSERT_EQ(Call("POST", "/api/v1/auth/signup", R"({"email":"t@x.io","password":"long enough pw"})")
                .status,
            201);
  auto user = store_->users().FindByEmail("t@x.io");
  ASSERT_TRUE(user.ok());
  ASSERT_TRUE(store_->users().SetPlan(user->id, store::Plan::kPremium).ok());
  for (
      const char* body :
      {R"({"venue":"binance","symbol":"BTCUSDT","side":"long","entry_price":100000,"size":0.1,"leverage":3,"margin_mode":"isolated"})",
       R"({"venue":"binance","symbol":"NEWCOINUSDT","side":"long","entry_price":10,"size":100,"leverage":5,"margin_mode":"isolated"})"}) {
    auto r = Call("POST", "/api/v1/manual-positions", body);
    ASSERT_EQ(r.status, 201) << r.body;
  }

  worker::Checker checker(worker::CheckerOptions{}, *store_, market_, nullptr, clock_);
  auto monitors = store_->monitors().ListForUser(user->id);
  ASSERT_TRUE(monitors.ok());
  ASSERT_EQ(monitors->size(), 1u);
  checker.Check(monitors->at(0), clock_.NowMs());

  auto r = Call("GET", "/api/v1/positions");
  ASSERT_EQ(r.status, 200) << r.body;
  std::map<std::string, boost::json::object> by_symbol;
  const boost::json::value body = boost::json::parse(r.body);
  for (const auto& p : body.at("positions").as_array()) {
    by_symbol[std::string(p.at("symbol").as_string())] = p.as_object();
  }
  ASSERT_EQ(by_symbol.size(), 2u) << r.body;

  // BTCUSDT, Binance's first bracket in the dated snapshot, 0.4 %: margin 0.1 × 100,000 / 3 =
  // 3,333.33, LP = (10,000 − 3,333.33) / (0.1 × (1 − 0.004)) = 66,934.40.
  const auto& known = by_symbol["BTCUSDT"];
  EXPECT_NEAR(known.at("liquidation_price").as_double(), (10000 - 10000.0 / 3) / 0.0996, 1e-6);
  EXPECT_TRUE(known.at("liquidation_estimated").as_bool());
  ASSERT_TRUE(known.contains("rates_estimated")) << r.body;
  EXPECT_FALSE(known.at("rates_estimated").as_bool());

  // NEWCOINUSDT is in no account's brackets and not in the snapshot: Binance's highest published
  // first-bracket rate, 3 %. Margin 100 × 10 / 5 = 200, LP = (1,000 − 200) / (100 × 0.97) = 8.2474.
  const auto& unknown = by_symbol["NEWCOINUSDT"];
  EXPECT_NEAR(unknown.at("liquidation_price").as_double(), 800 / 97.0, 1e-9);
  ASSERT_TRUE(unknown.contains("rates_estimated")) << r.body;
  EXPECT_TRUE(unknown.at("rates_estimated").as_bool());

  // The flag is kept with the stored snapshot, so it survives a read after a restart.
  auto snaps = store_->snapshots().ListForUser(user->id);
  ASSERT_TRUE(snaps.ok());
  for (const auto& s : *snaps) {
    EXPECT_EQ(s.rates_estimated, s.position.symbol == "NEWCOINUSDT") << s.position.symbol;
  }
}

}  // namespace
}  // namespace baro::web
