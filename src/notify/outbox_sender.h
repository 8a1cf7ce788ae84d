// Delivers the outbox: leases pending messages, sends them through the Bot API and records the
// outcome right away, so a message is never sent twice nor dropped across a restart.
//  - pacing: at most one message per telegram.per_chat_interval_ms to one chat, and about
//    telegram.global_rate_per_s overall (token bucket);
//  - 429: honours retry_after for the whole bot (nothing is sent until it passes);
//  - 403 "bot was blocked by the user" (or any 403): the chat is marked inactive and the message
//    fails; 400 "chat not found" fails the message;
//  - network faults and 5xx: retried with exponential backoff up to telegram.max_attempts.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "core/clock.h"
#include "notify/telegram_client.h"
#include "store/store.h"

namespace baro::notify {

struct SenderOptions {
  std::string owner = "notifier";
  std::int64_t per_chat_interval_ms = 1000;
  double global_rate_per_s = 30;
  std::int64_t lease_ms = 30000;
  int batch = 30;
  std::int64_t retry_backoff_ms = 2000;
  std::int64_t retry_backoff_max_ms = 300000;
  int max_attempts = 20;
  std::int64_t tick_ms = 500;
};

class OutboxSender {
 public:
  OutboxSender(SenderOptions options, TelegramClient& client, store::Store& store,
               const Clock& clock);

  // One pass at the clock's current time. Returns how many messages were sent.
  int RunOnce();
  void Run(const std::atomic<bool>& stop);

 private:
  bool TakeToken(std::int64_t now, std::int64_t& ready_at);
  SenderOptions options_;
  TelegramClient& client_;
  store::Store& store_;
  const Clock& clock_;
  std::map<std::int64_t, std::int64_t> last_sent_;  // chat -> time
  double tokens_;
  std::int64_t refilled_at_ = 0;
  std::int64_t paused_until_ = 0;
};

}  // namespace baro::notify
