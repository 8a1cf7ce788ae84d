// Fault scenarios through `baro serve`, one per venue: with a connection being checked every
// second, the venue's fake answers 429 with Retry-After, 418 without it, 5xx, malformed JSON, a
// truncated body, a reset connection and a hang (fakes/server/fake_http_server.h). Baro must stay
// up (/healthz, no fetcher restart), back off (no request to the venue while its Retry-After
// lasts), tell the user exactly once that the connection needs attention, and recover by itself
// once the venue answers again (docs/exchanges.md, "Rate limits and bans"; checker.h).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <boost/json/serialize.hpp>
#include <chrono>

#include "app/api_session.h"
#include "app/e2e_setup.h"
#include "support/child.h"
#include "support/temp_dir.h"

namespace baro {
namespace {

using namespace std::chrono_literals;
using testing::ApiSession;
using testing::WaitUntil;
constexpr char kBotToken[] = "4242:fault-secret-bot-token";
constexpr std::int64_t kChat = 880077;
constexpr char kMetricsToken[] = "fault-metrics-token-0123456789";
constexpr int kRetryAfterS = 3;  // the 429's Retry-After; checks run every second

class VenueFaults : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fakes_.Start());
    market_.SetHyperliquid("BTC", 100000, 40);
    binance_.SetMark("BTCUSDT", 100000);
    env_ = fakes_.Environment(dir_.File("data"));
    env_["BARO_EXCHANGES_DEFAULT_BAN_S"] = "1";
    env_["BARO_EGRESS_REQUEST_TIMEOUT_MS"] = "1000";
    env_["BARO_SERVER_METRICS_TOKEN_FILE"] = dir_.File("metrics.token");
    testing::WriteFile(dir_.File("metrics.token"), kMetricsToken);
    ::chmod(dir_.File("metrics.token").c_str(), 0600);
  }

  void TearDown() override {
    if (serve_) serve_->Stop();
    if (HasFailure())
      std::cerr << "--- serve.log ---\n" << testing::ReadFile(dir_.File("serve.log"));
  }

  // The venue's fake with one position for `key`, and the connection's create request body.
  std::pair<fakes::FaultSwitch*, std::string> PrepareVenue(const std::string& venue) {
    const std::string key = venue.substr(0, 2) + "FaultKey0123456789abcdefghijklmn";
    const std::string secret = venue.substr(0, 2) + "FaultSecret0123456789abcdefghijk";
    const std::string passphrase = "FaultPassphrase42";
    boost::json::object body{{"venue", venue}, {"label", venue + " main"}};
    if (venue == "hyperliquid") {
      const std::string address = "0x00000000000000000000000000000000000000fa";
      market_.SetClearinghouseState(
          address,
          R"({"assetPositions":[{"position":{"coin":"BTC","cumFunding":{"allTime":"0.0","sinceChange":"0.0","sinceOpen":"0.0"},"entryPx":"100000.0","leverage":{"rawUsd":"-8000.0","type":"isolated","value":5},"liquidationPx":"80800.0","marginUsed":"2000.0","maxLeverage":40,"positionValue":"10000.0","returnOnEquity":"0.0","szi":"0.1","unrealizedPnl":"0.0"},"type":"oneWay"}],"crossMaintenanceMarginUsed":"0.0","crossMarginSummary":{"accountValue":"5000.0","totalMarginUsed":"0.0","totalNtlPos":"0.0","totalRawUsd":"5000.0"},"marginSummary":{"accountValue":"7000.0","totalMarginUsed":"2000.0","totalNtlPos":"10000.0","totalRawUsd":"5000.0"},"time":1708622398623,"withdrawable":"5000.0"})");
      body["wallet_address"] = address;
      return {&market_.faults(), boost::json::serialize(body)};
    }
    body["api_key"] = key;
    body["api_secret"] = secret;
    fakes::FaultSwitch* faults = nullptr;
    if (venue == "binance") {
      binance_.AddKey(key, secret, R"({"enableReading":true,"enableFutures":true})");
      binance_.SetPositions(
          key,
          R"([{"symbol":"BTCUSDT","positionSide":"BOTH","positionAmt":"0.5","entryPrice":"100000","breakEvenPrice":"100000","markPrice":"100000","unRealizedProfit":"0","liquidationPrice":"90500","isolatedMargin":"0","notional":"50000","marginAsset":"USDT","isolatedWallet":"0","initialMargin":"5000","maintMargin":"200","positionInitialMargin":"5000","openOrderInitialMargin":"0","adl":2,"bidNotional":"0","askNotional":"0","updateTime":1720736417660}])",
          R"([{"symbol":"BTCUSDT","marginType":"CROSSED","leverage":10}])");
      faults = &binance_.faults();
    } else if (venue == "bybit") {
      bybit_.AddKey(key, secret,
                    R"({"readOnly":1,"permissions":{"ContractTrade":["Position"]},"ips":[]})");
      bybit_.SetPositions(
          key,
          {R"({"symbol":"ETHUSDT","side":"Sell","size":"2","avgPrice":"3000","markPrice":"3100","liqPrice":"3500","leverage":"10","positionValue":"6200","positionIM":"600","positionMM":"31","unrealisedPnl":"-200"})"});
      faults = &bybit_.faults();
    } else if (venue == "okx") {
      body["passphrase"] = passphrase;
      okx_.AddKey(key, secret, passphrase, R"({"perm":"read_only","ip":""})");
      okx_.SetInstruments(
          R"([{"instType":"SWAP","instId":"SOL-USDT-SWAP","ctType":"linear","ctVal":"1","ctMult":"1","settleCcy":"USDT"}])");
      okx_.SetPositions(
          key,
          R"([{"instType":"SWAP","instId":"SOL-USDT-SWAP","posSide":"net","pos":"40","avgPx":"150","markPx":"152","liqPx":"110","lever":"5","mgnMode":"cross","mmr":"30","upl":"80"}])");
      faults = &okx_.faults();
    } else if (venue == "bitget") {
      body["passphrase"] = passphrase;
      bitget_.AddKey(key, secret, passphrase, R"({"authorities":["cpor","coor"],"ips":""})");
      bitget_.SetPositions(
          key,
          R"([{"symbol":"XRPUSDT","marginCoin":"USDT","holdSide":"long","total":"1000","openPriceAvg":"0.6","markPrice":"0.62","liquidationPrice":"0.4","leverage":"3","marginMode":"crossed","keepMarginRate":"0.005","unrealizedPL":"20"}])");
      faults = &bitget_.faults();
    } else if (venue == "gate") {
      body["confirm_read_only"] = true;
      gate_.AddKey(key, secret);
      gate_.SetContracts(R"([{"name":"DOGE_USDT","quanto_multiplier":"10"}])");
      gate_.SetPositions(
          key,
          R"([{"contract":"DOGE_USDT","size":-50,"mode":"single","leverage":"0","cross_leverage_limit":"5","entry_price":"0.2","mark_price":"0.19","liq_price":"0.3","value":"95","unrealised_pnl":"5"}])");
      faults = &gate_.faults();
    } else if (venue == "kucoin") {
      body["passphrase"] = passphrase;
      kucoin_.AddKey(key, secret, passphrase, R"({"permission":"General","ipWhitelist":""})");
      kucoin_.SetContracts(R"([{"symbol":"ADAUSDTM","multiplier":10,"isInverse":false}])");
      kucoin_.SetPositions(
          key,
          R"([{"symbol":"ADAUSDTM","currentQty":30,"avgEntryPrice":0.45,"markPrice":0.46,"liquidationPrice":0.31,"leverage":3,"marginMode":"CROSS","settleCurrency":"USDT","isInverse":false,"isOpen":true,"markValue":138,"unrealisedPnl":3}])");
      faults = &kucoin_.faults();
    }
    return {faults, boost::json::serialize(body)};
  }

  boost::json::object Connection(ApiSession& api) {
    auto list = api.Call("GET", "/api/v1/connections");
    const auto& all = list.as_object().at("connections").as_array();
    return all.empty() ? boost::json::object{} : all[0].as_object();
  }

  testing::TempDir dir_;
  testing::E2eFakes fakes_{kBotToken};
  fakes::FakeTelegram& telegram_ = fakes_.telegram;
  fakes::FakeMarket& market_ = fakes_.market;
  fakes::FakeBinance& binance_ = fakes_.binance;
  fakes::FakeBybit& bybit_ = fakes_.bybit;
  fakes::FakeOkx& okx_ = fakes_.okx;
  fakes::FakeBitget& bitget_ = fakes_.bitget;
  fakes::FakeGate& gate_ = fakes_.gate;
  fakes::FakeKucoin& kucoin_ = fakes_.kucoin;
  std::map<std::string, std::string> env_;
  std::unique_ptr<testing::Child> serve_;
};

TEST_P(VenueFaults, StaysUpBacksOffTellsOnceAndRecovers) {
  const std::string venue = GetParam();
  auto [faults, connection_body] = PrepareVenue(venue);
  ASSERT_NE(faults, nullptr);

  serve_ = std::make_unique<testing::Child>(std::vector<std::string>{BARO_BINARY, "serve"}, env_,
                                            dir_.File("serve.log"));
  auto line = serve_->WaitForLine("Baro is running at ", 30s);
  ASSERT_TRUE(line.has_value());
  ApiSession api(line->substr(line->find("http://")));
  int status = 0;
  ASSERT_TRUE(testing::SignUpPremiumLinked(api, "faults@example.com", env_, telegram_, kChat));
  api.Call("POST", "/api/v1/connections", connection_body, &status);
  ASSERT_EQ(status, 201);
  ASSERT_TRUE(
      WaitUntil([&] { return Connection(api)["last_success_at"].to_number<double>() > 0; }, 20s))
      << "the first check reads the venue";

  // Back-off: a 429 with Retry-After keeps Baro away from the venue while it lasts, although
  // the connection is due every second. Requests that fail together (one check) form a burst.
  faults->Arm(
      {.fault = fakes::Fault::kTooManyRequests, .retry_after_s = kRetryAfterS, .times = -1});
  ASSERT_TRUE(WaitUntil([&] { return faults->fault_times().size() >= 4; }, 30s));
  const auto times = faults->fault_times();
  std::vector<std::chrono::steady_clock::time_point> bursts;
  for (auto at : times) {
    if (bursts.empty() || at - bursts.back() > 500ms) bursts.push_back(at);
  }
  ASSERT_GE(bursts.size(), 2u);
  for (std::size_t i = 1; i < bursts.size(); ++i) {
    EXPECT_GE(bursts[i] - bursts[i - 1], std::chrono::milliseconds(kRetryAfterS * 1000 - 300))
        << "request burst " << i << " came before Retry-After ended";
  }
  ASSERT_TRUE(WaitUntil([&] { return Connection(api)["needs_attention"].as_bool(); }, 20s));

  // Every other fault, in turn (each replaces the last, so no check succeeds in between): each
  // one is met at least once, and Baro keeps serving.
  const std::vector<fakes::FaultPlan> plans = {
      {.fault = fakes::Fault::kBanned, .times = -1},  // no Retry-After: exchanges.default_ban_s
      {.fault = fakes::Fault::kServerError, .status = 502, .times = -1},
      {.fault = fakes::Fault::kServerError, .retry_after_s = 1, .times = -1},
      {.fault = fakes::Fault::kMalformedJson, .times = -1},
      {.fault = fakes::Fault::kTruncatedBody, .times = -1},
      {.fault = fakes::Fault::kResetConnection, .times = -1},
      {.fault = fakes::Fault::kHang, .times = -1}};
  for (std::size_t i = 0; i < plans.size(); ++i) {
    const int before = faults->faulted();
    faults->Arm(plans[i]);
    EXPECT_TRUE(WaitUntil([&] { return faults->faulted() > before; }, 20s)) << "plan " << i;
    api.Call("GET", "/healthz", "", &status);
    EXPECT_EQ(status, 200) << "plan " << i;
    EXPECT_TRUE(Connection(api)["needs_attention"].as_bool()) << "plan " << i;
  }
  faults->Clear();

  // Recovery: the venue answers again and the next check clears the attention by itself.
  ASSERT_TRUE(WaitUntil([&] { return !Connection(api)["needs_attention"].as_bool(); }, 30s));
  // Told once: exactly one needs-attention notice (src/i18n/catalog: alert.notice.needs_attention),
  // whatever the position's own alerts were.
  auto notices = [&] {
    int n = 0;
    for (const auto& m : telegram_.SentTo(kChat))
      n += m.text.find("This connection needs attention") != std::string::npos;
    return n;
  };
  ASSERT_TRUE(WaitUntil([&] { return notices() >= 1; }, 10s));
  EXPECT_EQ(notices(), 1);
  const std::string log = testing::ReadFile(dir_.File("serve.log"));
  EXPECT_EQ(log.find("serve.fetcher_exited"), std::string::npos) << "the fetcher never died";
  // The fetcher's own loop-error counter lives in the fetcher process; the /metrics operators
  // read (serve's) shows it, and no unit of the fetcher's work ended in an exception.
  net::HttpClient http;
  net::HttpRequest scrape{"GET", "/metrics"};
  scrape.headers.emplace_back("Authorization", std::string("Bearer ") + kMetricsToken);
  auto metrics = http.Send(*net::ParseUrl(line->substr(line->find("http://"))), scrape);
  ASSERT_TRUE(metrics.ok());
  ASSERT_EQ(metrics->status, 200);
  EXPECT_NE(metrics->body.find("\nbaro_loop_errors_total{loop=\"fetcher\"} 0\n"), std::string::npos)
      << metrics->body;
}

// Venues whose 429 bans the egress address: the fetcher's VenueLink keeps away for Retry-After.
INSTANTIATE_TEST_SUITE_P(AddressLimitedVenues, VenueFaults,
                         ::testing::Values("hyperliquid", "binance", "bybit", "bitget"),
                         [](const auto& info) { return info.param; });
// Venues that limit by account (exchanges::PublishedAddressLimit is empty): the 429's wait comes
// back through the fetcher as the read's retry_after_ms, and the worker puts off that connection's
// next check until then (CheckOutcome, worker.max_defer_s).
INSTANTIATE_TEST_SUITE_P(AccountLimitedVenues, VenueFaults,
                         ::testing::Values("okx", "gate", "kucoin"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace baro
