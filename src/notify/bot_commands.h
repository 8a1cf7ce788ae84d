// What the bot answers in a linked private chat, in the account's language (docs/telegram.md):
//  /help, /status, /positions <coin|venue>, /alerts, /thresholds, /mute <duration>, /unmute,
//  /quiet [HH:MM-HH:MM|off], /language [en|ko], /settings [<kind> on|silent|off] and /stop (unlink,
//  confirmed with a button); and the presses on inline buttons: an alert's "Snooze" and "Mute this
//  position", and /stop's confirmation. Unknown commands and every message from a chat that is not
//  linked get a short polite answer and change nothing.
//
// Button data names what it acts on (a position key and the alert's level), and is looked up
// among the positions of the account linked to the chat that pressed it: data naming a position
// of another account is refused and changes nothing. Every press is answered
// (answerCallbackQuery) and is idempotent; the message is edited to say what was done.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "notify/telegram_client.h"
#include "risk/thresholds.h"
#include "store/store.h"

namespace baro::notify {

struct BotOptions {
  risk::Thresholds defaults;    // the thresholds before any override (risk.* options)
  std::string page_url;         // server.public_url: the "Open in Baro" link
  int alerts_listed = 10;       // telegram.alerts_listed
  int status_max_messages = 5;  // telegram.status_max_messages
  std::int64_t mute_max_ms = 7 * 24 * 3600 * 1000LL;  // telegram.mute_max_s
  // Command replies to a linked chat go into the outbox (in the critical lane: first, never
  // merged into a digest), so the sender paces them with the alerts under one per-chat and one
  // global budget; off, they are sent at once. Button answers and edits always go at once
  // (answerCallbackQuery must come within seconds), and so do replies to unlinked chats.
  bool replies_via_outbox = false;
  std::int64_t snooze_ms = 3600 * 1000LL;  // telegram.snooze_s: the "Snooze" button
};

// The commands registered with setMyCommands, in `locale`.
std::vector<BotCommand> CommandList(const std::string& locale);

// Reads "/mute" durations: "30m", "2h", "1d", "90" (minutes). 0 when unreadable.
std::int64_t ParseDuration(std::string_view text);

class BotCommands {
 public:
  BotCommands(BotOptions options, TelegramClient& client, store::Store& store, const Clock& clock);

  // setMyCommands for the default list (English) and Korean ("ko"). True when both were set.
  bool RegisterCommands();
  // A message that is not "/start", in a private chat or a linked group. In a group, only the
  // member who linked it may change settings (/mute, /unmute, /quiet, /language, /settings,
  // /stop and the buttons); the others may read (/status, /positions, /alerts, /thresholds).
  void HandleMessage(const Update& u);
  // A callback_query.
  void HandleCallback(const Update& u);

 private:
  struct Linked {
    store::Id user_id = 0;
    std::string locale;
    std::string time_zone;
    // False in a group for anyone but the member who linked it: they may read, not change.
    bool may_change = true;
  };
  std::optional<Linked> Find(const Update& u);
  // True when `who` may change settings; else tells the chat why not.
  bool MayChange(const Linked& who, std::int64_t chat_id);
  void Send(std::int64_t chat_id, const std::string& html, const std::string& markup = "");
  void SendAll(std::int64_t chat_id, const std::vector<std::string>& parts);
  void Status(const Linked& who, std::int64_t chat_id, const std::string& filter);
  void Alerts(const Linked& who, std::int64_t chat_id);
  void Thresholds(const Linked& who, std::int64_t chat_id);
  void Mute(const Linked& who, std::int64_t chat_id, std::string_view arg);
  void Unmute(const Linked& who, std::int64_t chat_id);
  void Quiet(const Linked& who, std::int64_t chat_id, std::string_view arg);
  void Language(const Linked& who, std::int64_t chat_id, std::string_view arg);
  void Stop(const Linked& who, std::int64_t chat_id);
  // /settings [warning|critical|recovery on|silent|off] (notify/event_settings.h).
  void Settings(const Linked& who, std::int64_t chat_id, std::string_view arg);
  // A button press on an alert: `action` 'z' (snooze) or 'u' (mute this position).
  void SilencePosition(const Linked& who, const Update& u, char action, std::string_view rest);
  void Answer(const Update& u, const std::string& text);
  void Edit(const Update& u, const std::string& note, bool keep_open_button,
            const std::string& position_key = "");

  store::Id reply_user_ = 0;  // the account whose command is being answered; 0: none
  BotOptions options_;
  TelegramClient& client_;
  store::Store& store_;
  const Clock& clock_;
};

}  // namespace baro::notify
