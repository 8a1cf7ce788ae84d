// A Telegram Bot API client: getMe, getUpdates and sendMessage over HTTPS, with a configurable base
// URL (api.telegram.org, a self-hosted Bot API server, or a test fake). The bot token appears only
// in the request path; no error message or log line ever carries the token or that path.
// Telegram's answers follow one envelope: {"ok":true,"result":...} or {"ok":false,"error_code":N,
// "description":"...","parameters":{"retry_after":N}} (docs/telegram.md).
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/secret.h"
#include "net/http_client.h"

namespace baro::notify {

struct TelegramError {
  int error_code = 0;       // HTTP status / error_code; 0 for a network failure
  std::string description;  // Telegram's text, e.g. "Forbidden: bot was blocked by the user"
  std::int64_t retry_after_s = 0;
  bool network = false;  // could not reach Telegram at all
};

template <typename T>
struct TelegramResult {
  std::optional<T> value;
  TelegramError error;
  bool ok() const { return value.has_value(); }
};

struct Update {
  std::int64_t update_id = 0;
  // A private message (e.g. "/start <token>"), when the update carries one.
  std::optional<std::int64_t> chat_id;
  std::string chat_type;
  std::string username;
  std::string language_code;
  std::string text;
  // my_chat_member: the user blocked ("kicked") or unblocked ("member") the bot.
  std::optional<std::string> member_status;
};

class TelegramClient {
 public:
  TelegramClient(net::Url base, SecretBytes token, net::HttpClientOptions http);

  TelegramResult<std::string> GetMe();  // the bot's username
  TelegramResult<std::vector<Update>> GetUpdates(std::int64_t offset, int timeout_s);
  // Sends HTML text; returns the message_id.
  TelegramResult<std::int64_t> SendMessage(std::int64_t chat_id, const std::string& html,
                                           bool silent);

 private:
  TelegramResult<boost::json::value> Call(const std::string& method,
                                          const boost::json::object& body,
                                          std::chrono::milliseconds timeout);
  net::Url base_;
  SecretBytes token_;
  net::HttpClient http_;
};

std::vector<Update> ParseUpdates(const boost::json::value& result);

}  // namespace baro::notify
