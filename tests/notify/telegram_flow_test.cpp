// Linking and delivery through the SQLite store and the fake Bot API over loopback HTTP: what
// must hold across restarts holds in the real database too.
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
    return link->token;
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

TEST_F(TelegramFlowTest, LinkingThroughSqliteSurvivesAPollerRestart) {
  const std::string token = LinkToken();
  fake_.SendStart(555, token, "john");
  {
    UpdatePoller poller({.poll_timeout_s = 0}, *client_, *store_, clock_);
    ASSERT_EQ(*poller.PollOnce(), 1);
  }
  auto chat = store_->telegram().GetChat(user_);
  ASSERT_TRUE(chat.ok());
  EXPECT_EQ(chat->chat_id, 555);
  EXPECT_EQ(chat->username, "john");
  ASSERT_EQ(fake_.SentTo(555).size(), 1u);

  // A new poller on the same database continues from the stored offset: nothing is replayed.
  const std::int64_t offset = *store_->telegram().GetUpdateOffset();
  EXPECT_GT(offset, 0);
  fake_.SendStart(777, token);  // the same link again
  UpdatePoller restarted({.poll_timeout_s = 0}, *client_, *store_, clock_);
  EXPECT_EQ(*restarted.PollOnce(), 1);
  EXPECT_EQ(fake_.last_confirmed_offset(), offset);
  EXPECT_EQ(fake_.SentTo(555).size(), 1u);
  EXPECT_EQ(store_->telegram().GetChat(user_)->chat_id, 555);  // single use
  EXPECT_EQ(fake_.SentTo(777).size(), 1u);
}

TEST_F(TelegramFlowTest, OutboxRowsSurviveASenderRestartAndGoOutOnce) {
  fake_.SendText(42, "hi");
  Enqueue(42, 3);
  // The rows go one by one across the restart: the digest (tests/notify/outbox_sender_test.cpp)
  // is off.
  {
    OutboxSender sender({.digest = false}, *client_, *store_, clock_);
    EXPECT_EQ(sender.RunOnce(), 1);
  }
  OutboxSender restarted({.digest = false}, *client_, *store_, clock_);
  for (int i = 0; i < 10; ++i) {
    restarted.RunOnce();
    clock_.Advance(1000);
  }
  auto sent = fake_.SentTo(42);
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[0].text, "<b>alert</b> 0");
  EXPECT_EQ(sent[2].text, "<b>alert</b> 2");
  // The Result must outlive the loop: `*ListForUser(...)` in the range would dangle
  // (found by make test-sanitize: stack-use-after-scope).
  auto rows = store_->outbox().ListForUser(user_);
  ASSERT_TRUE(rows.ok());
  for (const auto& row : *rows) {
    EXPECT_EQ(row.status, store::OutboxStatus::kSent);
  }
}

TEST_F(TelegramFlowTest, AnAlertsKeyboardGoesOutWithIt) {
  fake_.SendText(42, "hi");
  store::CheckOutcome o;
  o.user_id = user_;
  store::OutboxMessage m;
  m.chat_id = 42;
  m.text = "<b>alert</b>";
  m.reply_markup = R"({"inline_keyboard":[[{"text":"Snooze","callback_data":"z:2:m7"}]]})";
  o.messages.push_back(m);
  ASSERT_TRUE(store_->alerts().Commit(o).ok());
  OutboxSender sender({}, *client_, *store_, clock_);
  EXPECT_EQ(sender.RunOnce(), 1);
  auto sent = fake_.SentTo(42);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].reply_markup,
            R"({"inline_keyboard":[[{"text":"Snooze","callback_data":"z:2:m7"}]]})");
}

TEST_F(TelegramFlowTest, BlockedChatIsMarkedInactiveInTheStore) {
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

// The sender honours the per-event settings: a kind turned off is not sent (its row fails with
// the reason), a silent kind goes without sound, an emergency and a command reply always go.
TEST_F(TelegramFlowTest, TheSenderHonoursPerEventSettings) {
  fake_.SendText(42, "hi");
  store::CheckOutcome o;
  o.user_id = user_;
  o.states.push_back(
      {user_, "bot:events", R"({"warning":"off","critical":"off","recovery":"silent"})"});
  auto add = [&](const std::string& text, int level, const std::string& kind) {
    store::OutboxMessage m;
    m.chat_id = 42;
    m.text = text;
    m.level = level;
    m.kind = kind;
    m.next_attempt_at = clock_.NowMs();
    o.messages.push_back(m);
  };
  add("warning", 1, "");
  add("critical", 2, "");
  add("recovered", 0, "");
  add("emergency", 3, "");
  add("reply", 2, "reply");
  ASSERT_TRUE(store_->alerts().Commit(o).ok());
  OutboxSender sender({}, *client_, *store_, clock_);
  for (int i = 0; i < 5; ++i) {
    sender.RunOnce();
    clock_.Advance(1000);
  }
  std::map<std::string, fakes::SentMessage> sent;
  for (const auto& m : fake_.SentTo(42)) sent[m.text] = m;
  EXPECT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent.count("emergency"), 1u);
  EXPECT_FALSE(sent["emergency"].silent);
  EXPECT_EQ(sent.count("reply"), 1u);
  ASSERT_EQ(sent.count("recovered"), 1u);
  EXPECT_TRUE(sent["recovered"].silent);
  auto rows = store_->outbox().ListForUser(user_);
  ASSERT_TRUE(rows.ok());
  for (const auto& r : *rows) {
    if (r.text == "warning" || r.text == "critical") {
      EXPECT_EQ(r.status, store::OutboxStatus::kFailed) << r.text;
      EXPECT_EQ(r.last_error, "off in /settings");
    } else {
      EXPECT_EQ(r.status, store::OutboxStatus::kSent) << r.text;
    }
  }
}

}  // namespace
}  // namespace baro::notify
