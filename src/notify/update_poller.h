// Long-polls getUpdates and handles what users send the bot:
//  - "/start <token>" consumes the token (single use, unexpired) and binds the chat to the account
//    that issued it, replying with a confirmation in the account's language; in a group
//    ("/start@<bot> <token>", sent when the bot is added through a startgroup link) it links the
//    group as another chat of the account;
//  - an unknown, malformed, used or expired token gets a polite reply and binds nothing;
//  - a plain "/start" gets the hello text;
//  - a group's upgrade to a supergroup (a message carrying migrate_to_chat_id or
//    migrate_from_chat_id) moves the group's links to the supergroup's id;
//  - my_chat_member "kicked" (the user blocked the bot, or it was banned from a group) or "left"
//    (removed from a group) marks the chat inactive, any other status active again;
//  - with a whole store, every other command and every button press goes to BotCommands, and the
//    command lists are registered with setMyCommands before the first poll (again at later polls
//    until Telegram accepted them).
// The offset (highest update_id + 1) is persisted through TelegramRepository::SetUpdateOffset once
// a batch is handled, so a restart neither replays a handled batch nor skips an update.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.h"
#include "notify/bot_commands.h"
#include "notify/telegram_client.h"
#include "store/store.h"

namespace baro::notify {

struct PollerOptions {
  // Long-poll wait per getUpdates (Telegram caps it at 50 s); the HTTP read timeout is this plus
  // TelegramClientOptions::long_poll_margin. To stop without waiting it out, set the stop flag and
  // call TelegramClient::Cancel() on the polling client.
  int poll_timeout_s = 50;               // telegram.poll_timeout_s
  std::int64_t error_backoff_ms = 2000;  // first wait after a failed poll, then doubled
  std::int64_t error_backoff_max_ms = 60000;
  std::int64_t stop_check_ms = 50;  // how often a backoff wait looks at the stop flag
  std::vector<std::string> allowed_updates = DefaultAllowedUpdates();
  // The bot's username (telegram.bot_username): in a group, a command addressed to another bot
  // ("/status@other_bot") is not ours. Empty: every addressed command is taken as ours.
  std::string bot_username;
  // Webhook mode (telegram.webhook_url): Telegram posts updates to this HTTPS URL instead of
  // answering getUpdates. Empty: long polling, which first deletes any webhook (the two never run
  // at once: https://core.telegram.org/bots/api#getupdates).
  std::string webhook_url;
  int webhook_max_connections = 40;  // telegram.webhook_max_connections
  BotOptions bot;
};

class UpdatePoller {
 public:
  UpdatePoller(PollerOptions options, TelegramClient& client, store::TelegramRepository& telegram,
               store::UserRepository& users, const Clock& clock);
  UpdatePoller(PollerOptions options, TelegramClient& client, store::Store& store,
               const Clock& clock);

  // One getUpdates call and the handling of what it returned. Returns the number of updates; a
  // failed call returns kUnavailable with retry_after_ms set when Telegram asked for a pause.
  Result<int> PollOnce();
  // Polls until `stop` is set, backing off after failures (error_backoff_ms doubling up to
  // error_backoff_max_ms, at least Telegram's retry_after).
  void Run(const std::atomic<bool>& stop);

  // Webhook mode: registers the commands and the webhook (setWebhook with `secret_token` and the
  // allowed updates). True once Telegram accepted both.
  bool SetUpWebhook(std::string_view secret_token);
  // Calls SetUpWebhook until it succeeds or `stop` is set, backing off as Run does.
  void RunWebhookSetUp(const std::atomic<bool>& stop, std::string_view secret_token);
  // One update as a webhook request carries it (a JSON Update object): handled as a polled one.
  // kInvalidInput when it is not an Update.
  Status HandleWebhookUpdate(std::string_view body);

 private:
  void Handle(const Update& u);
  void HandleStart(const Update& u, std::string_view payload);
  void Reply(std::int64_t chat_id, const std::string& locale, std::string_view key);
  void Wait(const std::atomic<bool>& stop, std::int64_t ms) const;

  PollerOptions options_;
  TelegramClient& client_;
  store::TelegramRepository& telegram_;
  store::UserRepository& users_;
  const Clock& clock_;
  std::unique_ptr<BotCommands> bot_;  // with a whole store only
  bool commands_registered_ = false;
  bool webhook_cleared_ = false;  // deleteWebhook answered since the last 409 about a webhook
  bool webhook_set_ = false;
  // Webhook requests may arrive on several server threads at once; the client serves one call at
  // a time, so they are handled one by one, in the order they got the lock.
  std::mutex webhook_mu_;
};

}  // namespace baro::notify
