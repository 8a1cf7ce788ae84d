// The update poller against the fake Bot API over loopback HTTP, with in-memory repositories.
#include "notify/update_poller.h"

#include <gtest/gtest.h>

#include <thread>

#include "fakes/telegram/fake_telegram.h"
#include "i18n/i18n.h"
#include "memory_store.h"
#include "notify/html.h"
#include "notify/link_tokens.h"

namespace baro::notify {
namespace {

using namespace std::chrono_literals;
constexpr char kToken[] = "123456:ABC-poller-token";

class UpdatePollerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fake_.Start());
    client_ = std::make_unique<TelegramClient>(*net::ParseUrl(fake_.BaseUrl()), SecretBytes(kToken),
                                               TelegramClientOptions{});
    user_ = users_.Create("a@x.io", "h", 0)->id;
  }
  UpdatePoller Poller(int poll_timeout_s = 0) {
    return UpdatePoller({.poll_timeout_s = poll_timeout_s}, *client_, telegram_, users_, clock_);
  }
  std::string Token(std::int64_t ttl_ms = 15 * 60 * 1000) {
    return IssueLink(telegram_, user_, fake_.bot_username(), clock_.NowMs(), ttl_ms)->token;
  }
  static std::string Text(const std::string& locale, const char* key) {
    return EscapeHtml(i18n::Text(locale, key));
  }

  fakes::FakeTelegram fake_{kToken};
  std::unique_ptr<TelegramClient> client_;
  memory::MemoryTelegram telegram_;
  memory::MemoryUsers users_;
  ManualClock clock_{1'700'000'000'000};
  store::Id user_ = 0;
};

TEST_F(UpdatePollerTest, StartWithATokenLinksTheChatAndConfirmsInTheUsersLanguage) {
  users_.users[user_].locale = "ko";
  const std::string token = Token();
  fake_.SendStart(555, token, "john", "en");  // Telegram app in English, account in Korean
  auto poller = Poller();
  ASSERT_EQ(*poller.PollOnce(), 1);
  auto chat = telegram_.GetChat(user_);
  ASSERT_TRUE(chat.ok());
  EXPECT_EQ(chat->chat_id, 555);
  EXPECT_EQ(chat->username, "john");
  EXPECT_TRUE(chat->active);
  EXPECT_EQ(chat->linked_at, clock_.NowMs());
  auto sent = fake_.SentTo(555);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].text, Text("ko", "telegram.link_confirmed"));
  EXPECT_NE(sent[0].text, Text("en", "telegram.link_confirmed"));
}

TEST_F(UpdatePollerTest, ATokenBindsOnlyOnce) {
  const std::string token = Token();
  fake_.SendStart(555, token);
  fake_.SendStart(777, token);  // someone else with the same link
  auto poller = Poller();
  ASSERT_EQ(*poller.PollOnce(), 2);
  EXPECT_EQ(telegram_.GetChat(user_)->chat_id, 555);
  ASSERT_EQ(fake_.SentTo(777).size(), 1u);
  EXPECT_EQ(fake_.SentTo(777)[0].text, Text("en", "telegram.link_invalid"));
}

TEST_F(UpdatePollerTest, ExpiredUnknownAndMalformedTokensBindNothing) {
  const std::string expired = Token(60'000);
  clock_.Advance(60'000);
  fake_.SendStart(1, expired);
  fake_.SendStart(2, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");  // well formed, unknown
  fake_.SendStart(3, "not a token!");
  fake_.SendStart(4, std::string(65, 'a'), "u", "ko");  // too long for a start parameter
  auto poller = Poller();
  EXPECT_EQ(*poller.PollOnce(), 4);
  EXPECT_TRUE(telegram_.chats.empty());
  for (std::int64_t chat : {1, 2, 3}) {
    ASSERT_EQ(fake_.SentTo(chat).size(), 1u) << chat;
    EXPECT_EQ(fake_.SentTo(chat)[0].text, Text("en", "telegram.link_invalid"));
  }
  EXPECT_EQ(fake_.SentTo(4)[0].text, Text("ko", "telegram.link_invalid"));
}

TEST_F(UpdatePollerTest, PlainStartGetsTheHelloTextAndOtherTextIsIgnored) {
  fake_.SendText(9, "/start", "u", "ko");
  fake_.SendText(10, "/start   ", "u", "en");
  fake_.SendText(11, "hello bot");
  fake_.SendText(12, "/startle");
  auto poller = Poller();
  EXPECT_EQ(*poller.PollOnce(), 4);
  EXPECT_EQ(fake_.SentTo(9)[0].text, Text("ko", "telegram.start_without_token"));
  EXPECT_EQ(fake_.SentTo(10)[0].text, Text("en", "telegram.start_without_token"));
  EXPECT_TRUE(fake_.SentTo(11).empty());
  EXPECT_TRUE(fake_.SentTo(12).empty());
}

TEST_F(UpdatePollerTest, BlockingTheBotMarksTheChatInactiveAndUnblockingActive) {
  ASSERT_TRUE(telegram_.LinkChat({user_, 42, "u", true, 0}).ok());
  fake_.BlockBot(42);
  auto poller = Poller();
  EXPECT_EQ(*poller.PollOnce(), 1);
  EXPECT_FALSE(telegram_.GetChat(user_)->active);
  EXPECT_TRUE(fake_.SentTo(42).empty());  // nothing is said to a user who blocked the bot
}

TEST_F(UpdatePollerTest, OffsetIsPersistedSoARestartNeitherReplaysNorSkips) {
  fake_.SendStart(1, "x");
  fake_.SendStart(2, "y");
  {
    auto poller = Poller();
    ASSERT_EQ(*poller.PollOnce(), 2);
  }
  EXPECT_EQ(telegram_.offset_writes, 1);  // once per batch
  const std::int64_t stored = telegram_.offset;
  EXPECT_GT(stored, 0);
  fake_.SendStart(3, "z");  // arrives while the notifier is down
  auto restarted = Poller();
  ASSERT_EQ(*restarted.PollOnce(), 1);  // only the new one
  EXPECT_EQ(fake_.last_confirmed_offset(), stored);
  EXPECT_EQ(telegram_.offset, stored + 1);
  EXPECT_EQ(fake_.SentTo(1).size(), 1u);
  EXPECT_EQ(fake_.SentTo(3).size(), 1u);
  EXPECT_EQ(*restarted.PollOnce(), 0);
}

TEST_F(UpdatePollerTest, AnUnsavedOffsetMeansTheBatchComesBack) {
  fake_.SendStart(1, "x");
  telegram_.fail_offset_writes = true;
  auto poller = Poller();
  EXPECT_FALSE(poller.PollOnce().ok());
  telegram_.fail_offset_writes = false;
  EXPECT_EQ(*poller.PollOnce(), 1);  // not skipped
  EXPECT_EQ(*poller.PollOnce(), 0);
}

TEST_F(UpdatePollerTest, LongPollReturnsAsSoonAsAnUpdateArrives) {
  auto poller = Poller(30);
  std::thread user([&] {
    ASSERT_TRUE(fake_.WaitForLongPoll(10s));
    fake_.SendText(9, "/start");
  });
  const auto start = std::chrono::steady_clock::now();
  auto n = poller.PollOnce();
  user.join();
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 20s);
}

TEST_F(UpdatePollerTest, RunStopsWithinThePollTimeout) {
  std::atomic<bool> stop = false;
  auto poller = Poller(1);
  std::thread runner([&] { poller.Run(stop); });
  ASSERT_TRUE(fake_.WaitForLongPoll(10s));
  const auto start = std::chrono::steady_clock::now();
  stop = true;
  runner.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);  // one poll of 1 s, plus slack
}

TEST_F(UpdatePollerTest, ANewerPollerTerminatesTheWaitingOneWithAConflict) {
  auto first = Poller(30);
  Result<int> first_result = 0;
  std::thread waiting([&] { first_result = first.PollOnce(); });
  ASSERT_TRUE(fake_.WaitForLongPoll(10s));
  // Another notifier, with its own client (one TelegramClient serves one call at a time).
  TelegramClient other(*net::ParseUrl(fake_.BaseUrl()), SecretBytes(kToken),
                       TelegramClientOptions{});
  UpdatePoller second({.poll_timeout_s = 1}, other, telegram_, users_, clock_);
  auto r = second.PollOnce();  // parks for 1 s, ending the first poll at once
  waiting.join();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, 0);
  ASSERT_FALSE(first_result.ok());
  EXPECT_NE(first_result.error().message.find("Conflict: terminated by other getUpdates"),
            std::string::npos);
  EXPECT_EQ(telegram_.offset_writes, 0);
}

}  // namespace
}  // namespace baro::notify
