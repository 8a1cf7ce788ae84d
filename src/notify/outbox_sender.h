// Delivers the outbox: leases pending messages, sends them through the Bot API and records each
// outcome right after the call, so a message is never sent twice nor dropped across a restart
// (a pending row stays pending until MarkSent or MarkFailed).
//  - pacing: at most one message per per_chat_interval_ms to one chat, group_per_minute to one
//    group in any 60 s, and global_rate_per_s overall (a token bucket holding global_burst
//    tokens); messages to one chat go in order;
//  - priority lanes: of the claimed messages, higher OutboxMessage::level goes first (emergency,
//    then critical, then the rest), so a burst over the budget delays the lower levels, and when a
//    group's minute frees up its highest level waiting takes the slot;
//  - digest: the low levels (warning, recovery, info) to one chat are merged into one message,
//    since at one message per second per chat they would otherwise wait one by one: those claimed
//    in one pass, and, when such a message is about to go, every other one still pending for that
//    chat anywhere in the outbox (up to digest_queue_max), all marked sent with it; emergency and
//    critical messages are never merged;
//  - per-event settings: an alert's message whose kind the user turned off is not sent (marked
//    failed, "off in /settings"); one set to silent goes without sound;
//  - 429: honours retry_after for the whole bot, nothing is sent until it passes;
//  - 403 (e.g. "Forbidden: bot was blocked by the user"): the chat is marked inactive and the
//    message fails; 400 "chat not found" and other 4xx fail the message;
//  - 400 with parameters.migrate_to_chat_id (a group upgraded to a supergroup): the chat's links
//    and pending messages move to the new id (TelegramRepository::MigrateChat) and the message is
//    sent there at the next pass, without counting an attempt;
//  - network faults and 5xx: retried with exponential backoff (retry_backoff_ms doubling up to
//    retry_backoff_max_ms) until max_attempts;
//  - a batch is worked only while its lease has more than lease_margin_ms left; the rest is put
//    back, so no other sender can take a message this one is still sending.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "core/clock.h"
#include "notify/event_settings.h"
#include "notify/telegram_client.h"
#include "store/store.h"

namespace baro::notify {

struct SenderOptions {
  std::string owner = "notifier";            // lease owner name, unique per sender process
  std::int64_t per_chat_interval_ms = 1000;  // telegram.per_chat_interval_ms
  double global_rate_per_s = 30;             // telegram.global_rate_per_s
  double global_burst = 0;                   // bucket size; 0: one second's worth
  std::int64_t lease_ms = 30000;             // how long a claimed batch is ours
  // Stop sending from a batch when less than this is left on its lease; keep it above the HTTP
  // request timeout so a send in flight always ends inside the lease.
  std::int64_t lease_margin_ms = 12000;
  int batch = 30;                              // messages claimed per pass
  std::int64_t retry_backoff_ms = 2000;        // telegram.retry_backoff_ms
  std::int64_t retry_backoff_max_ms = 300000;  // telegram.retry_backoff_max_ms
  int max_attempts = 20;                       // telegram.max_attempts
  std::int64_t tick_ms = 500;                  // outbox.tick_ms: pause between passes
  std::int64_t stop_check_ms = 50;             // how often a pause looks at the stop flag
  bool digest = true;  // merge low levels waiting for one chat into one message
  // telegram.digest_queue_max: the most messages one digest takes, looking at the chat's whole
  // pending queue (not only this pass's batch); 0: only those claimed in the same pass.
  int digest_queue_max = 50;
  // telegram.group_per_minute: the most messages to one group (a negative chat id) in any 60 s,
  // Telegram's limit (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-
  // this); 0: no such limit.
  int group_per_minute = 20;
};

class OutboxSender {
 public:
  OutboxSender(SenderOptions options, TelegramClient& client, store::OutboxRepository& outbox,
               store::TelegramRepository& telegram, const Clock& clock);
  OutboxSender(SenderOptions options, TelegramClient& client, store::Store& store,
               const Clock& clock);

  // One pass: claims due messages and sends what pacing allows, reading the injected clock before
  // each message. Returns how many messages were sent.
  int RunOnce();
  // Passes every tick_ms until `stop` is set.
  void Run(const std::atomic<bool>& stop);

  std::int64_t paused_until() const { return paused_until_; }  // after a 429; 0: never paused
  // Messages delivered inside a digest rather than on their own, since construction.
  std::int64_t merged() const { return merged_; }

  // One send: a message, or a digest of several (head carries the merged text; ids all of them).
  struct Unit {
    store::OutboxMessage head;
    std::vector<store::Id> ids;
  };

 private:
  bool TakeToken(std::int64_t now, std::int64_t& ready_at);
  // Applies the user's per-event settings (notify/event_settings.h) to an alert's message: false
  // when it is off (then marked failed and not sent); "silent" sets m.silent.
  bool Allowed(store::OutboxMessage& m);
  // Adds to a low-level unit the chat's other low-level messages pending anywhere in the outbox.
  void GatherQueued(Unit& u, std::int64_t now);
  void Defer(const Unit& u, std::int64_t until);

  SenderOptions options_;
  TelegramClient& client_;
  store::OutboxRepository& outbox_;
  store::TelegramRepository& telegram_;
  const Clock& clock_;
  store::AlertRepository* alerts_ = nullptr;  // the settings' home; none: every event is on
  std::map<store::Id, std::pair<std::int64_t, EventSettings>> settings_;  // user -> (read at, ...)
  // chat -> earliest time its next message may go (pacing, and order behind a deferred message)
  std::map<std::int64_t, std::int64_t> chat_ready_at_;
  // group -> when its latest messages went (at most group_per_minute, none older than a minute)
  std::map<std::int64_t, std::deque<std::int64_t>> group_sent_;
  // The earliest time one more message may go to `chat` under the group limit; `now` if it may.
  std::int64_t GroupReadyAt(std::int64_t chat, std::int64_t now);
  void NoteGroupSend(std::int64_t chat, std::int64_t at);
  double tokens_;
  std::int64_t refilled_at_ = 0;
  std::int64_t paused_until_ = 0;
  std::int64_t merged_ = 0;
};

}  // namespace baro::notify
