// End to end through `baro serve`: a real binary on a temporary data directory, real HTTP over
// loopback, real SQLite, the fetcher as a child process, and fakes only for Telegram and the
// exchanges' public market data. Sign up, link Telegram through /start <token>, enter a position,
// move the mark price near liquidation, and expect exactly one alert; restart and expect nothing
// to be sent twice.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <csignal>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <thread>

#include "app/api_session.h"
#include "app/e2e_setup.h"
#include "log/secret_forms.h"
#include "net/http_client.h"
#include "support/child.h"
#include "support/process_counts.h"
#include "support/temp_dir.h"

namespace baro {
namespace {

using namespace std::chrono_literals;
using testing::ApiSession;
using testing::WaitUntil;
constexpr char kBotToken[] = "4242:e2e-secret-bot-token";
constexpr std::int64_t kChat = 880001;

class ServeE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fakes_.Start());
    market_.SetHyperliquid("BTC", 100000, 40);
    binance_.SetMark("BTCUSDT", 100000);
    env_ = fakes_.Environment(dir_.File("data"));
  }

  void TearDown() override {
    if (serve_) serve_->Stop();
    if (HasFailure())
      std::cerr << "--- serve.log ---\n" << testing::ReadFile(dir_.File("serve.log"));
  }

  std::string StartServe() {
    serve_ = std::make_unique<testing::Child>(std::vector<std::string>{BARO_BINARY, "serve"}, env_,
                                              dir_.File("serve.log"));
    auto line = serve_->WaitForLine("Baro is running at ", 30s);
    EXPECT_TRUE(line.has_value()) << testing::ReadFile(dir_.File("serve.log"));
    return line ? line->substr(line->find("http://")) : "";
  }

  // Waits for the worker to finish `n` more checks of the user's positions.
  void WaitForChecks(ApiSession& api, int n) {
    std::int64_t last = 0;
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(WaitUntil(
          [&] {
            auto v = api.Call("GET", "/api/v1/positions");
            const auto& list = v.as_object().at("positions").as_array();
            if (list.empty()) return false;
            std::int64_t at = list[0].as_object().at("observed_at").as_int64();
            if (at <= last) return false;
            last = at;
            return true;
          },
          20s));
    }
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

TEST_F(ServeE2E, HandEnteredPositionNearLiquidationAlertsExactlyOnceAcrossRestarts) {
  std::string url = StartServe();
  ASSERT_FALSE(url.empty());
  ApiSession api(url);
  int status = 0;

  ASSERT_TRUE(testing::SignUp(api, "trader@example.com"));
  api.Call("GET", "/api/v1/manual-positions", "", &status);
  EXPECT_EQ(status, 403);  // premium only
  ASSERT_TRUE(testing::GrantPremium("trader@example.com", env_));

  // Link Telegram through the deep link.
  ASSERT_TRUE(testing::LinkTelegram(api, telegram_, kChat));
  ASSERT_TRUE(WaitUntil(
      [&] { return api.Call("GET", "/api/v1/telegram").as_object().at("linked").as_bool(); }, 10s));

  // Bad input is refused with a message naming the field, and nothing is stored.
  auto bad = api.Call(
      "POST", "/api/v1/manual-positions",
      R"({"venue":"binance","symbol":"BTCUSDT","side":"long","entry_price":100000,"size":-1,"leverage":3})",
      &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(bad.as_object().at("error").as_object().at("field").as_string(), "size");
  api.Call(
      "POST", "/api/v1/manual-positions",
      R"({"venue":"binance","symbol":"NOPEUSDT","side":"long","entry_price":1,"size":1,"leverage":3})",
      &status);
  EXPECT_EQ(status, 400);
  api.Call(
      "POST", "/api/v1/manual-positions",
      R"({"venue":"binance","symbol":"BTCUSDT","side":"long","entry_price":100000,"size":1,"leverage":200})",
      &status);
  EXPECT_EQ(status, 400);

  // A 3x long: liquidation estimated near 66,934, far from the 100,000 mark.
  api.Call(
      "POST", "/api/v1/manual-positions",
      R"({"venue":"binance","symbol":"btc-usdt","side":"long","entry_price":100000,"size":0.1,"leverage":3,"margin_mode":"isolated"})",
      &status);
  ASSERT_EQ(status, 201);
  WaitForChecks(api, 2);
  auto positions = api.Call("GET", "/api/v1/positions");
  const auto& p = positions.as_object().at("positions").as_array()[0].as_object();
  EXPECT_EQ(p.at("level").as_string(), "ok");
  EXPECT_TRUE(p.at("liquidation_estimated").as_bool());
  EXPECT_NEAR(p.at("liquidation_price").as_double(), (100000 - 100000.0 / 3) / (1 - 0.004), 1);
  EXPECT_EQ(telegram_.Sent().size(), 1u);  // only the link confirmation so far

  // The mark falls to within 2 % of liquidation: one alert.
  binance_.SetMark("BTCUSDT", 68000);
  ASSERT_TRUE(telegram_.WaitForSent(2, 20s));
  WaitForChecks(api, 3);
  auto sent = telegram_.SentTo(kChat);
  ASSERT_EQ(sent.size(), 2u);
  const std::string& alert = sent[1].text;
  EXPECT_NE(alert.find("BTCUSDT"), std::string::npos);
  EXPECT_NE(alert.find("Close to liquidation"), std::string::npos);
  EXPECT_NE(alert.find("Baro does not trade"), std::string::npos);
  EXPECT_EQ(api.Call("GET", "/api/v1/positions")
                .as_object()
                .at("positions")
                .as_array()[0]
                .as_object()
                .at("level")
                .as_string(),
            "emergency");
  EXPECT_FALSE(api.Call("GET", "/api/v1/alerts").as_object().at("alerts").as_array().empty());

  // Restart everything: nothing is sent twice.
  EXPECT_EQ(serve_->Stop(), 0);
  url = StartServe();
  ApiSession again(url);
  again.Call("POST", "/api/v1/auth/login",
             R"({"email":"trader@example.com","password":"a long passphrase"})", &status);
  ASSERT_EQ(status, 200);
  WaitForChecks(again, 3);
  EXPECT_EQ(telegram_.SentTo(kChat).size(), 2u);

  // The bot token never appears in the logs.
  EXPECT_EQ(testing::ReadFile(dir_.File("serve.log")).find("e2e-secret-bot-token"),
            std::string::npos);
}

std::string HyperliquidState(double mark) {
  const double size = 0.1;
  const double value = size * mark;
  const double pnl = size * (mark - 100000);
  char body[1024];
  std::snprintf(
      body, sizeof body,
      R"({"assetPositions":[{"position":{"coin":"BTC","cumFunding":{"allTime":"0.0","sinceChange":"0.0","sinceOpen":"0.0"},"entryPx":"100000.0","leverage":{"rawUsd":"-8000.0","type":"isolated","value":5},"liquidationPx":"80800.0","marginUsed":"%.6f","maxLeverage":40,"positionValue":"%.6f","returnOnEquity":"%.6f","szi":"0.1","unrealizedPnl":"%.6f"},"type":"oneWay"}],"crossMaintenanceMarginUsed":"0.0","crossMarginSummary":{"accountValue":"5000.0","totalMarginUsed":"0.0","totalNtlPos":"0.0","totalRawUsd":"5000.0"},"marginSummary":{"accountValue":"7000.0","totalMarginUsed":"2000.0","totalNtlPos":"%.6f","totalRawUsd":"5000.0"},"time":1708622398623,"withdrawable":"5000.0"})",
      2000 + pnl, value, pnl / 2000, pnl, value);
  return body;
}

TEST_F(ServeE2E, HyperliquidWalletIsReadThroughTheFetcherAndAlertsNearLiquidation) {
  const std::string address = "0x00000000000000000000000000000000000000aa";
  market_.SetClearinghouseState(address, HyperliquidState(100000));
  std::string url = StartServe();
  ASSERT_FALSE(url.empty());
  ApiSession api(url);
  int status = 0;
  ASSERT_TRUE(testing::SignUpPremiumLinked(api, "hl@example.com", env_, telegram_, kChat));

  auto bad = api.Call("POST", "/api/v1/connections",
                      R"({"venue":"hyperliquid","wallet_address":"0x123"})", &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(bad.as_object().at("error").as_object().at("field").as_string(), "wallet_address");

  auto created = api.Call(
      "POST", "/api/v1/connections",
      R"({"venue":"hyperliquid","label":"main wallet","wallet_address":")" + address + R"("})",
      &status);
  ASSERT_EQ(status, 201) << boost::json::serialize(created);
  EXPECT_EQ(created.as_object().at("connection").as_object().at("verdict").as_string(), "accepted");

  // The worker reads the wallet through the fetcher: the venue's liquidation price, not an
  // estimate.
  ASSERT_TRUE(WaitUntil(
      [&] {
        auto v = api.Call("GET", "/api/v1/positions");
        return !v.as_object().at("positions").as_array().empty();
      },
      20s));
  auto p =
      api.Call("GET", "/api/v1/positions").as_object().at("positions").as_array()[0].as_object();
  EXPECT_EQ(p.at("venue").as_string(), "hyperliquid");
  EXPECT_EQ(p.at("liquidation_price").as_double(), 80800);
  EXPECT_FALSE(p.at("liquidation_estimated").as_bool());
  auto conns = api.Call("GET", "/api/v1/connections").as_object().at("connections").as_array();
  ASSERT_EQ(conns.size(), 1u);
  EXPECT_GT(conns[0].as_object().at("last_checked_at").as_int64(), 0);
  EXPECT_FALSE(conns[0].as_object().at("needs_attention").as_bool());

  market_.SetClearinghouseState(address, HyperliquidState(82000));
  ASSERT_TRUE(telegram_.WaitForSent(2, 20s));
  auto sent = telegram_.SentTo(kChat);
  EXPECT_NE(sent.back().text.find("HyperLiquid"), std::string::npos);
  EXPECT_NE(sent.back().text.find("main wallet"), std::string::npos);

  // The bot: its commands were registered in English and Korean, the alert carries its buttons,
  // a snooze is answered, and /status lists the position.
  auto commands = telegram_.commands();
  EXPECT_EQ(commands.count(""), 1u);
  EXPECT_EQ(commands.count("ko"), 1u);
  const std::string markup = sent.back().reply_markup;
  const auto data_at = markup.find("\"z:");
  ASSERT_NE(data_at, std::string::npos) << markup;
  const std::string data = markup.substr(data_at + 1, markup.find('"', data_at + 1) - data_at - 1);
  telegram_.PressButton(kChat, sent.back().message_id, data);
  ASSERT_TRUE(telegram_.WaitForAnswers(1, 20s));
  EXPECT_NE(telegram_.answers()[0].text.find("Snoozed until"), std::string::npos);
  const std::size_t before = telegram_.SentTo(kChat).size();
  telegram_.SendText(kChat, "/status");
  ASSERT_TRUE(WaitUntil([&] { return telegram_.SentTo(kChat).size() > before; }, 20s));
  const std::string status_text = telegram_.SentTo(kChat).back().text;
  EXPECT_NE(status_text.find("HyperLiquid · main wallet"), std::string::npos) << status_text;
  EXPECT_NE(status_text.find("80,800"), std::string::npos) << status_text;

  // Deleting the connection removes it and its positions.
  std::string id = std::to_string(conns[0].as_object().at("id").as_int64());
  auto del = api.Call("DELETE", "/api/v1/connections/" + id, "", &status);
  EXPECT_EQ(status, 200);
  EXPECT_TRUE(del.as_object().at("key_destroyed").as_bool());
  EXPECT_TRUE(
      api.Call("GET", "/api/v1/connections").as_object().at("connections").as_array().empty());
  EXPECT_TRUE(api.Call("GET", "/api/v1/positions").as_object().at("positions").as_array().empty());
}

std::string BinancePosition(double mark) {
  char body[768];
  std::snprintf(
      body, sizeof body,
      R"([{"symbol":"BTCUSDT","positionSide":"BOTH","positionAmt":"0.5","entryPrice":"100000","breakEvenPrice":"100000","markPrice":"%.2f","unRealizedProfit":"%.2f","liquidationPrice":"90500","isolatedMargin":"0","notional":"%.2f","marginAsset":"USDT","isolatedWallet":"0","initialMargin":"5000","maintMargin":"200","positionInitialMargin":"5000","openOrderInitialMargin":"0","adl":2,"bidNotional":"0","askNotional":"0","updateTime":1720736417660}])",
      mark, 0.5 * (mark - 100000), 0.5 * mark);
  return body;
}

// Issue 3's scenario: connect keys, poll, alert, delete; then no secret may be found in plain,
// hex or base64 in the database file, its WAL, the logs or any HTTP answer.
TEST_F(ServeE2E, BinanceKeysAreCheckedSealedAndNeverLeak) {
  const std::string key = "bnKey7Q2mW9xT4vR8sLp3ZdF6hJ1kN5cY0aE";
  const std::string secret = "bnSecret5Hs8Kq2Lw7Pz4Rv9Tx1Yc6Nb3Md0Gf";
  const std::string risky_key = "bnRiskyKeyWithdrawals0123456789ABCD";
  const std::string risky_secret = "bnRiskySecretWithdrawals0123456789AB";
  binance_.AddKey(key, secret, R"({"enableReading":true,"enableFutures":true,"ipRestrict":true})");
  binance_.AddKey(risky_key, risky_secret,
                  R"({"enableReading":true,"enableFutures":true,"enableWithdrawals":true})");
  binance_.SetPositions(key, BinancePosition(100000),
                        R"([{"symbol":"BTCUSDT","marginType":"CROSSED","leverage":10}])");

  std::string url = StartServe();
  ASSERT_FALSE(url.empty());
  ApiSession api(url);
  std::vector<std::string> answers;
  auto call = [&](const std::string& method, const std::string& target, const std::string& body,
                  int* status) {
    auto v = api.Call(method, target, body, status);
    answers.push_back(boost::json::serialize(v));
    return v;
  };
  int status = 0;
  ASSERT_TRUE(testing::SignUpPremiumLinked(api, "bn@example.com", env_, telegram_, kChat));

  // A key that can withdraw is refused, naming the permission, and nothing is stored.
  auto refused = call("POST", "/api/v1/connections",
                      R"({"venue":"binance","api_key":")" + risky_key + R"(","api_secret":")" +
                          risky_secret + R"("})",
                      &status);
  EXPECT_EQ(status, 422);
  EXPECT_NE(std::string(refused.as_object().at("error").as_object().at("message").as_string())
                .find("Enable Withdrawals"),
            std::string::npos);
  EXPECT_TRUE(call("GET", "/api/v1/connections", "", &status)
                  .as_object()
                  .at("connections")
                  .as_array()
                  .empty());

  // A wrong secret is refused by the venue's own signature check.
  auto wrong =
      call("POST", "/api/v1/connections",
           R"({"venue":"binance","api_key":")" + key + R"(","api_secret":"not-the-secret-at-all"})",
           &status);
  EXPECT_EQ(status, 422);
  EXPECT_EQ(wrong.as_object().at("error").as_object().at("code").as_string(), "bad_signature");

  auto created = call("POST", "/api/v1/connections",
                      R"({"venue":"binance","label":"futures","api_key":")" + key +
                          R"(","api_secret":")" + secret + R"("})",
                      &status);
  ASSERT_EQ(status, 201) << boost::json::serialize(created);
  const auto& conn = created.as_object().at("connection").as_object();
  EXPECT_EQ(conn.at("verdict").as_string(), "accepted_with_warning");
  EXPECT_TRUE(conn.at("ip_restricted").as_bool());
  EXPECT_NE(std::string(conn.at("warnings").as_array()[0].as_string()).find("Enable Futures"),
            std::string::npos);

  // A Bybit key beside it: positions from both venues in one list.
  const std::string bybit_key = "byKeyR4tY7uI0oP3aS6dF9gH2jK5lZ8x";
  const std::string bybit_secret = "bySecretQ1wE4rT7yU0iO3pA6sD9fG2hJ5k";
  bybit_.AddKey(
      bybit_key, bybit_secret,
      R"({"readOnly":1,"permissions":{"ContractTrade":["Position"]},"ips":["203.0.113.7"]})");
  bybit_.SetPositions(
      bybit_key,
      {R"({"symbol":"ETHUSDT","side":"Sell","size":"2","avgPrice":"3000","markPrice":"3100","liqPrice":"3500","leverage":"10","positionValue":"6200","positionIM":"600","positionMM":"31","unrealisedPnl":"-200"})"});
  auto by = call("POST", "/api/v1/connections",
                 R"({"venue":"bybit","label":"bybit main","api_key":")" + bybit_key +
                     R"(","api_secret":")" + bybit_secret + R"("})",
                 &status);
  ASSERT_EQ(status, 201) << boost::json::serialize(by);
  EXPECT_EQ(by.as_object().at("connection").as_object().at("verdict").as_string(), "accepted");

  ASSERT_TRUE(WaitUntil(
      [&] {
        return call("GET", "/api/v1/positions", "", &status)
                   .as_object()
                   .at("positions")
                   .as_array()
                   .size() == 2;
      },
      20s));
  binance_.SetPositions(key, BinancePosition(91000),
                        R"([{"symbol":"BTCUSDT","marginType":"CROSSED","leverage":10}])");
  // The Bybit short is itself near a warning, so its alert may come first: wait for the one that
  // names the Binance position.
  EXPECT_TRUE(WaitUntil(
      [&] {
        for (const auto& m : telegram_.SentTo(kChat)) {
          if (m.text.find("BTCUSDT") != std::string::npos) return true;
        }
        return false;
      },
      20s));

  std::string id = std::to_string(conn.at("id").as_int64());
  call("DELETE", "/api/v1/connections/" + id, "", &status);
  EXPECT_EQ(status, 200);
  serve_->Stop();

  std::vector<std::string> haystacks = {testing::ReadFile(dir_.File("data/baro.db")),
                                        testing::ReadFile(dir_.File("data/baro.db-wal")),
                                        testing::ReadFile(dir_.File("serve.log"))};
  for (const auto& a : answers) haystacks.push_back(a);
  for (const auto& m : telegram_.Sent()) haystacks.push_back(m.text);
  for (const std::string& s : {key, secret, risky_key, risky_secret, bybit_key, bybit_secret}) {
    for (const std::string& form : log::SecretForms(s)) {
      for (std::size_t i = 0; i < haystacks.size(); ++i) {
        EXPECT_EQ(haystacks[i].find(form), std::string::npos)
            << "secret form found in haystack " << i;
      }
    }
  }
}

// One user with all seven venues connected at once: a HyperLiquid address and six read-only keys
// (three with passphrases, Gate confirmed by the user and marked unverified). Every venue's
// position shows in the one list, and no key, secret or passphrase is found anywhere afterwards.
TEST_F(ServeE2E, AllSevenVenuesForOneUser) {
  const std::string address = "0x00000000000000000000000000000000000000cc";
  market_.SetClearinghouseState(address, HyperliquidState(100000));
  struct Key {
    std::string venue, key, secret, passphrase;
  };
  const std::vector<Key> keys = {
      {"binance", "bnAllKey0123456789abcdefghijklmnop", "bnAllSecret0123456789abcdefghijklm", ""},
      {"bybit", "byAllKey0123456789abcdefghijklmnop", "byAllSecret0123456789abcdefghijklm", ""},
      {"okx", "okAllKey0123456789abcdefghijklmnop", "okAllSecret0123456789abcdefghijklm",
       "okAllPassphrase42"},
      {"bitget", "bgAllKey0123456789abcdefghijklmnop", "bgAllSecret0123456789abcdefghijklm",
       "bgAllPassphrase42"},
      {"gate", "gtAllKey0123456789abcdefghijklmnop", "gtAllSecret0123456789abcdefghijklm", ""},
      {"kucoin", "kcAllKey0123456789abcdefghijklmnop", "kcAllSecret0123456789abcdefghijklm",
       "kcAllPassphrase42"}};
  binance_.AddKey(keys[0].key, keys[0].secret, R"({"enableReading":true,"enableFutures":true})");
  binance_.SetPositions(keys[0].key, BinancePosition(100000),
                        R"([{"symbol":"BTCUSDT","marginType":"CROSSED","leverage":10}])");
  bybit_.AddKey(keys[1].key, keys[1].secret,
                R"({"readOnly":1,"permissions":{"ContractTrade":["Position"]},"ips":[]})");
  bybit_.SetPositions(
      keys[1].key,
      {R"({"symbol":"ETHUSDT","side":"Sell","size":"2","avgPrice":"3000","markPrice":"3100","liqPrice":"3500","leverage":"10","positionValue":"6200","positionIM":"600","positionMM":"31","unrealisedPnl":"-200"})"});
  okx_.AddKey(keys[2].key, keys[2].secret, keys[2].passphrase, R"({"perm":"read_only","ip":""})");
  okx_.SetInstruments(
      R"([{"instType":"SWAP","instId":"SOL-USDT-SWAP","ctType":"linear","ctVal":"1","ctMult":"1","settleCcy":"USDT"}])");
  okx_.SetPositions(
      keys[2].key,
      R"([{"instType":"SWAP","instId":"SOL-USDT-SWAP","posSide":"net","pos":"40","avgPx":"150","markPx":"152","liqPx":"110","lever":"5","mgnMode":"cross","mmr":"30","upl":"80"}])");
  bitget_.AddKey(keys[3].key, keys[3].secret, keys[3].passphrase,
                 R"({"authorities":["cpor","coor"],"ips":""})");
  bitget_.SetPositions(
      keys[3].key,
      R"([{"symbol":"XRPUSDT","marginCoin":"USDT","holdSide":"long","total":"1000","openPriceAvg":"0.6","markPrice":"0.62","liquidationPrice":"0.4","leverage":"3","marginMode":"crossed","keepMarginRate":"0.005","unrealizedPL":"20"}])");
  gate_.AddKey(keys[4].key, keys[4].secret);
  gate_.SetContracts(R"([{"name":"DOGE_USDT","quanto_multiplier":"10"}])");
  gate_.SetPositions(
      keys[4].key,
      R"([{"contract":"DOGE_USDT","size":-50,"mode":"single","leverage":"0","cross_leverage_limit":"5","entry_price":"0.2","mark_price":"0.19","liq_price":"0.3","value":"95","unrealised_pnl":"5"}])");
  kucoin_.AddKey(keys[5].key, keys[5].secret, keys[5].passphrase,
                 R"({"permission":"General","ipWhitelist":""})");
  kucoin_.SetContracts(R"([{"symbol":"ADAUSDTM","multiplier":10,"isInverse":false}])");
  kucoin_.SetPositions(
      keys[5].key,
      R"([{"symbol":"ADAUSDTM","currentQty":30,"avgEntryPrice":0.45,"markPrice":0.46,"liquidationPrice":0.31,"leverage":3,"marginMode":"CROSS","settleCurrency":"USDT","isInverse":false,"isOpen":true,"markValue":138,"unrealisedPnl":3}])");

  std::string url = StartServe();
  ASSERT_FALSE(url.empty());
  ApiSession api(url);
  std::vector<std::string> answers;
  int status = 0;
  auto call = [&](const std::string& method, const std::string& target, const std::string& body) {
    auto v = api.Call(method, target, body, &status);
    answers.push_back(boost::json::serialize(v));
    return v;
  };
  ASSERT_TRUE(testing::SignUp(api, "all@example.com"));
  ASSERT_TRUE(testing::GrantPremium("all@example.com", env_));
  call("POST", "/api/v1/connections",
       R"({"venue":"hyperliquid","label":"wallet","wallet_address":")" + address + R"("})");
  ASSERT_EQ(status, 201);
  std::map<std::string, std::string> verdicts;
  for (const auto& k : keys) {
    boost::json::object body{{"venue", k.venue},
                             {"label", k.venue + " main"},
                             {"api_key", k.key},
                             {"api_secret", k.secret}};
    if (!k.passphrase.empty()) body["passphrase"] = k.passphrase;
    if (k.venue == "gate") body["confirm_read_only"] = true;
    auto created = call("POST", "/api/v1/connections", boost::json::serialize(body));
    ASSERT_EQ(status, 201) << k.venue << ": " << boost::json::serialize(created);
    verdicts[k.venue] =
        std::string(created.as_object().at("connection").as_object().at("verdict").as_string());
  }
  EXPECT_EQ(verdicts["binance"], "accepted_with_warning");
  EXPECT_EQ(verdicts["bybit"], "accepted");
  EXPECT_EQ(verdicts["okx"], "accepted");
  EXPECT_EQ(verdicts["bitget"], "accepted");
  EXPECT_EQ(verdicts["gate"], "unverified");
  EXPECT_EQ(verdicts["kucoin"], "accepted");

  std::set<std::string> venues;
  ASSERT_TRUE(WaitUntil(
      [&] {
        venues.clear();
        auto list = call("GET", "/api/v1/positions", "");
        for (const auto& p : list.as_object().at("positions").as_array()) {
          venues.insert(std::string(p.as_object().at("venue").as_string()));
        }
        return venues.size() == 7;
      },
      30s))
      << venues.size() << " venues seen";
  auto list = call("GET", "/api/v1/positions", "");
  // Contracts became base units: OKX 40 × 1, Gate 50 × 10, KuCoin 30 × 10.
  std::map<std::string, double> sizes;
  for (const auto& v : list.as_object().at("positions").as_array()) {
    const auto& p = v.as_object();
    sizes[std::string(p.at("venue").as_string())] = p.at("size").to_number<double>();
  }
  EXPECT_DOUBLE_EQ(sizes["okx"], 40);
  EXPECT_DOUBLE_EQ(sizes["gate"], 500);
  EXPECT_DOUBLE_EQ(sizes["kucoin"], 300);
  serve_->Stop();

  std::vector<std::string> haystacks = {testing::ReadFile(dir_.File("data/baro.db")),
                                        testing::ReadFile(dir_.File("data/baro.db-wal")),
                                        testing::ReadFile(dir_.File("serve.log"))};
  for (const auto& a : answers) haystacks.push_back(a);
  for (const auto& k : keys) {
    for (const std::string& s : {k.key, k.secret, k.passphrase}) {
      if (s.empty()) continue;
      for (const std::string& form : log::SecretForms(s)) {
        for (std::size_t i = 0; i < haystacks.size(); ++i) {
          EXPECT_EQ(haystacks[i].find(form), std::string::npos)
              << k.venue << " secret form found in haystack " << i;
        }
      }
    }
  }
}

// serve keeps its fetcher alive: killed, it is started again, and reads through it work again.
TEST_F(ServeE2E, AFetcherThatDiesIsStartedAgain) {
  env_["BARO_FETCHER_WATCH_MS"] = "50";
  const std::string address = "0x00000000000000000000000000000000000000dd";
  market_.SetClearinghouseState(address, HyperliquidState(100000));
  std::string url = StartServe();
  ASSERT_FALSE(url.empty());
  ApiSession api(url);
  int status = 0;
  ASSERT_TRUE(testing::SignUp(api, "f@example.com"));
  ASSERT_TRUE(testing::GrantPremium("f@example.com", env_));
  // The fetcher's pid, from serve's start-up record.
  std::string log;
  std::size_t at = std::string::npos;
  ASSERT_TRUE(WaitUntil(
      [&] {
        log = testing::ReadFile(dir_.File("serve.log"));
        at = log.find("\"fetcher_pid\":\"");
        return at != std::string::npos;
      },
      10s))
      << log;
  const pid_t pid = std::stoi(log.substr(at + 15));
  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  const std::string body =
      R"({"venue":"hyperliquid","label":"wallet","wallet_address":")" + address + R"("})";
  ASSERT_TRUE(WaitUntil(
      [&] {
        api.Call("POST", "/api/v1/connections", body, &status);
        return status == 201;
      },
      20s))
      << "connecting needs the fetcher; last status " << status;
  EXPECT_NE(testing::ReadFile(dir_.File("serve.log")).find("serve.fetcher_restarted"),
            std::string::npos);
}

// The inode of the TCP socket listening on `port` (IPv4), from /proc/net/tcp, or "".
std::string ListenerInode(int port) {
  std::ifstream tcp("/proc/net/tcp");
  std::string line;
  std::getline(tcp, line);  // header
  char local_port[8];
  std::snprintf(local_port, sizeof local_port, ":%04X", port);
  while (std::getline(tcp, line)) {
    std::istringstream fields(line);
    std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
    fields >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >>
        timeout >> inode;
    if (state == "0A" && local.size() > 5 && local.substr(local.size() - 5) == local_port) {
      return inode;
    }
  }
  return "";
}

// A fetcher started after the API listens (a restart) holds none of serve's descriptors, the API's
// listening socket above all, and sees none of serve's secrets in its environment.
TEST_F(ServeE2E, ARestartedFetcherHoldsNoneOfServesDescriptors) {
  env_["BARO_FETCHER_WATCH_MS"] = "50";
  std::string url = StartServe();
  ASSERT_FALSE(url.empty());
  const int port = std::stoi(url.substr(url.rfind(':') + 1));
  const std::string inode = ListenerInode(port);
  ASSERT_FALSE(inode.empty()) << "no listener on port " << port;
  std::string log;
  std::size_t at = std::string::npos;
  ASSERT_TRUE(WaitUntil(
      [&] {
        log = testing::ReadFile(dir_.File("serve.log"));
        at = log.find("\"fetcher_pid\":\"");
        return at != std::string::npos;
      },
      10s))
      << log;
  ASSERT_EQ(::kill(std::stoi(log.substr(at + 15)), SIGKILL), 0);
  std::string restarted;
  ASSERT_TRUE(WaitUntil(
      [&] {
        const std::string now = testing::ReadFile(dir_.File("serve.log"));
        const auto r = now.find("serve.fetcher_restarted");
        if (r == std::string::npos) return false;
        const auto p = now.find("\"fetcher_pid\":\"", r);
        if (p == std::string::npos) return false;
        restarted = now.substr(p + 15, now.find('"', p + 15) - p - 15);
        return true;
      },
      20s));
  const std::string fds = testing::DescribeDescriptors(std::stoi(restarted));
  ASSERT_FALSE(fds.empty());
  EXPECT_EQ(fds.find("socket:[" + inode + "]"), std::string::npos) << fds;
  const std::string environ = testing::ReadFile("/proc/" + restarted + "/environ");
  EXPECT_NE(environ.find("BARO_DATA_DIR="), std::string::npos);
  EXPECT_EQ(environ.find("BARO_TELEGRAM_BOT_TOKEN"), std::string::npos);
}

}  // namespace
}  // namespace baro
