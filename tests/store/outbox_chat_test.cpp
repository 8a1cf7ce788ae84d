// Pending Telegram messages never reach a chat the user no longer has: unlinking drops them, and
// linking another chat drops those addressed to the old one. On every back-end this build has.
#include <gtest/gtest.h>

#include <cstdlib>

#include "store/backend_fixture.h"
#include "store/store.h"

namespace baro::store {
namespace {

class OutboxChat : public BackendTest {
 protected:
  void Link(std::int64_t chat) {
    ASSERT_TRUE(store_->telegram().LinkChat({user_, chat, "trader", true, 1000}).ok());
  }

  // An alert's message to `chat`, as the worker commits it.
  void Queue(std::int64_t chat, const std::string& text) {
    CheckOutcome outcome;
    outcome.user_id = user_;
    OutboxMessage m;
    m.user_id = user_;
    m.chat_id = chat;
    m.text = text;
    m.next_attempt_at = 1000;
    m.created_at = 1000;
    outcome.messages.push_back(m);
    ASSERT_TRUE(store_->alerts().Commit(outcome).ok());
  }

  std::vector<std::string> Claimable() {
    auto claimed = store_->outbox().ClaimPending("sender", 2000, 10, 60000);
    EXPECT_TRUE(claimed.ok());
    std::vector<std::string> out;
    if (claimed) {
      for (const auto& m : *claimed) out.push_back(m.text);
    }
    return out;
  }
};

TEST_P(OutboxChat, UnlinkDropsPendingMessages) {
  Link(111);
  Queue(111, "alert before unlink");
  ASSERT_TRUE(store_->telegram().Unlink(user_).ok());
  EXPECT_TRUE(Claimable().empty());
  auto listed = store_->outbox().ListForUser(user_);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().status, OutboxStatus::kFailed);
}

TEST_P(OutboxChat, LinkingAnotherChatDropsMessagesForTheOldOne) {
  Link(111);
  Queue(111, "for the old chat");
  Link(111);  // the same chat again: its messages stay
  Queue(111, "still the same chat");
  Link(222);
  Queue(222, "for the new chat");
  EXPECT_EQ(Claimable(), std::vector<std::string>{"for the new chat"});
}

// A user may link groups beside the private chat: each is kept with its type, title and the
// member who linked it, linking one drops nothing, and unlinking one drops only its messages.
TEST_P(OutboxChat, GroupsAreLinkedBesideThePrivateChat) {
  Link(111);
  Queue(111, "for the private chat");
  TelegramChat group{user_, -100200, "trader", true, 1500};
  group.type = "supergroup";
  group.title = "Desk";
  group.linked_by = 111;
  ASSERT_TRUE(store_->telegram().LinkChat(group).ok());
  Queue(-100200, "for the group");
  auto chats = store_->telegram().ListChats(user_);
  ASSERT_TRUE(chats.ok());
  ASSERT_EQ(chats->size(), 2u);
  EXPECT_EQ(chats->at(0).chat_id, 111);
  EXPECT_EQ(chats->at(0).type, "private");
  EXPECT_EQ(chats->at(1).chat_id, -100200);
  EXPECT_EQ(chats->at(1).type, "supergroup");
  EXPECT_EQ(chats->at(1).title, "Desk");
  EXPECT_EQ(chats->at(1).linked_by, 111);
  EXPECT_EQ(store_->telegram().FindChat(-100200)->user_id, user_);

  ASSERT_TRUE(store_->telegram().SetChatActive(-100200, false).ok());
  EXPECT_FALSE(store_->telegram().ListChats(user_)->at(1).active);
  EXPECT_TRUE(store_->telegram().ListChats(user_)->at(0).active);

  ASSERT_TRUE(store_->telegram().UnlinkChat(user_, -100200).ok());
  EXPECT_EQ(store_->telegram().UnlinkChat(user_, -100200).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Claimable(), std::vector<std::string>{"for the private chat"});
  EXPECT_EQ(store_->telegram().ListChats(user_)->size(), 1u);
}

// A group upgraded to a supergroup: its links move to the new id as they were (owner, title,
// state, link time), its pending messages are readdressed, and a user already linked to the new
// id keeps that one link. Repeating it changes nothing.
TEST_P(OutboxChat, MigrateChatMovesLinksAndPendingMessages) {
  TelegramChat group{user_, -4001, "trader", false, 1500};
  group.type = "group";
  group.title = "Desk";
  group.linked_by = 111;
  ASSERT_TRUE(store_->telegram().LinkChat(group).ok());
  Queue(-4001, "pending for the group");
  auto other = store_->users().Create("other@x.io", "h", 0);
  ASSERT_TRUE(other.ok());
  for (std::int64_t chat : {std::int64_t{-4001}, std::int64_t{-1001234567890}}) {
    TelegramChat c{other->id, chat, "other", true, 1600};
    c.type = chat == -4001 ? "group" : "supergroup";
    c.linked_by = 222;
    ASSERT_TRUE(store_->telegram().LinkChat(c).ok());
  }
  for (int round = 0; round < 2; ++round) {
    ASSERT_TRUE(store_->telegram().MigrateChat(-4001, -1001234567890).ok());
    EXPECT_FALSE(store_->telegram().FindChat(-4001).ok());
    auto mine = store_->telegram().ListChats(user_);
    ASSERT_TRUE(mine.ok());
    ASSERT_EQ(mine->size(), 1u);
    EXPECT_EQ(mine->front().chat_id, -1001234567890);
    EXPECT_EQ(mine->front().type, "supergroup");
    EXPECT_EQ(mine->front().title, "Desk");
    EXPECT_EQ(mine->front().linked_by, 111);
    EXPECT_EQ(mine->front().linked_at, 1500);
    EXPECT_FALSE(mine->front().active);
    auto theirs = store_->telegram().ListChats(other->id);
    ASSERT_TRUE(theirs.ok());
    ASSERT_EQ(theirs->size(), 1u);
    EXPECT_EQ(theirs->front().chat_id, -1001234567890);
    EXPECT_EQ(theirs->front().linked_by, 222);
  }
  auto claimed = store_->outbox().ClaimPending("sender", 2000, 10, 60000);
  ASSERT_TRUE(claimed.ok());
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ(claimed->front().chat_id, -1001234567890);
  EXPECT_EQ(claimed->front().text, "pending for the group");
}

// A digest takes the chat's pending low levels, due or not, oldest first, up to the limit; never
// a critical, another chat's message, or one another sender holds.
TEST_P(OutboxChat, ClaimForDigestTakesOneChatsFreeLowLevels) {
  Link(111);
  CheckOutcome outcome;
  outcome.user_id = user_;
  auto add = [&](std::int64_t chat, const std::string& text, int level, std::int64_t due) {
    OutboxMessage m;
    m.chat_id = chat;
    m.text = text;
    m.level = level;
    m.next_attempt_at = due;
    m.created_at = 1000;
    outcome.messages.push_back(m);
  };
  add(111, "held", 1, 1000);
  add(111, "w1", 1, 1000);
  add(111, "crit", 2, 1000);
  add(222, "other chat", 1, 1000);
  add(111, "w2 later", 0, 9000);  // deferred by pacing: not due yet
  add(111, "w3", 1, 1000);
  ASSERT_TRUE(store_->alerts().Commit(outcome).ok());
  auto held = store_->outbox().ClaimPending("other-sender", 2000, 1, 60000);
  ASSERT_TRUE(held.ok());
  ASSERT_EQ(held->size(), 1u);
  ASSERT_EQ(held->front().text, "crit");  // the highest level is claimed first
  auto first = store_->outbox().ClaimPending("other-sender", 2000, 1, 60000);
  ASSERT_EQ(first->front().text, "held");

  auto digest = store_->outbox().ClaimForDigest("sender", 111, 2, 2000, 2, 60000);
  ASSERT_TRUE(digest.ok()) << digest.error().message;
  ASSERT_EQ(digest->size(), 2u);
  EXPECT_EQ(digest->at(0).text, "w1");
  EXPECT_EQ(digest->at(1).text, "w2 later");
  auto rest = store_->outbox().ClaimForDigest("sender", 111, 2, 2000, 10, 60000);
  ASSERT_EQ(rest->size(), 1u);  // the two above are leased now
  EXPECT_EQ(rest->front().text, "w3");
}

// An alert's inline keyboard is kept with its message until it is sent.
TEST_P(OutboxChat, AMessagesKeyboardIsKeptWithIt) {
  Link(42);
  CheckOutcome outcome;
  outcome.user_id = user_;
  OutboxMessage m;
  m.chat_id = 42;
  m.text = "alert";
  m.reply_markup = R"({"inline_keyboard":[[{"text":"Open","url":"https://baro.example"}]]})";
  m.next_attempt_at = 1000;
  outcome.messages.push_back(m);
  m.text = "plain";
  m.reply_markup.clear();
  outcome.messages.push_back(m);
  ASSERT_TRUE(store_->alerts().Commit(outcome).ok());
  auto claimed = store_->outbox().ClaimPending("sender", 2000, 10, 60000);
  ASSERT_TRUE(claimed.ok());
  ASSERT_EQ(claimed->size(), 2u);
  EXPECT_EQ(claimed->at(0).reply_markup,
            R"({"inline_keyboard":[[{"text":"Open","url":"https://baro.example"}]]})");
  EXPECT_EQ(claimed->at(1).reply_markup, "");
}

// The bot answers a chat for the account it is linked to: the latest link wins, an unlinked chat
// belongs to nobody.
TEST_P(OutboxChat, FindChatNamesTheAccountLinkedLast) {
  EXPECT_EQ(store_->telegram().FindChat(42).error().code, ErrorCode::kNotFound);
  Link(42);
  auto other = store_->users().Create("other@example.com", "hash", 1000);
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(store_->telegram().LinkChat({other->id, 42, "trader", true, 2000}).ok());
  auto found = store_->telegram().FindChat(42);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->user_id, other->id);
  EXPECT_EQ(found->linked_at, 2000);
  ASSERT_TRUE(store_->telegram().Unlink(other->id).ok());
  EXPECT_EQ(store_->telegram().FindChat(42)->user_id, user_);
  ASSERT_TRUE(store_->telegram().Unlink(user_).ok());
  EXPECT_FALSE(store_->telegram().FindChat(42).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, OutboxChat, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace baro::store
