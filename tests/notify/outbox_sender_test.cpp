// The outbox sender against the fake Bot API over loopback HTTP, with in-memory repositories and
// an injected clock: pacing is measured on that clock, never by sleeping.
#include "notify/outbox_sender.h"

#include <gtest/gtest.h>

#include "fakes/telegram/fake_telegram.h"
#include "memory_store.h"

namespace baro::notify {
namespace {

constexpr char kToken[] = "123456:ABC-sender-token";
constexpr std::int64_t kStart = 1'700'000'000'000;

// A clock that moves forward by `step` every time it is read, like time passing during sends.
class SteppingClock final : public Clock {
 public:
  explicit SteppingClock(std::int64_t step) : step_(step) {}
  std::int64_t NowMs() const override { return now_.fetch_add(step_); }

 private:
  std::int64_t step_;
  mutable std::atomic<std::int64_t> now_{kStart};
};

class OutboxSenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fake_.Start());
    client_ = std::make_unique<TelegramClient>(*net::ParseUrl(fake_.BaseUrl()), SecretBytes(kToken),
                                               TelegramClientOptions{});
    for (std::int64_t chat = 1; chat <= 50; ++chat) fake_.SendText(chat, "hi");  // known chats
  }
  OutboxSender Sender(SenderOptions options = {}, const Clock* clock = nullptr) {
    return OutboxSender(std::move(options), *client_, outbox_, telegram_, clock ? *clock : clock_);
  }
  store::OutboxStatus Status(store::Id id) { return outbox_.Get(id).status; }

  fakes::FakeTelegram fake_{kToken};
  std::unique_ptr<TelegramClient> client_;
  memory::MemoryOutbox outbox_;
  memory::MemoryTelegram telegram_;
  ManualClock clock_{kStart};
};

TEST_F(OutboxSenderTest, ABurstToOneChatIsSpacedOneSecondApartInOrder) {
  std::vector<store::Id> ids;
  for (int i = 0; i < 4; ++i) ids.push_back(outbox_.Add(7, "m" + std::to_string(i), kStart));
  // Pacing of one chat's messages one by one: the digest (its own tests below) is off.
  auto sender = Sender({.digest = false});
  std::vector<std::int64_t> sent_at;
  for (int step = 0; step < 4000; step += 100) {  // 4 s of 100 ms ticks
    sender.RunOnce();
    clock_.Advance(100);
  }
  auto sent = fake_.SentTo(7);
  ASSERT_EQ(sent.size(), 4u);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(sent[i].text, "m" + std::to_string(i));
    EXPECT_EQ(Status(ids[i]), store::OutboxStatus::kSent);
    sent_at.push_back(outbox_.Get(ids[i]).sent_at);
  }
  for (int i = 1; i < 4; ++i) EXPECT_GE(sent_at[i] - sent_at[i - 1], 1000) << i;
  EXPECT_EQ(sent_at[0], kStart);
  for (const auto& m : outbox_.rows) EXPECT_EQ(m.second.attempts, 0);  // waiting is no attempt
}

TEST_F(OutboxSenderTest, UnderABurstEmergencyAndCriticalGoFirst) {
  // 40 chats: the warnings were queued before the critical and emergency alerts. The budget of
  // 30 messages in the first second (telegram.global_rate_per_s) fits the 10 emergency and the
  // 10 critical messages plus 10 of the 20 warnings.
  std::vector<store::Id> warnings, criticals, emergencies;
  for (std::int64_t chat = 1; chat <= 20; ++chat) {
    warnings.push_back(outbox_.Add(chat, "warning", kStart, false, 1));
  }
  for (std::int64_t chat = 21; chat <= 30; ++chat) {
    criticals.push_back(outbox_.Add(chat, "critical", kStart, false, 2));
  }
  for (std::int64_t chat = 31; chat <= 40; ++chat) {
    emergencies.push_back(outbox_.Add(chat, "emergency", kStart, false, 3));
  }
  auto sender = Sender({.global_rate_per_s = 30, .batch = 100});
  EXPECT_EQ(sender.RunOnce(), 30);
  auto sent = fake_.Sent();
  ASSERT_EQ(sent.size(), 30u);
  for (std::size_t i = 0; i < 10; ++i) EXPECT_EQ(sent[i].text, "emergency") << i;
  for (std::size_t i = 10; i < 20; ++i) EXPECT_EQ(sent[i].text, "critical") << i;
  for (std::size_t i = 20; i < 30; ++i) EXPECT_EQ(sent[i].text, "warning") << i;
  for (auto id : emergencies) EXPECT_EQ(Status(id), store::OutboxStatus::kSent);
  for (auto id : criticals) EXPECT_EQ(Status(id), store::OutboxStatus::kSent);
  int pending = 0;
  for (auto id : warnings) pending += Status(id) == store::OutboxStatus::kPending ? 1 : 0;
  EXPECT_EQ(pending, 10);
  clock_.Advance(1000);  // the next second's budget sends the rest, each exactly once
  EXPECT_EQ(sender.RunOnce(), 10);
  for (auto id : warnings) EXPECT_EQ(Status(id), store::OutboxStatus::kSent);
  for (const auto& [id, n] : outbox_.mark_sent_calls) EXPECT_EQ(n, 1) << id;
  EXPECT_EQ(fake_.Sent().size(), 40u);
}

TEST_F(OutboxSenderTest, PacingPerChatDoesNotHoldBackOtherChats) {
  outbox_.Add(1, "a1", kStart);
  outbox_.Add(1, "a2", kStart);
  outbox_.Add(2, "b1", kStart);
  // Pacing of one chat's messages one by one: the digest (its own tests below) is off.
  auto sender = Sender({.digest = false});
  EXPECT_EQ(sender.RunOnce(), 2);  // a1 and b1
  clock_.Advance(999);
  EXPECT_EQ(sender.RunOnce(), 0);
  clock_.Advance(1);
  EXPECT_EQ(sender.RunOnce(), 1);
  EXPECT_EQ(fake_.SentTo(1)[1].text, "a2");
}

// "In a group, bots are not be able to send more than 20 messages per minute"
// (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this). The fake
// answers 429 past that, on the test's clock, and counts the group's messages in any minute.
TEST_F(OutboxSenderTest, AGroupGetsAtMostTwentyMessagesAMinuteEmergenciesFirst) {
  constexpr std::int64_t kGroup = -4001;
  fake_.AddBotToGroup(kGroup, "Desk", 1);
  fake_.SetClock(&clock_);
  fake_.LimitGroupSends(20);
  // 25 warnings one by one (no digest): at one per second the first 20 go in 20 s, then the
  // group's minute is spent until 60 s after the first.
  for (int i = 0; i < 25; ++i)
    outbox_.Add(kGroup, "warning " + std::to_string(i), kStart, false, 1);
  auto sender = Sender({.digest = false});
  std::vector<store::Id> emergencies;
  for (std::int64_t t = 0; t <= 120000; t += 100) {
    if (t == 30000) {
      // Three emergencies while the budget is spent: they go first when it frees.
      for (int i = 0; i < 3; ++i) {
        emergencies.push_back(
            outbox_.Add(kGroup, "emergency " + std::to_string(i), kStart + t, false, 3));
      }
    }
    sender.RunOnce();
    clock_.Advance(100);
  }
  EXPECT_EQ(fake_.rate_limited(), 0);
  EXPECT_LE(fake_.MostSentInWindow(kGroup, 60000), 20);
  const auto sent = fake_.SentTo(kGroup);
  ASSERT_EQ(sent.size(), 28u);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(sent[i].text, "warning " + std::to_string(i)) << i;
  // The 21st slot opens 60 s after the first message (sent at 0 s): the emergencies take it and
  // the next two (61 s, 62 s; one per second per chat), then the remaining warnings.
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(sent[20 + i].text, "emergency " + std::to_string(i)) << i;
    EXPECT_EQ(sent[20 + i].received_at_ms, kStart + 60000 + 1000 * i) << i;
  }
  for (int i = 0; i < 5; ++i) EXPECT_EQ(sent[23 + i].text, "warning " + std::to_string(20 + i));
}

TEST_F(OutboxSenderTest, APrivateChatIsNotHeldToTheGroupLimit) {
  fake_.SetClock(&clock_);
  for (int i = 0; i < 30; ++i) outbox_.Add(7, "m" + std::to_string(i), kStart);
  auto sender = Sender({.digest = false});
  for (std::int64_t t = 0; t < 30000; t += 100) {
    sender.RunOnce();
    clock_.Advance(100);
  }
  // One per second: 30 in 30 s.
  EXPECT_EQ(fake_.SentTo(7).size(), 30u);
  EXPECT_EQ(fake_.MostSentInWindow(7, 60000), 30);
}

// The group budget is an option (telegram.group_per_minute): 0 turns it off.
TEST_F(OutboxSenderTest, TheGroupBudgetFollowsItsOption) {
  constexpr std::int64_t kGroup = -4002;
  fake_.AddBotToGroup(kGroup, "Desk", 1);
  fake_.SetClock(&clock_);
  for (int i = 0; i < 10; ++i) outbox_.Add(kGroup, "m" + std::to_string(i), kStart);
  auto sender = Sender({.digest = false, .group_per_minute = 4});
  for (std::int64_t t = 0; t < 60000; t += 100) {
    sender.RunOnce();
    clock_.Advance(100);
  }
  EXPECT_EQ(fake_.SentTo(kGroup).size(), 4u);  // 0-3 s, then nothing until 60 s
  EXPECT_EQ(fake_.MostSentInWindow(kGroup, 60000), 4);
}

TEST_F(OutboxSenderTest, OverallRateFollowsTheTokenBucket) {
  for (std::int64_t chat = 1; chat <= 50; ++chat) outbox_.Add(chat, "x", kStart);
  auto sender = Sender({.global_rate_per_s = 30, .batch = 100});
  EXPECT_EQ(sender.RunOnce(), 30);  // a full bucket: one second's worth
  EXPECT_EQ(sender.RunOnce(), 0);
  clock_.Advance(100);
  EXPECT_EQ(sender.RunOnce(), 3);  // 30/s refills 3 per 100 ms
  clock_.Advance(1000);
  EXPECT_EQ(sender.RunOnce(), 17);
  EXPECT_EQ(fake_.Sent().size(), 50u);
}

TEST_F(OutboxSenderTest, RetryAfterStopsEverySendUntilItPasses) {
  const auto a = outbox_.Add(1, "a", kStart);
  const auto b = outbox_.Add(2, "b", kStart);
  fake_.FloodNextSends(1, 7);
  auto sender = Sender();
  EXPECT_EQ(sender.RunOnce(), 0);  // 1 got 429; 2 must wait too
  EXPECT_EQ(fake_.send_message_calls(), 1);
  EXPECT_EQ(sender.paused_until(), kStart + 7000);
  clock_.Advance(6999);
  EXPECT_EQ(sender.RunOnce(), 0);
  EXPECT_EQ(fake_.send_message_calls(), 1);  // nothing reached Telegram during the pause
  clock_.Advance(1);
  EXPECT_EQ(sender.RunOnce(), 2);
  EXPECT_EQ(Status(a), store::OutboxStatus::kSent);
  EXPECT_EQ(Status(b), store::OutboxStatus::kSent);
  EXPECT_EQ(outbox_.Get(a).attempts, 0);  // a pause is not a failed attempt
}

TEST_F(OutboxSenderTest, BlockedChatBecomesInactiveAndItsMessagesFail) {
  ASSERT_TRUE(telegram_.LinkChat({9, 3, "u", true, 0}).ok());
  fake_.BlockBot(3);
  const auto first = outbox_.Add(3, "one", kStart);
  const auto second = outbox_.Add(3, "two", kStart);
  const auto other = outbox_.Add(4, "other", kStart);
  auto sender = Sender();
  EXPECT_EQ(sender.RunOnce(), 1);
  EXPECT_FALSE(telegram_.GetChat(9)->active);
  EXPECT_EQ(Status(first), store::OutboxStatus::kFailed);
  EXPECT_EQ(outbox_.Get(first).last_error, "Forbidden: bot was blocked by the user");
  EXPECT_EQ(Status(second), store::OutboxStatus::kFailed);
  EXPECT_EQ(Status(other), store::OutboxStatus::kSent);
  EXPECT_EQ(fake_.send_message_calls(), 2);  // the second message to the chat was not tried
}

TEST_F(OutboxSenderTest, ChatNotFoundAndBadHtmlFailWithoutRetry) {
  const auto unknown = outbox_.Add(999, "x", kStart);
  const auto bad = outbox_.Add(5, "a < b", kStart);
  auto sender = Sender();
  EXPECT_EQ(sender.RunOnce(), 0);
  EXPECT_EQ(Status(unknown), store::OutboxStatus::kFailed);
  EXPECT_EQ(outbox_.Get(unknown).last_error, "Bad Request: chat not found");
  EXPECT_EQ(Status(bad), store::OutboxStatus::kFailed);
  EXPECT_TRUE(telegram_.chats.empty());
}

TEST_F(OutboxSenderTest, ServerErrorsAreRetriedWithDoublingBackoffThenGiveUp) {
  const auto id = outbox_.Add(5, "x", kStart);
  const auto later = outbox_.Add(5, "after", kStart);
  fake_.FailNextSends(5, 502, "Bad Gateway", 0, 2);
  auto sender = Sender({.retry_backoff_ms = 1000, .digest = false});
  EXPECT_EQ(sender.RunOnce(), 0);
  EXPECT_EQ(outbox_.Get(id).attempts, 1);
  EXPECT_EQ(outbox_.Get(id).next_attempt_at, kStart + 1000);
  EXPECT_EQ(fake_.send_message_calls(), 1);  // "after" waits behind it, in order
  clock_.Advance(1000);
  EXPECT_EQ(sender.RunOnce(), 0);  // second failure: 2 s
  EXPECT_EQ(outbox_.Get(id).next_attempt_at, kStart + 1000 + 2000);
  clock_.Advance(1999);
  EXPECT_EQ(sender.RunOnce(), 0);
  clock_.Advance(1);
  EXPECT_EQ(sender.RunOnce(), 1);
  clock_.Advance(1000);
  EXPECT_EQ(sender.RunOnce(), 1);
  auto sent = fake_.SentTo(5);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].text, "x");
  EXPECT_EQ(sent[1].text, "after");
  EXPECT_EQ(Status(later), store::OutboxStatus::kSent);

  const auto doomed = outbox_.Add(6, "y", clock_.NowMs());
  fake_.FailNextSends(6, 500, "Internal Server Error", 0, 100);
  auto patient = Sender({.retry_backoff_ms = 10, .max_attempts = 3, .digest = false});
  for (int i = 0; i < 10; ++i) {
    patient.RunOnce();
    clock_.Advance(1000);
  }
  EXPECT_EQ(Status(doomed), store::OutboxStatus::kFailed);
  EXPECT_EQ(outbox_.Get(doomed).attempts, 2);  // two rescheduled failures, the third is final
}

TEST_F(OutboxSenderTest, NothingIsSentTwiceAndNothingIsDroppedAcrossARestart) {
  for (int i = 0; i < 3; ++i) outbox_.Add(8, "m" + std::to_string(i), kStart);
  {
    auto sender = Sender({.digest = false});
    EXPECT_EQ(sender.RunOnce(), 1);
  }  // the notifier stops with two messages pending
  auto restarted = Sender({.digest = false});
  for (int i = 0; i < 100; ++i) {
    restarted.RunOnce();
    clock_.Advance(500);
  }
  ASSERT_EQ(fake_.SentTo(8).size(), 3u);
  for (const auto& [id, calls] : outbox_.mark_sent_calls) EXPECT_EQ(calls, 1) << id;
  EXPECT_EQ(fake_.SentTo(8)[2].text, "m2");
}

TEST_F(OutboxSenderTest, AMessageLeasedToAnotherSenderIsLeftAlone) {
  const auto id = outbox_.Add(8, "x", kStart);
  ASSERT_EQ(outbox_.ClaimPending("other", kStart, 10, 30000)->size(), 1u);
  auto sender = Sender();
  EXPECT_EQ(sender.RunOnce(), 0);
  clock_.Advance(30000);  // the other sender died; its lease ran out
  EXPECT_EQ(sender.RunOnce(), 1);
  EXPECT_EQ(Status(id), store::OutboxStatus::kSent);
}

TEST_F(OutboxSenderTest, ABatchIsWorkedOnlyWhileItsLeaseHasMarginLeft) {
  for (std::int64_t chat = 1; chat <= 10; ++chat) outbox_.Add(chat, "x", kStart);
  SteppingClock slow(2000);  // every read of the clock is 2 s later: slow sends
  auto sender = Sender({.lease_ms = 30000, .lease_margin_ms = 12000}, &slow);
  const int sent = sender.RunOnce();
  EXPECT_GT(sent, 0);
  EXPECT_LT(sent, 10);
  int pending = 0;
  for (const auto& [id, m] : outbox_.rows) {
    if (m.status == store::OutboxStatus::kPending) {
      ++pending;
      EXPECT_TRUE(m.lease_owner.empty());  // handed back, not left leased
    }
  }
  EXPECT_EQ(pending, 10 - sent);
}

TEST_F(OutboxSenderTest, SilentMessagesGoWithoutNotification) {
  outbox_.Add(8, "quiet", kStart, true);
  outbox_.Add(9, "loud", kStart, false);
  auto sender = Sender();
  EXPECT_EQ(sender.RunOnce(), 2);
  EXPECT_TRUE(fake_.SentTo(8)[0].silent);
  EXPECT_FALSE(fake_.SentTo(9)[0].silent);
}

}  // namespace
}  // namespace baro::notify

namespace baro::notify {
namespace {

TEST_F(OutboxSenderTest, LowLevelsWaitingForOneChatGoAsOneDigestButCriticalsNever) {
  // Chat 7: two criticals, then three warnings and a recovery (level 0) in one burst. At one
  // message per second per chat the criticals go one by one; the four low levels form one digest.
  const auto c1 = outbox_.Add(7, "crit-1", kStart, false, 2);
  const auto c2 = outbox_.Add(7, "crit-2", kStart, false, 2);
  std::vector<store::Id> low;
  low.push_back(outbox_.Add(7, "warn-1", kStart, false, 1));
  low.push_back(outbox_.Add(7, "warn-2", kStart, true, 1));
  low.push_back(outbox_.Add(7, "warn-3", kStart, false, 1));
  low.push_back(outbox_.Add(7, "recovered", kStart, false, 0));
  auto sender = Sender();
  for (int step = 0; step < 5000; step += 100) {
    sender.RunOnce();
    clock_.Advance(100);
  }
  auto sent = fake_.SentTo(7);
  ASSERT_EQ(sent.size(), 3u);  // 2 criticals + 1 digest instead of 6 messages
  EXPECT_EQ(sent[0].text, "crit-1");
  EXPECT_EQ(sent[1].text, "crit-2");
  EXPECT_EQ(sent[2].text, "warn-1\n\nwarn-2\n\nwarn-3\n\nrecovered");
  EXPECT_EQ(Status(c1), store::OutboxStatus::kSent);
  EXPECT_EQ(Status(c2), store::OutboxStatus::kSent);
  for (auto id : low) EXPECT_EQ(Status(id), store::OutboxStatus::kSent) << id;
  EXPECT_EQ(sender.merged(), 3);
}

TEST_F(OutboxSenderTest, ADigestStaysWithinTheMessageLimit) {
  // Two warnings of 3,000 characters cannot share one 4,096-character message.
  const std::string big(3000, 'x');
  outbox_.Add(9, big, kStart, false, 1);
  outbox_.Add(9, big, kStart, false, 1);
  auto sender = Sender();
  for (int step = 0; step < 3000; step += 100) {
    sender.RunOnce();
    clock_.Advance(100);
  }
  auto sent = fake_.SentTo(9);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].text, big);
  EXPECT_EQ(sender.merged(), 0);
}

TEST_F(OutboxSenderTest, WithoutDigestEveryLowLevelMessageGoesOnItsOwn) {
  for (int i = 0; i < 3; ++i) outbox_.Add(11, "w" + std::to_string(i), kStart, false, 1);
  SenderOptions o;
  o.digest = false;
  auto sender = Sender(o);
  for (int step = 0; step < 4000; step += 100) {
    sender.RunOnce();
    clock_.Advance(100);
  }
  EXPECT_EQ(fake_.SentTo(11).size(), 3u);
}

// A burst larger than one pass: with 4 rows claimed per pass, 12 warnings to one chat arrive
// behind 3 criticals to other chats. The first warning to go takes the chat's other 11 from the
// whole queue into one digest; every merged row is marked sent, and nothing goes twice.
TEST_F(OutboxSenderTest, ADigestTakesTheChatsWholePendingQueue) {
  outbox_.Add(1, "crit-a", kStart, false, 2);
  outbox_.Add(2, "crit-b", kStart, false, 2);
  outbox_.Add(3, "crit-c", kStart, false, 2);
  std::vector<store::Id> warnings;
  std::string expected;
  for (int i = 0; i < 12; ++i) {
    warnings.push_back(outbox_.Add(7, "w" + std::to_string(i), kStart, false, 1));
    expected += (i == 0 ? "" : "\n\n") + ("w" + std::to_string(i));
  }
  auto sender = Sender({.batch = 4, .digest_queue_max = 50});
  for (int step = 0; step < 5000; step += 100) {
    sender.RunOnce();
    clock_.Advance(100);
  }
  auto sent = fake_.SentTo(7);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].text, expected);
  for (auto id : warnings) EXPECT_EQ(Status(id), store::OutboxStatus::kSent) << id;
  EXPECT_EQ(sender.merged(), 11);
  EXPECT_EQ(fake_.Sent().size(), 3u + 1u);
}

// The queue-wide digest is bounded: at most digest_queue_max rows per message, the rest wait for
// the next one; 0 keeps the digest to one pass's batch.
TEST_F(OutboxSenderTest, TheQueueWideDigestIsBoundedAndCanBeTurnedOff) {
  for (int i = 0; i < 7; ++i) outbox_.Add(8, "w" + std::to_string(i), kStart, false, 1);
  auto bounded = Sender({.batch = 1, .digest_queue_max = 3});
  bounded.RunOnce();
  auto sent = fake_.SentTo(8);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].text, "w0\n\nw1\n\nw2");
  EXPECT_EQ(Status(4), store::OutboxStatus::kPending);

  auto off = Sender({.batch = 1, .digest_queue_max = 0});
  clock_.Advance(1000);
  off.RunOnce();
  sent = fake_.SentTo(8);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[1].text, "w3");
}

}  // namespace
}  // namespace baro::notify
