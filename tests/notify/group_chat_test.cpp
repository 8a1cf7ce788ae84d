// Group chats: a user links a group through the startgroup deep link ("/start@<bot> <token>" in
// the group, https://core.telegram.org/bots/features#deep-linking) beside the private chat; in the
// group the bot reads only commands meant for it, only the member who linked the group may change
// settings, and a group that removes the bot is marked inactive (my_chat_member "left" or
// "kicked", https://core.telegram.org/bots/api#chatmemberupdated) while the private chat keeps
// receiving. Through the real SQLite store and the fake Bot API over loopback.
#include <gtest/gtest.h>

#include "core/clock.h"
#include "fakes/telegram/fake_telegram.h"
#include "i18n/i18n.h"
#include "notify/html.h"
#include "notify/link_tokens.h"
#include "notify/outbox_sender.h"
#include "notify/update_poller.h"
#include "support/temp_dir.h"

namespace baro::notify {
namespace {

constexpr char kToken[] = "123456:ABC-test-token-value";
constexpr std::int64_t kPrivate = 555;    // the user's private chat, also their Telegram user id
constexpr std::int64_t kMember = 556;     // another member of the group
constexpr std::int64_t kGroup = -4001;    // a basic group
constexpr std::int64_t kSuper = -100500;  // a supergroup
constexpr std::int64_t kUpgraded = -1001234567890;  // kGroup once upgraded to a supergroup

class GroupChatTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fake_.Start());
    auto s = store::OpenStore("sqlite://" + dir_.File("g.db"));
    ASSERT_TRUE(s.ok());
    store_ = std::move(*s);
    ASSERT_TRUE(store_->Migrate().ok());
    user_ = store_->users().Create("g@x.io", "h", 0)->id;
    client_ = std::make_unique<TelegramClient>(*net::ParseUrl(fake_.BaseUrl()), SecretBytes(kToken),
                                               net::HttpClientOptions{});
    PollerOptions options{.poll_timeout_s = 0};
    options.bot_username = fake_.bot_username();
    poller_ = std::make_unique<UpdatePoller>(options, *client_, *store_, clock_);
  }
  std::string Token() {
    auto link = IssueLink(store_->telegram(), user_, fake_.bot_username(), clock_.NowMs(), 900000);
    EXPECT_TRUE(link.ok());
    EXPECT_EQ(link->group_url,
              "https://t.me/" + fake_.bot_username() + "?startgroup=" + link->token);
    return link->token;
  }
  void Poll() {
    while (fake_.pending_updates() > 0) ASSERT_TRUE(poller_->PollOnce().ok());
  }
  void LinkBoth() {
    fake_.SendStart(kPrivate, Token(), "trader");
    Poll();
    clock_.Advance(1000);
    fake_.StartGroup(kGroup, "Desk", kPrivate, Token());
    Poll();
    clock_.Advance(1000);
  }
  // The user's chat `chat_id` as stored.
  store::TelegramChat Chat(std::int64_t chat_id) {
    auto chats = store_->telegram().ListChats(user_);
    EXPECT_TRUE(chats.ok());
    for (const auto& c : *chats) {
      if (c.chat_id == chat_id) return c;
    }
    ADD_FAILURE() << "chat " << chat_id << " not linked";
    return {};
  }
  std::string Last(std::int64_t chat) {
    auto sent = fake_.SentTo(chat);
    return sent.empty() ? "" : sent.back().text;
  }

  testing::TempDir dir_;
  fakes::FakeTelegram fake_{kToken};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<TelegramClient> client_;
  std::unique_ptr<UpdatePoller> poller_;
  ManualClock clock_{1'700'000'000'000};
  store::Id user_ = 0;
};

TEST_F(GroupChatTest, AGroupIsLinkedBesideThePrivateChat) {
  LinkBoth();
  auto chats = store_->telegram().ListChats(user_);
  ASSERT_TRUE(chats.ok());
  ASSERT_EQ(chats->size(), 2u);
  EXPECT_EQ(chats->at(0).chat_id, kPrivate);
  EXPECT_EQ(chats->at(0).type, "private");
  EXPECT_EQ(chats->at(1).chat_id, kGroup);
  EXPECT_EQ(chats->at(1).type, "group");
  EXPECT_EQ(chats->at(1).title, "Desk");
  EXPECT_EQ(chats->at(1).linked_by, kPrivate);
  EXPECT_TRUE(chats->at(1).active);
  // Both chats got the confirmation.
  EXPECT_EQ(Last(kGroup), EscapeHtml(i18n::Text("en", "telegram.link_confirmed")));
  EXPECT_EQ(Last(kPrivate), EscapeHtml(i18n::Text("en", "telegram.link_confirmed")));
}

TEST_F(GroupChatTest, InAGroupOnlyCommandsForThisBotAreRead) {
  // An unlinked group: a bare command, text, and a start for another bot are not answered.
  fake_.AddBotToGroup(kGroup, "Desk", kPrivate);
  fake_.SendGroupText(kGroup, kPrivate, "/status");
  fake_.SendGroupText(kGroup, kPrivate, "hello everyone");
  fake_.SendGroupText(kGroup, kPrivate, "/start@other_bot " + Token());
  Poll();
  EXPECT_TRUE(fake_.SentTo(kGroup).empty());
  EXPECT_TRUE(store_->telegram().ListChats(user_)->empty());
  // Addressed to this bot (any case), it is answered: not linked yet.
  fake_.SendGroupText(kGroup, kPrivate, "/status@" + std::string("Baro_Test_Bot"));
  Poll();
  EXPECT_EQ(Last(kGroup), EscapeHtml(i18n::Text("en", "telegram.not_linked")));

  fake_.SendGroupText(kGroup, kPrivate, "/start@" + fake_.bot_username() + " " + Token());
  Poll();
  ASSERT_EQ(store_->telegram().ListChats(user_)->size(), 1u);
  // Linked: a bare command is read too, plain text still is not.
  const auto before = fake_.SentTo(kGroup).size();
  fake_.SendGroupText(kGroup, kMember, "/help");
  fake_.SendGroupText(kGroup, kMember, "nice");
  Poll();
  ASSERT_EQ(fake_.SentTo(kGroup).size(), before + 1);
  EXPECT_NE(Last(kGroup).find("/status"), std::string::npos);
}

TEST_F(GroupChatTest, OnlyTheMemberWhoLinkedTheGroupChangesSettings) {
  LinkBoth();
  const std::string read_only = EscapeHtml(i18n::Text("en", "telegram.group_read_only"));
  fake_.SendGroupText(kGroup, kMember, "/mute 2h");
  fake_.SendGroupText(kGroup, kMember, "/language ko");
  Poll();
  EXPECT_EQ(Last(kGroup), read_only);
  auto states = store_->alerts().States(user_);
  ASSERT_TRUE(states.ok());
  EXPECT_TRUE(states->empty());  // no mute stored
  EXPECT_EQ(store_->users().Get(user_)->locale, "en");
  // A button pressed by another member is refused as well.
  fake_.PressButton(kGroup, 1, "stop:yes", "en", kMember);
  Poll();
  ASSERT_FALSE(fake_.answers().empty());
  EXPECT_EQ(fake_.answers().back().text, i18n::Text("en", "telegram.group_read_only"));
  EXPECT_EQ(store_->telegram().ListChats(user_)->size(), 2u);
  // The member who linked it may.
  fake_.SendGroupText(kGroup, kPrivate, "/mute 2h");
  Poll();
  EXPECT_NE(Last(kGroup), read_only);
  EXPECT_FALSE(store_->alerts().States(user_)->empty());
  // /stop in the group, confirmed there, unlinks the group only.
  fake_.PressButton(kGroup, 1, "stop:yes", "en", kPrivate);
  Poll();
  auto chats = store_->telegram().ListChats(user_);
  ASSERT_EQ(chats->size(), 1u);
  EXPECT_EQ(chats->front().chat_id, kPrivate);
}

TEST_F(GroupChatTest, AGroupThatRemovesTheBotIsMarkedInactive) {
  LinkBoth();
  fake_.StartGroup(kSuper, "Big desk", kPrivate, Token());
  Poll();
  ASSERT_EQ(store_->telegram().ListChats(user_)->size(), 3u);
  fake_.RemoveBotFromGroup(kGroup, kMember);  // "left"
  fake_.RemoveBotFromGroup(kSuper, kMember);  // "kicked"
  Poll();
  EXPECT_EQ(store_->telegram().ListChats(user_)->size(), 3u);
  EXPECT_TRUE(Chat(kPrivate).active);
  EXPECT_FALSE(Chat(kGroup).active);
  EXPECT_FALSE(Chat(kSuper).active);
  // Added back, the group is active again.
  fake_.AddBotToGroup(kGroup, "Desk", kPrivate);
  Poll();
  EXPECT_TRUE(Chat(kGroup).active);
}

// A send refused with the group's 403 marks the group inactive and leaves the private chat be.
TEST_F(GroupChatTest, AKickedGroupFailsItsMessagesOnly) {
  LinkBoth();
  fake_.RemoveBotFromGroup(kGroup, kMember);  // not polled: the sender learns it from the 403
  store::CheckOutcome o;
  o.user_id = user_;
  for (std::int64_t chat : {kPrivate, kGroup}) {
    store::OutboxMessage m;
    m.chat_id = chat;
    m.text = "<b>alert</b>";
    m.next_attempt_at = clock_.NowMs();
    o.messages.push_back(m);
  }
  ASSERT_TRUE(store_->alerts().Commit(o).ok());
  const auto before = fake_.Sent().size();
  OutboxSender sender({}, *client_, *store_, clock_);
  EXPECT_EQ(sender.RunOnce(), 1);
  ASSERT_EQ(fake_.Sent().size(), before + 1);
  EXPECT_EQ(fake_.Sent().back().chat_id, kPrivate);
  EXPECT_TRUE(Chat(kPrivate).active);
  EXPECT_FALSE(Chat(kGroup).active);
  auto rows = store_->outbox().ListForUser(user_);
  bool group_failed = false;
  for (const auto& r : *rows) {
    if (r.chat_id == kGroup) {
      group_failed = r.status == store::OutboxStatus::kFailed &&
                     r.last_error == "Forbidden: bot was kicked from the group chat";
    }
  }
  EXPECT_TRUE(group_failed);
}

// A basic group upgraded to a supergroup gets a new id: the Bot API answers a send to the old
// one with 400 "Bad Request: group chat was upgraded to a supergroup chat" and
// parameters.migrate_to_chat_id (https://core.telegram.org/bots/api#responseparameters). The link
// moves to the new id as it was, and the message goes there instead of failing.
TEST_F(GroupChatTest, ASendToAnUpgradedGroupMovesTheLinkAndGoesToTheSupergroup) {
  LinkBoth();
  const store::TelegramChat before = Chat(kGroup);
  fake_.UpgradeToSupergroup(kGroup, kUpgraded, kPrivate, /*service_messages=*/false);
  store::CheckOutcome o;
  o.user_id = user_;
  store::OutboxMessage m;
  m.chat_id = kGroup;
  m.text = "<b>alert</b>";
  m.level = 2;
  m.next_attempt_at = clock_.NowMs();
  o.messages.push_back(m);
  ASSERT_TRUE(store_->alerts().Commit(o).ok());
  OutboxSender sender({}, *client_, *store_, clock_);
  for (int pass = 0; pass < 5 && fake_.SentTo(kUpgraded).empty(); ++pass) {
    sender.RunOnce();
    clock_.Advance(1000);
  }
  ASSERT_EQ(fake_.SentTo(kUpgraded).size(), 1u);
  EXPECT_EQ(fake_.SentTo(kUpgraded).front().text, "<b>alert</b>");
  auto rows = store_->outbox().ListForUser(user_);
  ASSERT_TRUE(rows.ok());
  int group_rows = 0;
  for (const auto& r : *rows) {
    if (r.text != "<b>alert</b>") continue;
    ++group_rows;
    EXPECT_EQ(r.chat_id, kUpgraded);
    EXPECT_EQ(r.status, store::OutboxStatus::kSent);
    EXPECT_EQ(r.attempts, 0);  // moving is not a failed attempt
  }
  EXPECT_EQ(group_rows, 1);
  // The link moved as it was: same owner, title, state and link time; the private chat untouched.
  auto chats = store_->telegram().ListChats(user_);
  ASSERT_EQ(chats->size(), 2u);
  const store::TelegramChat after = Chat(kUpgraded);
  EXPECT_EQ(after.type, "supergroup");
  EXPECT_EQ(after.title, before.title);
  EXPECT_EQ(after.linked_by, before.linked_by);
  EXPECT_EQ(after.linked_at, before.linked_at);
  EXPECT_TRUE(after.active);
  EXPECT_FALSE(store_->telegram().FindChat(kGroup).ok());
  EXPECT_TRUE(Chat(kPrivate).active);
}

// The same move from the service messages of the upgrade (https://core.telegram.org/bots/api
// #message: migrate_to_chat_id in the old group, migrate_from_chat_id in the new supergroup),
// before any send fails; the supergroup is then served as the linked group was.
TEST_F(GroupChatTest, TheUpgradesServiceMessagesMoveTheLink) {
  LinkBoth();
  // The owner muted alerts from the group; the mute is the account's and stays.
  fake_.SendGroupText(kGroup, kPrivate, "/mute 2h");
  Poll();
  const auto muted = store_->alerts().States(user_);
  ASSERT_TRUE(muted.ok());
  ASSERT_FALSE(muted->empty());
  fake_.UpgradeToSupergroup(kGroup, kUpgraded, kPrivate);
  Poll();
  const store::TelegramChat moved = Chat(kUpgraded);
  EXPECT_EQ(moved.type, "supergroup");
  EXPECT_EQ(moved.title, "Desk");
  EXPECT_EQ(moved.linked_by, kPrivate);
  EXPECT_FALSE(store_->telegram().FindChat(kGroup).ok());
  EXPECT_EQ(store_->telegram().ListChats(user_)->size(), 2u);
  EXPECT_EQ(store_->alerts().States(user_)->size(), muted->size());
  // A bare command in the supergroup is read (it is linked), and only the owner changes settings.
  const std::string read_only = EscapeHtml(i18n::Text("en", "telegram.group_read_only"));
  fake_.SendGroupText(kUpgraded, kMember, "/unmute");
  Poll();
  EXPECT_EQ(Last(kUpgraded), read_only);
  // Handling the same messages again changes nothing.
  ASSERT_TRUE(store_->telegram().MigrateChat(kGroup, kUpgraded).ok());
  EXPECT_EQ(store_->telegram().ListChats(user_)->size(), 2u);
  EXPECT_EQ(Chat(kUpgraded).linked_by, kPrivate);
}

}  // namespace
}  // namespace baro::notify
