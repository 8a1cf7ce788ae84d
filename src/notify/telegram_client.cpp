#include "notify/telegram_client.h"

#include <algorithm>
#include <boost/json/serialize.hpp>

#include "core/json_util.h"

namespace baro::notify {

std::vector<std::string> DefaultAllowedUpdates() {
  return {"message", "my_chat_member", "callback_query"};
}

TelegramClient::TelegramClient(net::Url base, SecretBytes token, TelegramClientOptions options)
    : base_(std::move(base)),
      token_(std::move(token)),
      options_(std::move(options)),
      http_(options_.http) {}

TelegramClient::TelegramClient(net::Url base, SecretBytes token, net::HttpClientOptions http)
    : TelegramClient(std::move(base), std::move(token), TelegramClientOptions{.http = http}) {}

// A last line of defence: whatever the lower layers put in a message, the token never leaves.
std::string TelegramClient::Scrub(std::string text) const {
  const std::string_view token = token_.view();
  if (token.empty()) return text;
  for (auto pos = text.find(token); pos != std::string::npos; pos = text.find(token, pos)) {
    text.replace(pos, token.size(), "[redacted]");
  }
  return text;
}

TelegramResult<boost::json::value> TelegramClient::Call(const std::string& method,
                                                        const boost::json::object& body,
                                                        std::chrono::milliseconds timeout) {
  TelegramResult<boost::json::value> out;
  net::HttpRequest req;
  req.method = "POST";
  req.target = "/bot";
  req.target += token_.view();
  req.target += "/" + method;
  req.headers = {{"Content-Type", "application/json"}};
  req.body = boost::json::serialize(body);
  auto res = http_.Send(base_, req, timeout);
  SecureZero(req.target);
  SecureZero(req.body);  // may hold the webhook's secret token
  if (!res) {
    // The HTTP layer names only the host, never the path that carries the token.
    out.error = {0, Scrub(method + ": " + res.error().message), 0, true};
    return out;
  }
  auto parsed = json::Parse(res->body);
  if (!parsed || !parsed->is_object() || !json::Find(*parsed, "ok")) {
    out.error = {
        res->status,
        method + ": unreadable answer from Telegram (HTTP " + std::to_string(res->status) + ")", 0,
        true};
    return out;
  }
  if (json::GetBool(*parsed, "ok").value_or(false)) {
    const auto* result = json::Find(*parsed, "result");
    out.value = result ? *result : boost::json::value(nullptr);
    return out;
  }
  out.error.error_code =
      static_cast<int>(json::GetInt(*parsed, "error_code").value_or(res->status));
  out.error.description = Scrub(json::GetString(*parsed, "description").value_or(""));
  if (const auto* params = json::Find(*parsed, "parameters")) {
    out.error.retry_after_s = json::GetInt(*params, "retry_after").value_or(0);
    out.error.migrate_to_chat_id = json::GetInt(*params, "migrate_to_chat_id").value_or(0);
  }
  if (out.error.retry_after_s <= 0) {
    if (auto h = res->Header("Retry-After")) {
      out.error.retry_after_s = static_cast<std::int64_t>(json::ParseNumber(*h).value_or(0));
    }
  }
  out.error.retry_after_s = std::max<std::int64_t>(0, out.error.retry_after_s);
  return out;
}

TelegramResult<std::string> TelegramClient::GetMe() {
  auto r = Call("getMe", {}, options_.http.request_timeout);
  TelegramResult<std::string> out{std::nullopt, r.error};
  if (r.ok()) out.value = json::GetString(*r.value, "username").value_or("");
  return out;
}

std::vector<Update> ParseUpdates(const boost::json::value& result) {
  std::vector<Update> out;
  if (!result.is_array()) return out;
  for (const auto& item : result.as_array()) {
    if (!item.is_object()) continue;
    Update u;
    auto id = json::GetInt(item, "update_id");
    if (!id) continue;
    u.update_id = *id;
    if (const auto* msg = json::Find(item, "message")) {
      if (const auto* chat = json::Find(*msg, "chat")) {
        u.chat_id = json::GetInt(*chat, "id");
        u.chat_type = json::GetString(*chat, "type").value_or("");
        u.chat_title = json::GetString(*chat, "title").value_or("");
      }
      if (const auto* from = json::Find(*msg, "from")) {
        u.from_id = json::GetInt(*from, "id").value_or(0);
        u.username = json::GetString(*from, "username").value_or("");
        u.language_code = json::GetString(*from, "language_code").value_or("");
      }
      u.text = json::GetString(*msg, "text").value_or("");
      u.migrate_to_chat_id = json::GetInt(*msg, "migrate_to_chat_id").value_or(0);
      u.migrate_from_chat_id = json::GetInt(*msg, "migrate_from_chat_id").value_or(0);
    } else if (const auto* cb = json::Find(item, "callback_query")) {
      u.callback_id = json::GetString(*cb, "id").value_or("");
      u.callback_data = json::GetString(*cb, "data").value_or("");
      if (const auto* from = json::Find(*cb, "from")) {
        u.from_id = json::GetInt(*from, "id").value_or(0);
        u.username = json::GetString(*from, "username").value_or("");
        u.language_code = json::GetString(*from, "language_code").value_or("");
      }
      // A message the bot can no longer access comes as an InaccessibleMessage, with its chat
      // and message_id but date 0 and no text (https://core.telegram.org/bots/api
      // #inaccessiblemessage); without any message the press names no chat and is only answered.
      if (const auto* msg = json::Find(*cb, "message")) {
        u.message_id = json::GetInt(*msg, "message_id").value_or(0);
        u.message_text = json::GetString(*msg, "text").value_or("");
        if (const auto* chat = json::Find(*msg, "chat")) {
          u.chat_id = json::GetInt(*chat, "id");
          u.chat_type = json::GetString(*chat, "type").value_or("");
        }
      }
      if (u.callback_id.empty()) continue;
    } else if (const auto* member = json::Find(item, "my_chat_member")) {
      if (const auto* chat = json::Find(*member, "chat")) {
        u.chat_id = json::GetInt(*chat, "id");
        u.chat_type = json::GetString(*chat, "type").value_or("");
        u.chat_title = json::GetString(*chat, "title").value_or("");
      }
      if (const auto* from = json::Find(*member, "from")) {
        u.from_id = json::GetInt(*from, "id").value_or(0);
      }
      if (const auto* now = json::Find(*member, "new_chat_member")) {
        u.member_status = json::GetString(*now, "status").value_or("");
      }
    }
    out.push_back(std::move(u));
  }
  return out;
}

TelegramResult<std::vector<Update>> TelegramClient::GetUpdates(
    std::int64_t offset, int timeout_s, const std::vector<std::string>& allowed_updates) {
  timeout_s = std::clamp(timeout_s, 0, 50);
  boost::json::array allowed;
  for (const auto& kind : allowed_updates) allowed.emplace_back(kind);
  boost::json::object body{
      {"offset", offset}, {"timeout", timeout_s}, {"allowed_updates", allowed}};
  // The read timeout must outlast the long poll.
  auto r = Call("getUpdates", body,
                std::chrono::milliseconds(timeout_s * 1000LL) + options_.long_poll_margin);
  TelegramResult<std::vector<Update>> out{std::nullopt, r.error};
  if (r.ok()) out.value = ParseUpdates(*r.value);
  return out;
}

namespace {

// An InlineKeyboardMarkup given as JSON text, as an object for the request body; none when empty
// or not an object.
std::optional<boost::json::value> Markup(const std::string& reply_markup) {
  if (reply_markup.empty()) return std::nullopt;
  auto v = json::Parse(reply_markup);
  if (!v || !v->is_object()) return std::nullopt;
  return *v;
}

}  // namespace

TelegramResult<std::int64_t> TelegramClient::SendMessage(std::int64_t chat_id,
                                                         const std::string& html, bool silent,
                                                         const std::string& reply_markup) {
  boost::json::object body{{"chat_id", chat_id},
                           {"text", html},
                           {"parse_mode", "HTML"},
                           {"link_preview_options", boost::json::object{{"is_disabled", true}}},
                           {"disable_notification", silent}};
  if (auto markup = Markup(reply_markup)) body["reply_markup"] = *markup;
  auto r = Call("sendMessage", body, options_.http.request_timeout);
  TelegramResult<std::int64_t> out{std::nullopt, r.error};
  if (r.ok()) out.value = json::GetInt(*r.value, "message_id").value_or(0);
  return out;
}

TelegramResult<bool> TelegramClient::EditMessageText(std::int64_t chat_id, std::int64_t message_id,
                                                     const std::string& html,
                                                     const std::string& reply_markup) {
  // https://core.telegram.org/bots/api#editmessagetext
  boost::json::object body{{"chat_id", chat_id},
                           {"message_id", message_id},
                           {"text", html},
                           {"parse_mode", "HTML"},
                           {"link_preview_options", boost::json::object{{"is_disabled", true}}}};
  if (auto markup = Markup(reply_markup)) body["reply_markup"] = *markup;
  auto r = Call("editMessageText", body, options_.http.request_timeout);
  TelegramResult<bool> out{std::nullopt, r.error};
  if (r.ok()) out.value = true;
  return out;
}

TelegramResult<bool> TelegramClient::AnswerCallbackQuery(const std::string& callback_query_id,
                                                         const std::string& text) {
  // https://core.telegram.org/bots/api#answercallbackquery
  boost::json::object body{{"callback_query_id", callback_query_id}};
  if (!text.empty()) body["text"] = text;
  auto r = Call("answerCallbackQuery", body, options_.http.request_timeout);
  TelegramResult<bool> out{std::nullopt, r.error};
  if (r.ok()) out.value = true;
  return out;
}

TelegramResult<bool> TelegramClient::SetMyCommands(const std::vector<BotCommand>& commands,
                                                   const std::string& language_code) {
  // https://core.telegram.org/bots/api#setmycommands
  boost::json::array list;
  for (const auto& c : commands) {
    list.push_back(boost::json::object{{"command", c.command}, {"description", c.description}});
  }
  boost::json::object body{{"commands", list}};
  if (!language_code.empty()) body["language_code"] = language_code;
  auto r = Call("setMyCommands", body, options_.http.request_timeout);
  TelegramResult<bool> out{std::nullopt, r.error};
  if (r.ok()) out.value = true;
  return out;
}

TelegramResult<bool> TelegramClient::SetWebhook(const std::string& url,
                                                std::string_view secret_token,
                                                const std::vector<std::string>& allowed_updates,
                                                int max_connections) {
  boost::json::array allowed;
  for (const auto& kind : allowed_updates) allowed.emplace_back(kind);
  boost::json::object body{{"url", url},
                           {"secret_token", secret_token},
                           {"allowed_updates", allowed},
                           {"max_connections", std::clamp(max_connections, 1, 100)}};
  auto r = Call("setWebhook", body, options_.http.request_timeout);
  if (auto* secret = body.if_contains("secret_token"); secret && secret->is_string()) {
    SecureZero(secret->as_string().data(), secret->as_string().size());
  }
  TelegramResult<bool> out{std::nullopt, r.error};
  if (r.ok()) out.value = true;
  return out;
}

TelegramResult<bool> TelegramClient::DeleteWebhook(bool drop_pending_updates) {
  auto r = Call("deleteWebhook", {{"drop_pending_updates", drop_pending_updates}},
                options_.http.request_timeout);
  TelegramResult<bool> out{std::nullopt, r.error};
  if (r.ok()) out.value = true;
  return out;
}

TelegramResult<TelegramClient::WebhookInfo> TelegramClient::GetWebhookInfo() {
  auto r = Call("getWebhookInfo", {}, options_.http.request_timeout);
  TelegramResult<WebhookInfo> out{std::nullopt, r.error};
  if (r.ok()) {
    out.value = WebhookInfo{json::GetString(*r.value, "url").value_or(""),
                            json::GetInt(*r.value, "pending_update_count").value_or(0),
                            json::GetString(*r.value, "last_error_message").value_or("")};
  }
  return out;
}

}  // namespace baro::notify
