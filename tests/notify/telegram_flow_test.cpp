// Linking and delivery against the fake Bot API over real loopback HTTP.
#include <gtest/gtest.h>

#include "core/clock.h"
#include "fakes/telegram/fake_telegram.h"
#include "notify/alert_message.h"
#include "notify/html.h"
#include "notify/link_tokens.h"
#include "notify/outbox_sender.h"
#include "notify/update_poller.h"
#include "support/temp_dir.h"

namespace baro::notify {
namespace {

using namespace std::chrono_literals;
constexpr char kToken[] = "123456:ABC-test-token-value";

class TelegramFlowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fake_.Start());
    auto s = store::OpenStore("sqlite://" + dir_.File("n.db"));
    ASSERT_TRUE(s.ok());
    store_ = std::move(*s);
    ASSERT_TRUE(store_->Migrate().ok());
    user_ = store_->users().Create("a@x.io", "h", 0)->id;
    client_ = std::make_unique<TelegramClient>(*net::ParseUrl(fake_.BaseUrl()), SecretBytes(kToken),
                                               net::HttpClientOptions{});
  }
  std::string LinkToken() {
    auto link =
        IssueLink(store_->telegram(), user_, "baro_test_bot", clock_.NowMs(), 15 * 60 * 1000);
    EXPECT_TRUE(link.ok());
    EXPECT_EQ(link->url.rfind("https://t.me/baro_test_bot?start=", 0), 0u);
    return link->url.substr(link->url.find("start=") + 6);
  }
  void Enqueue(std::int64_t chat, int n) {
    store::CheckOutcome o;
    o.user_id = user_;
    for (int i = 0; i < n; ++i) {
      store::OutboxMessage m;
      m.chat_id = chat;
      m.text = "<b>alert</b> " + std::to_string(i);
      o.messages.push_back(m);
    }
    ASSERT_TRUE(store_->alerts().Commit(o).ok());
  }

  testing::TempDir dir_;
  fakes::FakeTelegram fake_{kToken};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<TelegramClient> client_;
  ManualClock clock_{1'700'000'000'000};
  store::Id user_ = 0;
};

TEST_F(TelegramFlowTest, StartWithTokenLinksTheChatOnceAndPersistsTheOffset) {
  const std::string token = LinkToken();
  EXPECT_TRUE(ValidStartPayload(token));
  fake_.SendText(555, "/start " + token, "john");
  UpdatePoller poller({.poll_timeout_s = 0}, *client_, *store_, clock_);
  ASSERT_EQ(*poller.PollOnce(), 1);
  auto chat = store_->telegram().GetChat(user_);
  ASSERT_TRUE(chat.ok());
  EXPECT_EQ(chat->chat_id, 555);
  EXPECT_EQ(chat->username, "john");
  ASSERT_EQ(fake_.SentTo(555).size(), 1u);
  EXPECT_NE(fake_.SentTo(555)[0].text.find("linked"), std::string::npos);

  // A second poller (a restart) continues from the stored offset: nothing is replayed.
  UpdatePoller restarted({.poll_timeout_s = 0}, *client_, *store_, clock_);
  EXPECT_EQ(*restarted.PollOnce(), 0);
  EXPECT_EQ(fake_.SentTo(555).size(), 1u);

  // The same token again binds nothing and gets the polite refusal.
  fake_.SendText(777, "/start " + token);
  EXPECT_EQ(*restarted.PollOnce(), 1);
  EXPECT_EQ(store_->telegram().GetChat(user_)->chat_id, 555);
  ASSERT_EQ(fake_.SentTo(777).size(), 1u);
  EXPECT_NE(fake_.SentTo(777)[0].text.find("invalid or has expired"), std::string::npos);
}

TEST_F(TelegramFlowTest, ExpiredMalformedAndMissingTokensBindNothing) {
  const std::string token = LinkToken();
  clock_.Advance(15 * 60 * 1000);
  fake_.SendText(1, "/start " + token);
  fake_.SendText(2, "/start not a token!");
  fake_.SendText(3, "/start", "u", "ko");
  UpdatePoller poller({.poll_timeout_s = 0}, *client_, *store_, clock_);
  EXPECT_EQ(*poller.PollOnce(), 3);
  EXPECT_FALSE(store_->telegram().GetChat(user_).ok());
  EXPECT_NE(fake_.SentTo(1)[0].text.find("expired"), std::string::npos);
  EXPECT_NE(fake_.SentTo(2)[0].text.find("expired"), std::string::npos);
  EXPECT_NE(fake_.SentTo(3)[0].text.find("안녕하세요"), std::string::npos);  // Korean client
}

TEST_F(TelegramFlowTest, LongPollWakesWhenAnUpdateArrives) {
  UpdatePoller poller({.poll_timeout_s = 30}, *client_, *store_, clock_);
  std::thread sender([&] { fake_.SendText(9, "/start"); });
  auto start = std::chrono::steady_clock::now();
  auto n = poller.PollOnce();
  sender.join();
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 25s);
}

TEST_F(TelegramFlowTest, BurstToOneChatIsPacedOnePerInterval) {
  fake_.SendText(42, "hi");  // the chat exists
  Enqueue(42, 3);
  OutboxSender sender({.per_chat_interval_ms = 1000}, *client_, *store_, clock_);
  EXPECT_EQ(sender.RunOnce(), 1);
  EXPECT_EQ(sender.RunOnce(), 0);  // same instant: the next must wait a second
  clock_.Advance(999);
  EXPECT_EQ(sender.RunOnce(), 0);
  clock_.Advance(1);
  EXPECT_EQ(sender.RunOnce(), 1);
  clock_.Advance(1000);
  EXPECT_EQ(sender.RunOnce(), 1);
  auto sent = fake_.SentTo(42);
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[0].text, "<b>alert</b> 0");  // in order
  EXPECT_EQ(sent[2].text, "<b>alert</b> 2");
  clock_.Advance(60000);
  EXPECT_EQ(sender.RunOnce(), 0);  // nothing is sent twice
}

TEST_F(TelegramFlowTest, GlobalRateLimitsManyChats) {
  for (int c = 1; c <= 10; ++c) {
    fake_.SendText(c, "hi");
    Enqueue(c, 1);
  }
  OutboxSender sender({.global_rate_per_s = 4}, *client_, *store_, clock_);
  EXPECT_EQ(sender.RunOnce(), 4);  // a one-second bucket
  EXPECT_EQ(sender.RunOnce(), 0);
  clock_.Advance(500);
  EXPECT_EQ(sender.RunOnce(), 2);
}

TEST_F(TelegramFlowTest, RetryAfterIsHonouredForTheWholeBot) {
  fake_.SendText(42, "hi");
  fake_.SendText(43, "hi");
  Enqueue(42, 1);
  Enqueue(43, 1);
  fake_.FailNextSends(42, 429, "Too Many Requests: retry after 7", 7);
  OutboxSender sender({}, *client_, *store_, clock_);
  EXPECT_EQ(sender.RunOnce(), 0);  // 42 got 429; 43 must wait too
  clock_.Advance(6999);
  EXPECT_EQ(sender.RunOnce(), 0);
  EXPECT_TRUE(fake_.Sent().empty());
  clock_.Advance(1);
  EXPECT_EQ(sender.RunOnce(), 2);
}

TEST_F(TelegramFlowTest, BlockedChatBecomesInactiveAndTheMessageFails) {
  fake_.SendText(42, "hi");
  ASSERT_TRUE(store_->telegram().LinkChat({user_, 42, "u", true, 0}).ok());
  fake_.BlockBot(42);
  Enqueue(42, 1);
  OutboxSender sender({}, *client_, *store_, clock_);
  EXPECT_EQ(sender.RunOnce(), 0);
  EXPECT_FALSE(store_->telegram().GetChat(user_)->active);
  auto rows = store_->outbox().ListForUser(user_);
  EXPECT_EQ(rows->front().status, store::OutboxStatus::kFailed);
  EXPECT_NE(rows->front().last_error.find("blocked"), std::string::npos);
}

TEST_F(TelegramFlowTest, NetworkFailureIsRetriedWithBackoff) {
  fake_.SendText(42, "hi");
  Enqueue(42, 1);
  fake_.FailNextSends(42, 502, "Bad Gateway", 0, 2);
  OutboxSender sender({.retry_backoff_ms = 1000}, *client_, *store_, clock_);
  EXPECT_EQ(sender.RunOnce(), 0);
  clock_.Advance(1000);
  EXPECT_EQ(sender.RunOnce(), 0);  // second failure: backoff doubles to 2 s
  clock_.Advance(1999);
  EXPECT_EQ(sender.RunOnce(), 0);
  clock_.Advance(1);
  EXPECT_EQ(sender.RunOnce(), 1);
  EXPECT_EQ(store_->outbox().ListForUser(user_)->front().status, store::OutboxStatus::kSent);
}

TEST_F(TelegramFlowTest, WrongTokenIsAnErrorWithoutTheToken) {
  TelegramClient wrong(*net::ParseUrl(fake_.BaseUrl()), SecretBytes("999:wrong-token-value"),
                       TelegramClientOptions{});
  auto r = wrong.GetMe();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error.error_code, 401);
  EXPECT_EQ(r.error.description.find("wrong-token"), std::string::npos);
  EXPECT_EQ(client_->GetMe().value.value_or(""), "baro_test_bot");
}

TEST(AlertMessage, ListsPositionsByUrgencyWithTheNotice) {
  AlertItem warn, emergency;
  warn.position.symbol = "ETHUSDT";
  warn.risk.liquidation_level = risk::Level::kWarning;
  warn.risk.liquidation_price = 1000;
  warn.risk.distance = 0.12;
  warn.events = {{risk::Signal::kLiquidation, risk::EventKind::kEscalated, risk::Level::kWarning,
                  risk::Level::kOk}};
  emergency.position.symbol = "BTC<USDT";  // escaped
  emergency.risk.liquidation_level = risk::Level::kEmergency;
  emergency.risk.liquidation_price = 90000;
  emergency.risk.liquidation_estimated = true;
  emergency.risk.distance = 0.02;
  emergency.events = {{risk::Signal::kLiquidation, risk::EventKind::kEscalated,
                       risk::Level::kEmergency, risk::Level::kWarning}};
  auto parts = RenderAlerts({warn, emergency}, {}, "en");
  ASSERT_EQ(parts.size(), 1u);
  const std::string& m = parts[0];
  EXPECT_LT(m.find("BTC&lt;USDT"), m.find("ETHUSDT"));
  EXPECT_NE(m.find("estimated"), std::string::npos);
  EXPECT_NE(m.find("Baro does not trade"), std::string::npos);
  auto ko = RenderAlerts({warn}, {}, "ko");
  EXPECT_NE(ko[0].find("참고용"), std::string::npos);
}

}  // namespace
}  // namespace baro::notify
