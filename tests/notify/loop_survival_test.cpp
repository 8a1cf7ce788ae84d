// The notifier's loops survive a unit of work that throws: it is logged, counted in
// baro_loop_errors_total and passed over, and the loop goes on. The exceptions come from
// repositories that read the value of an error result, as a bug would.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "fakes/telegram/fake_telegram.h"
#include "memory_store.h"
#include "metrics/loop_guard.h"
#include "notify/link_tokens.h"
#include "notify/outbox_sender.h"
#include "notify/update_poller.h"

namespace baro::notify {
namespace {

using namespace std::chrono_literals;
constexpr char kToken[] = "123456:ABC-survival-token";

[[noreturn]] void Bug() {
  Result<int> missing = MakeError(ErrorCode::kNotFound, "no such row");
  (void)missing.value();
  std::abort();  // not reached: value() throws
}

// Forwards to the in-memory repository, except that consuming `poison` throws.
class ThrowingTelegram final : public store::TelegramRepository {
 public:
  explicit ThrowingTelegram(memory::MemoryTelegram& inner) : inner_(inner) {}
  std::string poison;
  Status CreateLinkToken(store::Id u, const std::string& h, std::int64_t e) override {
    return inner_.CreateLinkToken(u, h, e);
  }
  Result<store::Id> ConsumeLinkToken(const std::string& h, std::int64_t now) override {
    if (h == poison) Bug();
    return inner_.ConsumeLinkToken(h, now);
  }
  Status LinkChat(const store::TelegramChat& c) override { return inner_.LinkChat(c); }
  Result<store::TelegramChat> GetChat(store::Id u) override { return inner_.GetChat(u); }
  Result<store::TelegramChat> FindChat(std::int64_t c) override { return inner_.FindChat(c); }
  Status SetChatActive(std::int64_t c, bool a) override { return inner_.SetChatActive(c, a); }
  Status Unlink(store::Id u) override { return inner_.Unlink(u); }
  Result<std::vector<store::TelegramChat>> ListChats(store::Id u) override {
    return inner_.ListChats(u);
  }
  Status UnlinkChat(store::Id u, std::int64_t c) override { return inner_.UnlinkChat(u, c); }
  Status MigrateChat(std::int64_t f, std::int64_t t) override { return inner_.MigrateChat(f, t); }
  Result<std::int64_t> GetUpdateOffset() override { return inner_.GetUpdateOffset(); }
  Status SetUpdateOffset(std::int64_t o) override { return inner_.SetUpdateOffset(o); }

 private:
  memory::MemoryTelegram& inner_;
};

// Forwards to the in-memory outbox, except that the first claim throws.
class ThrowingOutbox final : public store::OutboxRepository {
 public:
  explicit ThrowingOutbox(memory::MemoryOutbox& inner) : inner_(inner) {}
  Result<std::vector<store::OutboxMessage>> ClaimPending(const std::string& owner, std::int64_t now,
                                                         int limit,
                                                         std::int64_t lease_ms) override {
    if (claims_++ == 0) Bug();
    return inner_.ClaimPending(owner, now, limit, lease_ms);
  }
  Result<std::vector<store::OutboxMessage>> ClaimForDigest(const std::string& owner,
                                                           std::int64_t chat, int below,
                                                           std::int64_t now, int limit,
                                                           std::int64_t lease_ms) override {
    return inner_.ClaimForDigest(owner, chat, below, now, limit, lease_ms);
  }
  Status MarkSent(store::Id id, std::int64_t at) override { return inner_.MarkSent(id, at); }
  Status Reschedule(store::Id id, std::int64_t next, const std::string& e) override {
    return inner_.Reschedule(id, next, e);
  }
  Status MarkFailed(store::Id id, const std::string& e) override {
    return inner_.MarkFailed(id, e);
  }
  Result<std::vector<store::OutboxMessage>> ListForUser(store::Id u) override {
    return inner_.ListForUser(u);
  }
  Result<std::vector<std::string>> LeaseOwners(std::int64_t now) override {
    return inner_.LeaseOwners(now);
  }
  Result<int> ReleaseLeases(const std::string& owner) override {
    return inner_.ReleaseLeases(owner);
  }

 private:
  memory::MemoryOutbox& inner_;
  std::atomic<int> claims_{0};
};

class LoopSurvivalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fake_.Start());
    client_ = std::make_unique<TelegramClient>(*net::ParseUrl(fake_.BaseUrl()), SecretBytes(kToken),
                                               TelegramClientOptions{});
  }
  fakes::FakeTelegram fake_{kToken};
  std::unique_ptr<TelegramClient> client_;
  memory::MemoryTelegram telegram_;
  memory::MemoryUsers users_;
  memory::MemoryOutbox outbox_;
  ManualClock clock_{1'700'000'000'000};
};

TEST_F(LoopSurvivalTest, AnUpdateWhoseHandlingThrowsIsPassedOverAndTheNextIsHandled) {
  const store::Id alice = users_.Create("alice@x.io", "h", 0)->id;
  const store::Id bob = users_.Create("bob@x.io", "h", 0)->id;
  ThrowingTelegram telegram(telegram_);
  const auto poisoned = IssueLink(telegram, alice, fake_.bot_username(), clock_.NowMs(), 900000);
  const auto good = IssueLink(telegram, bob, fake_.bot_username(), clock_.NowMs(), 900000);
  ASSERT_TRUE(poisoned.ok() && good.ok());
  telegram.poison = HashLinkToken(poisoned->token);
  fake_.SendStart(501, poisoned->token);
  fake_.SendStart(502, good->token);
  const double before = metrics::LoopErrors("update_poller");
  UpdatePoller poller({.poll_timeout_s = 0}, *client_, telegram, users_, clock_);
  auto r = poller.PollOnce();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, 2);
  EXPECT_EQ(metrics::LoopErrors("update_poller"), before + 1);
  EXPECT_EQ(telegram_.GetChat(bob)->chat_id, 502);
  // The offset moved past both: the poisoned update is not fetched again.
  EXPECT_EQ(*poller.PollOnce(), 0);
}

TEST_F(LoopSurvivalTest, APassThatThrowsIsCountedAndTheSenderGoesOn) {
  fake_.SendText(601, "hi");  // a chat the bot knows
  outbox_.Add(601, "alert", clock_.NowMs());
  ThrowingOutbox outbox(outbox_);
  const double before = metrics::LoopErrors("outbox_sender");
  OutboxSender sender({.tick_ms = 10, .stop_check_ms = 5}, *client_, outbox, telegram_, clock_);
  std::atomic<bool> stop{false};
  std::thread loop([&] { sender.Run(stop); });
  const bool sent = fake_.WaitForSent(1, 10s);
  stop = true;
  loop.join();
  EXPECT_TRUE(sent);
  EXPECT_EQ(metrics::LoopErrors("outbox_sender"), before + 1);
  ASSERT_EQ(fake_.SentTo(601).size(), 1u);
  EXPECT_EQ(fake_.SentTo(601)[0].text, "alert");
}

TEST_F(LoopSurvivalTest, StopEndsALongPollAtOnce) {
  UpdatePoller poller({.poll_timeout_s = 50}, *client_, telegram_, users_, clock_);
  std::atomic<bool> stop{false};
  std::promise<void> ended;
  std::thread loop([&] {
    poller.Run(stop);
    ended.set_value();
  });
  ASSERT_TRUE(fake_.WaitForLongPoll(10s));
  stop = true;
  client_->Cancel();
  // The fake holds the poll for 50 s; the loop must end long before that.
  const bool in_time = ended.get_future().wait_for(5s) == std::future_status::ready;
  if (!in_time) fake_.Stop();  // answers the poll so that the thread can be joined
  loop.join();
  EXPECT_TRUE(in_time);
}

}  // namespace
}  // namespace baro::notify
