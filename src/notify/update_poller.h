// Long-polls getUpdates and handles what users send the bot: "/start <token>" binds the chat to the
// account that issued the token (single use, unexpired) and confirms in the user's language; an
// unknown, used or expired token gets a polite reply and binds nothing; a user who blocks the bot
// marks the chat inactive. The offset is persisted after each batch, so a restart neither replays
// nor skips updates.
#pragma once

#include <atomic>
#include <cstdint>

#include "core/clock.h"
#include "notify/telegram_client.h"
#include "store/store.h"

namespace baro::notify {

struct PollerOptions {
  int poll_timeout_s = 50;               // telegram.poll_timeout_s (Telegram caps it at 50)
  std::int64_t error_backoff_ms = 2000;  // after a failed poll, doubling up to the max
  std::int64_t error_backoff_max_ms = 60000;
};

class UpdatePoller {
 public:
  UpdatePoller(PollerOptions options, TelegramClient& client, store::Store& store,
               const Clock& clock);

  // One getUpdates call and the handling of what it returned. Returns the number of updates.
  Result<int> PollOnce();
  // Polls until `stop` is set (checked between polls; a poll lasts at most poll_timeout_s).
  void Run(const std::atomic<bool>& stop);

 private:
  void Handle(const Update& u);
  PollerOptions options_;
  TelegramClient& client_;
  store::Store& store_;
  const Clock& clock_;
};

}  // namespace baro::notify
