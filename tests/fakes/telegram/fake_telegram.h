// A fake Telegram Bot API server on loopback, following the wire format of the real one
// (core.telegram.org/bots/api "Making requests", and the tdlib/telegram-bot-api server as
// summarised in shared/reference/telegram-kms.md §1, checklist §1.11):
//  - routes /bot<token>/<method> and /bot<token>/test/<method>, method case-insensitive, GET or
//    POST, parameters from the query string, a form body or a JSON body (non-string JSON values
//    kept as their raw JSON text);
//  - token syntax check -> 401 "Unauthorized: invalid token specified", wrong token -> 401
//    "Unauthorized", unknown method -> 404 "Not Found: method not found", other paths -> 404
//    "Not Found";
//  - the {"ok":...} envelope with HTTP status = error_code, Content-Type application/json;
//  - getUpdates: a queue with offset confirmation, negative offsets, limit clamped to 1..100,
//    long polling up to min(timeout, 50) s woken as soon as an update arrives, a newer long poll
//    terminating the waiting one with 409, allowed_updates remembered between calls;
//  - sendMessage: chat must exist, parse_mode checked, HTML checked (only Telegram's tags, no bare
//    '<' or '&', every tag closed), at most 4096 code points after parsing, raw text <= 32768
//    bytes;
//  - inline keyboards and the calls around them (https://core.telegram.org/bots/api):
//    sendMessage's reply_markup (InlineKeyboardMarkup: callback_data 1-64 bytes, or a url, per
//    button, "#inlinekeyboardbutton"), a user's press delivered as a callback_query update
//    ("#callbackquery": id, from, message, chat_instance, data), answerCallbackQuery (an unknown
//    or already answered query id -> 400 "Bad Request: query is too old and response timeout
//    expired or query ID is invalid"), editMessageText ("#editmessagetext": an unknown message ->
//    400 "Bad Request: message to edit not found", the same text and markup -> 400 "Bad Request:
//    message is not modified: ..."), and setMyCommands ("#setmycommands": command 1-32 of a-z,
//    0-9 and _, description 1-256 characters, remembered per language_code);
//  - webhooks as a local-mode Bot API server takes them (any port, http or https;
//    https://core.telegram.org/bots/api#setwebhook, #deletewebhook, #getwebhookinfo):
//    setWebhook checks secret_token (at most 256 of A-Z a-z 0-9 _ -) and ends a waiting long poll
//    with 409 "Conflict: terminated by setWebhook request"; while a webhook is set getUpdates
//    answers 409 "Conflict: can't use getUpdates method while webhook is active; use
//    deleteWebhook to delete the webhook first"; DeliverToWebhook() posts the queued updates one
//    per request with X-Telegram-Bot-Api-Secret-Token, dropping each on a 2XX answer and keeping
//    it (with last_error_message) otherwise;
//  - a basic group upgraded to a supergroup (https://core.telegram.org/bots/api#message,
//    migrate_to_chat_id / migrate_from_chat_id; #responseparameters): the two service messages,
//    and sends to the old id answered 400 "Bad Request: group chat was upgraded to a supergroup
//    chat" with parameters.migrate_to_chat_id (telegram-kms.md §1.3);
//  - optionally Telegram's 20 messages per minute to one group
//    (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this) enforced
//    with 429s, and each accepted message stamped with the time it arrived, on an injectable clock,
//    so tests count a chat's messages in any window;
//  - scriptable failures per chat: 403 blocked, 400 chat not found, 429 with Retry-After header and
//    parameters.retry_after, or any code and text.
// Tests drive it in-process through the control methods below; nothing in it sleeps.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/clock.h"
#include "fakes/server/fake_http_server.h"

namespace baro::fakes {

struct SentMessage {
  std::int64_t chat_id = 0;
  std::string text;  // as sent (HTML)
  std::string parse_mode;
  bool silent = false;  // disable_notification
  bool link_preview_disabled = false;
  std::int64_t message_id = 0;
  std::string reply_markup;         // as sent (JSON text), empty for none; replaced by an edit
  int edits = 0;                    // editMessageText calls that changed it
  std::int64_t received_at_ms = 0;  // when it arrived, on the fake's clock (SetClock)
};

struct CallbackAnswer {
  std::string callback_query_id;
  std::string text;
};

// Telegram's HTML check for parse_mode=HTML: empty when `html` is valid, else the error
// description the real server sends ("Bad Request: can't parse entities: ...").
std::string CheckTelegramHtml(const std::string& html);
// Code points of the text once tags are stripped and entities decoded (the 4096 limit's count).
std::size_t TelegramTextLength(const std::string& html);

class FakeTelegram {
 public:
  explicit FakeTelegram(std::string token, std::string bot_username = "baro_test_bot");
  ~FakeTelegram();

  bool Start();  // loopback, free port
  void Stop();   // wakes and answers any waiting long poll, then stops the server
  std::string BaseUrl() const;
  // Faults on the wire (fakes/server/fake_http_server.h); valid after Start().
  FaultSwitch& faults() { return server_->faults(); }
  const std::string& bot_username() const { return username_; }

  // --- what users do -----------------------------------------------------------------------
  // A user sends `text` to the bot from a private chat (which makes the chat known and unblocks
  // the bot for it).
  void SendText(std::int64_t chat_id, const std::string& text, const std::string& username = "user",
                const std::string& language_code = "en");
  // A user opens https://t.me/<bot>?start=<payload>: the bot receives "/start <payload>".
  void SendStart(std::int64_t chat_id, const std::string& payload,
                 const std::string& username = "user", const std::string& language_code = "en");
  void BlockBot(std::int64_t chat_id);  // my_chat_member "kicked" + 403 on later sends

  // --- groups (https://core.telegram.org/bots/api#chat, #chatmemberupdated) ------------------
  // Group ids are negative; `type` is "group" or "supergroup". A member (user `from_id`) adds the
  // bot to a group: my_chat_member from "left" to "member", and the group becomes known.
  void AddBotToGroup(std::int64_t group_id, const std::string& title, std::int64_t from_id,
                     const std::string& type = "group");
  // A member of the group sends `text` there (a group message: chat with id, title and type).
  void SendGroupText(std::int64_t group_id, std::int64_t from_id, const std::string& text,
                     const std::string& username = "member",
                     const std::string& language_code = "en");
  // The bot joins through https://t.me/<bot>?startgroup=<payload>: added, then
  // "/start@<bot> <payload>" from the member who chose the group.
  void StartGroup(std::int64_t group_id, const std::string& title, std::int64_t from_id,
                  const std::string& payload);
  // A member removes the bot: my_chat_member "left" in a basic group, "kicked" in a supergroup
  // (removal there bans); later sends answer 403 "Forbidden: bot was kicked from the group chat"
  // (or "supergroup chat").
  void RemoveBotFromGroup(std::int64_t group_id, std::int64_t from_id);
  // The group is upgraded to supergroup `supergroup_id` (an id "-100..."): with
  // `service_messages`, the bot gets the old group's message carrying migrate_to_chat_id and the
  // supergroup's carrying migrate_from_chat_id; without, it learns only from the 400 its next send
  // to the old id gets. The supergroup is known from then on, under the group's title.
  void UpgradeToSupergroup(std::int64_t group_id, std::int64_t supergroup_id, std::int64_t from_id,
                           bool service_messages = true);
  // A user presses an inline button carrying `data` under message `message_id` of their private
  // chat: a callback_query update. `data` need not be on the message (a forged press). Returns
  // the callback query's id. In a group, `from_id` names the member who pressed (0: the chat).
  std::string PressButton(std::int64_t chat_id, std::int64_t message_id, const std::string& data,
                          const std::string& language_code = "en", std::int64_t from_id = 0);

  // --- webhooks --------------------------------------------------------------------------
  // Posts the queued updates to the webhook in order, one per request, until one is refused or
  // fails; returns how many were accepted. `ca_file` is the CA for an https webhook.
  int DeliverToWebhook(const std::string& ca_file = "");
  std::string webhook_url() const;
  std::string webhook_secret() const;
  int webhook_calls() const;  // setWebhook and deleteWebhook calls

  // --- time and Telegram's group limit -------------------------------------------------------
  // The clock that stamps received messages and measures the group limit; default: the system
  // clock.
  // The clock must outlive the fake.
  void SetClock(const Clock* clock);
  // From now on at most `per_minute` messages in any 60 s to one group (negative chat id): more
  // are answered 429 with retry_after the seconds until the oldest leaves the window. 0: no limit.
  void LimitGroupSends(int per_minute);
  // The most messages accepted for `chat_id` within any `window_ms` (by received_at_ms).
  int MostSentInWindow(std::int64_t chat_id, std::int64_t window_ms) const;
  int rate_limited() const;  // 429s answered for the group limit

  // --- failures for the next sendMessage calls to a chat ------------------------------------
  void FailNextSends(std::int64_t chat_id, int http_code, const std::string& description,
                     int retry_after_s = 0, int times = 1);
  // 429 "Too Many Requests: retry after N" with parameters.retry_after and Retry-After: N.
  void FloodNextSends(std::int64_t chat_id, int retry_after_s, int times = 1);

  // --- what the bot did ---------------------------------------------------------------------
  std::vector<SentMessage> Sent() const;
  std::vector<SentMessage> SentTo(std::int64_t chat_id) const;
  // Waits until at least `n` messages were sent in total (true) or the deadline passes (false).
  bool WaitForSent(std::size_t n, std::chrono::milliseconds timeout) const;
  // Waits until a getUpdates call is parked in a long poll (true) or the deadline passes.
  bool WaitForLongPoll(std::chrono::milliseconds timeout) const;
  int get_updates_calls() const;
  int send_message_calls() const;  // accepted or refused
  std::int64_t last_confirmed_offset() const;
  std::size_t pending_updates() const;
  std::vector<std::string> allowed_updates() const;  // the remembered setting; empty: default
  // The message as it stands now, edits included.
  std::optional<SentMessage> Message(std::int64_t chat_id, std::int64_t message_id) const;
  std::vector<CallbackAnswer> answers() const;
  // setMyCommands lists by language_code ("" = the default list): command -> description.
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> commands() const;
  // Waits until `n` callback queries were answered (true) or the deadline passes (false).
  bool WaitForAnswers(std::size_t n, std::chrono::milliseconds timeout) const;

 private:
  net::HttpResponse Handle(const net::HttpRequest& request);
  net::HttpResponse GetUpdates(const std::map<std::string, std::string>& params);
  net::HttpResponse SendMessage(const std::map<std::string, std::string>& params);
  net::HttpResponse EditMessageText(const std::map<std::string, std::string>& params);
  net::HttpResponse AnswerCallbackQuery(const std::map<std::string, std::string>& params);
  net::HttpResponse SetMyCommands(const std::map<std::string, std::string>& params);
  net::HttpResponse SetWebhook(const std::map<std::string, std::string>& params);
  net::HttpResponse DeleteWebhook();
  net::HttpResponse GetWebhookInfo();
  void Enqueue(const std::string& kind, std::int64_t update_id, const std::string& update);

  struct Failure {
    int code;
    std::string description;
    int retry_after_s;
    int times;
  };
  struct QueuedUpdate {
    std::int64_t id;
    std::string json;
  };

  std::string token_;
  std::string username_;
  std::unique_ptr<FakeHttpServer> server_;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::deque<QueuedUpdate> updates_;  // in id order
  std::int64_t next_update_id_ = 815000001;
  std::int64_t confirmed_ = 0;  // updates with id < confirmed_ are gone
  std::vector<SentMessage> sent_;
  std::map<std::int64_t, Failure> failures_;
  std::set<std::int64_t> known_chats_;
  std::map<std::int64_t, std::string> blocked_;  // chat -> the 403 description its sends get
  struct Group {
    std::string title;
    std::string type;
  };
  std::map<std::int64_t, Group> groups_;
  std::map<std::int64_t, std::int64_t> migrated_;  // basic group -> its supergroup
  const Clock* clock_ = nullptr;
  int group_per_minute_ = 0;
  int rate_limited_ = 0;
  std::int64_t NowMs() const;  // the fake's clock
  void EnqueueServiceMessage(std::int64_t chat_id, std::int64_t from_id,
                             boost::json::object fields);  // mu_ held
  void EnqueueMemberChange(std::int64_t chat_id, std::int64_t from_id,
                           const std::string& old_status,
                           const std::string& new_status);     // mu_ held
  boost::json::object ChatObject(std::int64_t chat_id) const;  // mu_ held
  std::optional<std::set<std::string>> allowed_;               // none: Telegram's default set
  std::uint64_t poll_generation_ = 0;  // bumped by each long poll that parks
  int parked_polls_ = 0;
  bool stopping_ = false;
  int get_updates_calls_ = 0;
  int send_message_calls_ = 0;
  std::int64_t next_message_id_ = 1;
  std::map<std::string, bool> callback_queries_;  // id -> answered
  std::int64_t next_callback_id_ = 4000000001;
  std::vector<CallbackAnswer> answers_;
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> commands_;
  std::string webhook_url_, webhook_secret_, webhook_last_error_;
  int webhook_max_connections_ = 40;
  int webhook_calls_ = 0;
};

}  // namespace baro::fakes
