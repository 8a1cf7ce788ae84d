// Crashes with real processes and the real store: the roles run as separate processes of the real
// binary on a PostgreSQL database started by the test, and one of them is killed with SIGKILL at
// the worst moment, then started again. What docs/architecture.md and docs/storage.md promise:
//  - a worker killed in the middle of a check: its successor on the same host takes the lease back
//    at once (not after worker.lease_s) and the alert goes out;
//  - the fetcher killed in the middle of a read: the read fails once, the next check reads through
//    the new fetcher and the alert goes out, without "needs attention";
//  - the notifier killed after Telegram accepted a message and before it was marked sent: that one
//    message is sent once more after the restart (documented), never lost, never a third time.
// A relay in front of the fakes holds the request at that moment (tests/app/holding_relay.h).
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <future>
#include <iostream>

#include "app/api_session.h"
#include "app/e2e_setup.h"
#include "app/holding_relay.h"
#include "support/child.h"
#include "support/postgres_server.h"
#include "support/temp_dir.h"

namespace baro {
namespace {

using namespace std::chrono_literals;
using testing::ApiSession;
using testing::HoldingRelay;
using testing::WaitUntil;
constexpr char kBotToken[] = "4242:crash-test-bot-token";
constexpr std::int64_t kChat = 990001;

bool PostgresRequired() {
  const char* v = std::getenv("BARO_REQUIRE_POSTGRES");
  return v != nullptr && std::string_view(v) == "1";
}

std::string HyperliquidState(double mark) {
  // One isolated 0.1 BTC long at 100000 with the venue's liquidation price 80800 (the shape of
  // shared/reference/samples' clearinghouseState, as in serve_e2e_test.cpp).
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

class CrashE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& server = testing::PostgresServer::Shared();
    if (!server.ok()) {
      if (PostgresRequired()) FAIL() << server.why_not();
      GTEST_SKIP() << server.why_not();
    }
    ASSERT_TRUE(fakes_.Start());
    binance_.SetMark("BTCUSDT", 100000);
    market_.SetHyperliquid("BTC", 100000, 40);
    telegram_relay_ = std::make_unique<HoldingRelay>(telegram_.BaseUrl());
    binance_relay_ = std::make_unique<HoldingRelay>(binance_.BaseUrl());
    hyperliquid_relay_ = std::make_unique<HoldingRelay>(market_.BaseUrl());
    ASSERT_TRUE(telegram_relay_->Start());
    ASSERT_TRUE(binance_relay_->Start());
    ASSERT_TRUE(hyperliquid_relay_->Start());
    env_ = fakes_.Environment(dir_.File("data"));
    env_["BARO_DATABASE_URL"] = server.NewDatabase();
    // Telegram and the reads of positions pass through relays that can hold an answer back.
    env_["BARO_TELEGRAM_API_BASE"] = telegram_relay_->BaseUrl();
    env_["BARO_EXCHANGES_HYPERLIQUID_API"] = hyperliquid_relay_->BaseUrl();
    env_["BARO_EXCHANGES_BINANCE_FUTURES_API"] = binance_relay_->BaseUrl();
    // The default lease: a test that passed only by waiting it out would need 120 s.
    env_["BARO_WORKER_LEASE_S"] = "120";
    const std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    if (name.find("LongPoll") != std::string::npos) {
      env_["BARO_TELEGRAM_POLL_TIMEOUT_S"] = "50";  // Telegram's longest
    }
    ASSERT_EQ(testing::RunToEnd({BARO_BINARY, "migrate"}, env_).first, 0);
    ASSERT_EQ(testing::RunToEnd({BARO_BINARY, "keys", "init"}, env_).first, 0);
    api_ = Start("api", "api");
    auto line = api_->WaitForLine("Baro API is running at ", 30s);
    ASSERT_TRUE(line.has_value()) << Logs();
    url_ = line->substr(line->find("http://"));
    fetcher_ = Start("fetcher", "fetcher");
    worker_ = Start("worker", "worker");
    notifier_ = Start("notifier", "notifier");
  }

  void TearDown() override {
    if (HasFailure()) std::cerr << Logs();
    // Answers any poll still parked, so that the relays in front can stop at once.
    telegram_.Stop();
  }

  std::unique_ptr<testing::Child> Start(const std::string& role, const std::string& log) {
    ++starts_;
    return std::make_unique<testing::Child>(
        std::vector<std::string>{BARO_BINARY, role}, env_,
        dir_.File(log + "-" + std::to_string(starts_) + ".log"));
  }

  std::string Logs() {
    std::string out;
    for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
      if (entry.path().extension() != ".log") continue;
      out += "--- " + entry.path().filename().string() + " ---\n" +
             testing::ReadFile(entry.path().string());
    }
    return out;
  }

  // Signs up a premium user with a linked chat.
  void SignUpAndLink(ApiSession& session) {
    ASSERT_TRUE(testing::SignUpPremiumLinked(session, "crash@example.com", env_, telegram_, kChat))
        << Logs();
  }

  void EnterPosition(ApiSession& session) {
    int status = 0;
    session.Call(
        "POST", "/api/v1/manual-positions",
        R"({"venue":"binance","symbol":"BTCUSDT","side":"long","entry_price":100000,"size":0.1,"leverage":3})",
        &status);
    ASSERT_EQ(status, 201);
    ASSERT_TRUE(WaitUntil(
        [&] {
          auto v = session.Call("GET", "/api/v1/positions");
          return !v.as_object().at("positions").as_array().empty();
        },
        20s))
        << Logs();
  }

  // Waits for `n` more checks of the user's (first) position.
  void WaitForChecks(ApiSession& session, int n) {
    std::int64_t last = 0;
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(WaitUntil(
          [&] {
            auto v = session.Call("GET", "/api/v1/positions");
            const auto& list = v.as_object().at("positions").as_array();
            if (list.empty()) return false;
            const auto at = list[0].as_object().at("observed_at").as_int64();
            if (at <= last) return false;
            last = at;
            return true;
          },
          20s))
          << Logs();
    }
  }

  testing::TempDir dir_;
  testing::E2eFakes fakes_{kBotToken};
  fakes::FakeTelegram& telegram_ = fakes_.telegram;
  fakes::FakeMarket& market_ = fakes_.market;
  fakes::FakeBinance& binance_ = fakes_.binance;
  std::unique_ptr<HoldingRelay> telegram_relay_, binance_relay_, hyperliquid_relay_;
  std::map<std::string, std::string> env_;
  std::string url_;
  int starts_ = 0;
  std::unique_ptr<testing::Child> api_, fetcher_, worker_, notifier_;
};

TEST_F(CrashE2E, AWorkerKilledMidCheckIsReplacedAndTheAlertIsNotLost) {
  ApiSession session(url_);
  SignUpAndLink(session);
  EnterPosition(session);
  // The next check asks for the mark price and is held there; the mark has meanwhile fallen near
  // the liquidation price. The worker dies holding the monitor's lease (120 s).
  binance_relay_->Hold("premiumIndex", HoldingRelay::When::kBeforeForwarding);
  ASSERT_TRUE(binance_relay_->WaitForHeld(20s)) << Logs();
  binance_.SetMark("BTCUSDT", 68000);
  worker_->Kill();
  binance_relay_->Release();
  worker_ = Start("worker", "worker");
  // Far less than the lease: the new worker took the dead one's lease back at start.
  ASSERT_TRUE(telegram_.WaitForSent(2, 30s)) << Logs();
  const auto sent = telegram_.SentTo(kChat);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_NE(sent[1].text.find("BTCUSDT"), std::string::npos);
  EXPECT_NE(testing::ReadFile(dir_.File("worker-5.log")).find("lease.taken_over"),
            std::string::npos)
      << Logs();
}

TEST_F(CrashE2E, ANotifierKilledAfterTelegramAcceptedSendsThatMessageOnceMore) {
  ApiSession session(url_);
  SignUpAndLink(session);
  EnterPosition(session);
  // Telegram accepts the alert, and the answer is held: the notifier has not marked it sent when
  // it dies.
  telegram_relay_->Hold("sendMessage", HoldingRelay::When::kAfterForwarding);
  binance_.SetMark("BTCUSDT", 68000);
  ASSERT_TRUE(telegram_relay_->WaitForHeld(30s)) << Logs();
  ASSERT_EQ(telegram_.SentTo(kChat).size(), 2u);
  notifier_->Kill();
  telegram_relay_->Release();
  notifier_ = Start("notifier", "notifier");
  // Not lost: sent again by the new notifier, at once (its predecessor's outbox lease is taken
  // back).
  ASSERT_TRUE(telegram_.WaitForSent(3, 20s)) << Logs();
  // And only once more: further checks announce nothing new.
  WaitForChecks(session, 3);
  const auto sent = telegram_.SentTo(kChat);
  ASSERT_EQ(sent.size(), 3u) << Logs();
  EXPECT_EQ(sent[1].text, sent[2].text);
  EXPECT_NE(sent[1].text.find("BTCUSDT"), std::string::npos);
}

TEST_F(CrashE2E, AFetcherKilledMidReadIsReplacedAndTheNextCheckAlerts) {
  const std::string address = "0x00000000000000000000000000000000000000bb";
  market_.SetClearinghouseState(address, HyperliquidState(100000));
  ApiSession session(url_);
  SignUpAndLink(session);
  int status = 0;
  auto created = session.Call(
      "POST", "/api/v1/connections",
      R"({"venue":"hyperliquid","label":"wallet","wallet_address":")" + address + R"("})", &status);
  ASSERT_EQ(status, 201) << boost::json::serialize(created);
  ASSERT_TRUE(WaitUntil(
      [&] {
        auto v = session.Call("GET", "/api/v1/positions");
        return !v.as_object().at("positions").as_array().empty();
      },
      20s))
      << Logs();
  // The fetcher is in the middle of reading the wallet when it dies.
  hyperliquid_relay_->Hold("clearinghouseState", HoldingRelay::When::kBeforeForwarding);
  ASSERT_TRUE(hyperliquid_relay_->WaitForHeld(20s)) << Logs();
  market_.SetClearinghouseState(address, HyperliquidState(82000));
  fetcher_->Kill();
  hyperliquid_relay_->Release();
  fetcher_ = Start("fetcher", "fetcher");
  ASSERT_TRUE(telegram_.WaitForSent(2, 30s)) << Logs();
  auto sent = telegram_.SentTo(kChat);
  EXPECT_NE(sent.back().text.find("HyperLiquid"), std::string::npos);
  // One failed read is not "needs attention" (worker.failures_before_attention is 3).
  auto conns = session.Call("GET", "/api/v1/connections").as_object().at("connections").as_array();
  ASSERT_EQ(conns.size(), 1u);
  EXPECT_FALSE(conns[0].as_object().at("needs_attention").as_bool());
}

// SIGTERM during Telegram's long poll (50 s here): the notifier cancels the poll and exits long
// before the poll would have ended.
TEST_F(CrashE2E, SigtermDoesNotWaitForTheLongPoll) {
  ASSERT_TRUE(telegram_.WaitForLongPoll(20s)) << Logs();
  auto stopped = std::async(std::launch::async, [&] { return notifier_->Stop(); });
  const bool in_time = stopped.wait_for(5s) == std::future_status::ready;
  EXPECT_TRUE(in_time) << "the notifier waited out the long poll";
  EXPECT_EQ(stopped.get(), 0);
}

}  // namespace
}  // namespace baro
