// A Telegram Bot API client: getMe, getUpdates, sendMessage, editMessageText,
// answerCallbackQuery and setMyCommands over HTTP(S) (https://core.telegram.org/bots/api), with a
// configurable base URL (https://api.telegram.org, a self-hosted Bot API server, or a test fake).
// The bot token appears only in the request path; no error value or log line ever carries the token
// or that path. Telegram answers with one envelope, {"ok":true,"result":...} or
// {"ok":false,"error_code":N, "description":"...","parameters":{"retry_after":N}}, with the HTTP
// status equal to error_code; failures come back as TelegramError values (docs/telegram.md).
#pragma once

#include <boost/json/value.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/secret.h"
#include "net/http_client.h"

namespace baro::notify {

inline constexpr char kTelegramApiBase[] = "https://api.telegram.org";

struct TelegramClientOptions {
  net::HttpClientOptions http;  // connect and request timeouts, CA file, proxy, egress address
  // getUpdates waits up to its long-poll timeout for an answer; the read timeout of that request
  // is the long-poll timeout plus this margin.
  std::chrono::milliseconds long_poll_margin{10000};
};

struct TelegramError {
  int error_code = 0;              // HTTP status / error_code; 0 for a network failure
  std::string description;         // Telegram's text, e.g. "Forbidden: bot was blocked by the user"
  std::int64_t retry_after_s = 0;  // parameters.retry_after, else the Retry-After header; 0: none
  bool network = false;            // could not reach Telegram, or no readable answer
  // parameters.migrate_to_chat_id (https://core.telegram.org/bots/api#responseparameters): the
  // group was upgraded to this supergroup, which the request should be repeated to; 0: none.
  std::int64_t migrate_to_chat_id = 0;
};

template <typename T>
struct TelegramResult {
  std::optional<T> value;
  TelegramError error;
  bool ok() const { return value.has_value(); }
};

struct Update {
  std::int64_t update_id = 0;
  // A message (e.g. "/start <token>") or a my_chat_member change, when the update carries one.
  std::optional<std::int64_t> chat_id;
  std::string chat_type;     // "private", "group", "supergroup", ...
  std::string chat_title;    // a group's title
  std::int64_t from_id = 0;  // the Telegram user who sent the message or pressed the button
  std::string username;
  std::string language_code;
  std::string text;
  // A group upgraded to a supergroup (https://core.telegram.org/bots/api#message): the old
  // group's service message carries migrate_to_chat_id (the supergroup), the supergroup's carries
  // migrate_from_chat_id (the old group); 0: none.
  std::int64_t migrate_to_chat_id = 0;
  std::int64_t migrate_from_chat_id = 0;
  // my_chat_member (https://core.telegram.org/bots/api#chatmemberupdated): the bot's new status
  // in the chat: in a private chat "kicked" when the user blocked it and "member" when unblocked;
  // in a group "left" or "kicked" when it was removed, "member" or "administrator" when added.
  std::optional<std::string> member_status;
  // callback_query (https://core.telegram.org/bots/api#callbackquery): a press on an inline
  // button. `callback_id` is non-empty for one; chat_id and message_id name the message that
  // carried the button, username and language_code the user who pressed it.
  std::string callback_id;
  std::string callback_data;
  std::int64_t message_id = 0;
  std::string message_text;  // that message's text, without its formatting
};

// One entry of setMyCommands (https://core.telegram.org/bots/api#botcommand): a command of 1-32
// lower-case letters, digits and underscores without the slash, and a 1-256 character text.
struct BotCommand {
  std::string command;
  std::string description;
};

// The update kinds the notifier asks for (allowed_updates).
std::vector<std::string> DefaultAllowedUpdates();

class TelegramClient {
 public:
  TelegramClient(net::Url base, SecretBytes token, TelegramClientOptions options);
  TelegramClient(net::Url base, SecretBytes token, net::HttpClientOptions http);

  TelegramResult<std::string> GetMe();  // the bot's username
  // Long-polls for up to `timeout_s` seconds (Telegram caps it at 50). Updates with an id below
  // `offset` are confirmed and never returned again.
  TelegramResult<std::vector<Update>> GetUpdates(
      std::int64_t offset, int timeout_s,
      const std::vector<std::string>& allowed_updates = DefaultAllowedUpdates());
  // Sends HTML text with link previews off; `silent` sets disable_notification. Returns the
  // message_id.
  // `reply_markup` is an InlineKeyboardMarkup as JSON text, or empty for none.
  TelegramResult<std::int64_t> SendMessage(std::int64_t chat_id, const std::string& html,
                                           bool silent, const std::string& reply_markup = "");
  // Replaces the text (and keyboard; empty: none) of a message the bot sent.
  TelegramResult<bool> EditMessageText(std::int64_t chat_id, std::int64_t message_id,
                                       const std::string& html,
                                       const std::string& reply_markup = "");
  // Ends the button's loading state, showing `text` (may be empty) as a notification.
  TelegramResult<bool> AnswerCallbackQuery(const std::string& callback_query_id,
                                           const std::string& text);
  // The command list users see for `language_code` ("" for everyone without a dedicated list).
  TelegramResult<bool> SetMyCommands(const std::vector<BotCommand>& commands,
                                     const std::string& language_code);
  // Webhook mode (https://core.telegram.org/bots/api#setwebhook): Telegram posts each update to
  // `url` with the header X-Telegram-Bot-Api-Secret-Token: `secret_token` (1-256 of A-Z a-z 0-9 _
  // -); getUpdates then answers 409 until deleteWebhook.
  TelegramResult<bool> SetWebhook(const std::string& url, std::string_view secret_token,
                                  const std::vector<std::string>& allowed_updates,
                                  int max_connections);
  // Back to getUpdates (https://core.telegram.org/bots/api#deletewebhook); pending updates are
  // kept unless `drop_pending_updates`.
  TelegramResult<bool> DeleteWebhook(bool drop_pending_updates = false);
  struct WebhookInfo {
    std::string url;  // empty: getUpdates
    std::int64_t pending_update_count = 0;
    std::string last_error_message;
  };
  TelegramResult<WebhookInfo>
  GetWebhookInfo();  // https://core.telegram.org/bots/api#getwebhookinfo
  // Ends a call in flight (a long poll) at once, and every later call: for shutdown. Any thread.
  void Cancel() { http_.Cancel(); }

 private:
  TelegramResult<boost::json::value> Call(const std::string& method,
                                          const boost::json::object& body,
                                          std::chrono::milliseconds timeout);
  std::string Scrub(std::string text) const;
  net::Url base_;
  SecretBytes token_;
  TelegramClientOptions options_;
  net::HttpClient http_;
};

// Reads the result of getUpdates; items that are not objects or have no update_id are skipped.
std::vector<Update> ParseUpdates(const boost::json::value& result);

}  // namespace baro::notify
