// The observation reads every active chat of the user (the private chat and linked groups), so
// the decision sends each alert to each of them; a chat that blocked or removed the bot is left
// out. Through the real SQLite store.
#include <gtest/gtest.h>

#include <algorithm>

#include "store/store.h"
#include "support/temp_dir.h"
#include "worker/observe.h"

namespace baro::worker {
namespace {

TEST(ObserveChats, EveryActiveChatOfTheUserIsRead) {
  testing::TempDir dir;
  auto s = store::OpenStore("sqlite://" + dir.File("o.db"));
  ASSERT_TRUE(s.ok());
  auto& store = **s;
  ASSERT_TRUE(store.Migrate().ok());
  auto user = store.users().Create("g@x.io", "h", 0);
  ASSERT_TRUE(user.ok());
  auto other = store.users().Create("o@x.io", "h", 0);
  ASSERT_TRUE(other.ok());

  store::TelegramChat private_chat{user->id, 77, "trader", true, 1000};
  store::TelegramChat desk{user->id, -1001, "trader", true, 2000};
  desk.type = "group";
  desk.title = "Desk";
  store::TelegramChat gone{user->id, -1002, "trader", true, 3000};
  gone.type = "supergroup";
  gone.title = "Old desk";
  store::TelegramChat not_mine{other->id, -1003, "someone", true, 4000};
  not_mine.type = "group";
  for (const auto& c : {private_chat, desk, gone, not_mine}) {
    ASSERT_TRUE(store.telegram().LinkChat(c).ok());
  }
  ASSERT_TRUE(store.telegram().SetChatActive(-1002, false).ok());  // the bot was removed there

  Observation o;
  o.user = *user;
  o.monitor.id = 1;
  o.monitor.user_id = user->id;
  ASSERT_TRUE(ReadStored(store, o).ok());
  std::vector<std::int64_t> ids;
  for (const auto& c : o.chats) ids.push_back(c.chat_id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::int64_t>{-1001, 77}));
}

}  // namespace
}  // namespace baro::worker
