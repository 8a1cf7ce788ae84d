// Telegram fault scenario through `baro serve`: while alerts are due, the Bot API fake answers
// 429 with parameters.retry_after (https://core.telegram.org/bots/api#responseparameters), then on
// the wire (fakes/server/fake_http_server.h) 5xx with Telegram's error envelope
// (https://core.telegram.org/bots/api#making-requests), malformed JSON, a reset connection and a
// hang. Baro must stay up, keep away from sendMessage while retry_after lasts, lose no alert and,
// once Telegram answers again, deliver each alert exactly once (docs/telegram.md, outbox_sender.h).
#include <gtest/gtest.h>

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
constexpr char kBotToken[] = "4343:telegram-fault-bot-token";
constexpr std::int64_t kChat = 990011;
constexpr int kRetryAfterS = 2;

// One hand-entered 3x isolated long per symbol, entered at `entry`; its alert comes when the mark
// falls to 68 % of it (liquidation near 66.9 %, see serve_e2e_test.cpp's hand calculation).
struct Watched {
  std::string symbol;
  double entry;
};
const std::vector<Watched> kWatched = {
    {"BTCUSDT", 100000}, {"ETHUSDT", 3000}, {"SOLUSDT", 150}, {"XRPUSDT", 0.5}, {"DOGEUSDT", 0.2}};

class TelegramFaults : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fakes_.Start());
    for (const auto& w : kWatched) binance_.SetMark(w.symbol, w.entry);
    env_ = fakes_.Environment(dir_.File("data"));
    env_["BARO_TELEGRAM_PER_CHAT_INTERVAL_MS"] = "0";
    // Back-off kept short so the scenario runs in seconds: 200 ms doubling up to 2 s.
    env_["BARO_TELEGRAM_RETRY_BACKOFF_MS"] = "200";
    env_["BARO_TELEGRAM_RETRY_BACKOFF_MAX_MS"] = "2000";
  }

  void TearDown() override {
    if (serve_) serve_->Stop();
    if (HasFailure())
      std::cerr << "--- serve.log ---\n" << testing::ReadFile(dir_.File("serve.log"));
  }

  // Messages to the chat that name `symbol` (an alert names its position's symbol).
  int AlertsFor(const std::string& symbol) {
    int n = 0;
    for (const auto& m : telegram_.SentTo(kChat)) n += m.text.find(symbol) != std::string::npos;
    return n;
  }

  testing::TempDir dir_;
  testing::E2eFakes fakes_{kBotToken};
  fakes::FakeTelegram& telegram_ = fakes_.telegram;
  fakes::FakeBinance& binance_ = fakes_.binance;
  std::map<std::string, std::string> env_;
  std::unique_ptr<testing::Child> serve_;
};

TEST_F(TelegramFaults, OutboxBacksOffStaysUpAndSendsEachAlertOnce) {
  serve_ = std::make_unique<testing::Child>(std::vector<std::string>{BARO_BINARY, "serve"}, env_,
                                            dir_.File("serve.log"));
  auto line = serve_->WaitForLine("Baro is running at ", 30s);
  ASSERT_TRUE(line.has_value());
  ApiSession api(line->substr(line->find("http://")));
  int status = 0;
  ASSERT_TRUE(testing::SignUpPremiumLinked(api, "tgfaults@example.com", env_, telegram_, kChat));
  for (const auto& w : kWatched) {
    api.Call("POST", "/api/v1/manual-positions",
             R"({"venue":"binance","symbol":")" + w.symbol + R"(","side":"long","entry_price":)" +
                 std::to_string(w.entry) + R"(,"size":1,"leverage":3,"margin_mode":"isolated"})",
             &status);
    ASSERT_EQ(status, 201) << w.symbol;
  }
  ASSERT_TRUE(WaitUntil(
      [&] {
        auto v = api.Call("GET", "/api/v1/positions");
        const auto& list = v.as_object().at("positions").as_array();
        if (list.size() != kWatched.size()) return false;
        for (const auto& p : list)
          if (p.as_object().at("level").as_string() != "ok") return false;
        return true;
      },
      20s))
      << "every position checked, none near liquidation";
  ASSERT_EQ(telegram_.Sent().size(), 1u);

  // 429 with parameters.retry_after on sendMessage: the first alert's send is refused, and no
  // sendMessage reaches Telegram again before retry_after has passed.
  telegram_.FloodNextSends(kChat, kRetryAfterS, 1);
  const int calls_before = telegram_.send_message_calls();
  binance_.SetMark(kWatched[0].symbol, kWatched[0].entry * 0.68);
  ASSERT_TRUE(WaitUntil([&] { return telegram_.send_message_calls() > calls_before; }, 20s));
  const auto refused_at = std::chrono::steady_clock::now();
  const int calls_refused = telegram_.send_message_calls();
  EXPECT_FALSE(WaitUntil([&] { return telegram_.send_message_calls() > calls_refused; },
                         std::chrono::milliseconds(kRetryAfterS * 1000 - 300)))
      << "a sendMessage came before retry_after ended";
  ASSERT_TRUE(WaitUntil([&] { return AlertsFor(kWatched[0].symbol) == 1; }, 20s));
  EXPECT_GE(std::chrono::steady_clock::now() - refused_at,
            std::chrono::milliseconds(kRetryAfterS * 1000 - 300));

  // Faults on the wire, in turn (each replaces the last): each time one more alert falls due
  // and meets the fault at least twice (the sender tries again, it does not give up or crash).
  const std::vector<fakes::FaultPlan> plans = {
      {.fault = fakes::Fault::kServerError,
       .status = 502,
       .body = R"({"ok":false,"error_code":502,"description":"Bad Gateway"})",
       .times = -1},
      {.fault = fakes::Fault::kMalformedJson, .times = -1},
      {.fault = fakes::Fault::kResetConnection, .times = -1},
      {.fault = fakes::Fault::kHang, .times = -1}};
  for (std::size_t i = 0; i < plans.size(); ++i) {
    const Watched& w = kWatched[i + 1];
    const int before = telegram_.faults().faulted();
    telegram_.faults().Arm(plans[i]);
    binance_.SetMark(w.symbol, w.entry * 0.68);
    EXPECT_TRUE(WaitUntil([&] { return telegram_.faults().faulted() >= before + 2; }, 20s))
        << "plan " << i;
    api.Call("GET", "/healthz", "", &status);
    EXPECT_EQ(status, 200) << "plan " << i;
    EXPECT_EQ(AlertsFor(w.symbol), 0) << "plan " << i << ": nothing gets through the fault";
  }
  telegram_.faults().Clear();

  // Recovery: every alert arrives, each exactly once, and nothing more comes after.
  ASSERT_TRUE(WaitUntil(
      [&] {
        for (const auto& w : kWatched)
          if (AlertsFor(w.symbol) < 1) return false;
        return true;
      },
      30s));
  // (Alerts that fell due in the same check share one message, so messages are not counted.)
  EXPECT_FALSE(WaitUntil(
      [&] {
        for (const auto& w : kWatched)
          if (AlertsFor(w.symbol) > 1) return true;
        return false;
      },
      3s))
      << "an alert was sent twice";
  for (const auto& w : kWatched) EXPECT_EQ(AlertsFor(w.symbol), 1) << w.symbol;
  const std::string log = testing::ReadFile(dir_.File("serve.log"));
  EXPECT_EQ(log.find("outbox.failed"), std::string::npos);
  EXPECT_EQ(log.find("loop.unit_failed"), std::string::npos) << "no loop died on a fault";
}

}  // namespace
}  // namespace baro
