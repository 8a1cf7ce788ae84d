#include "fakes/telegram/fake_telegram.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <climits>
#include <cstdint>

#include "net/http_client.h"

namespace baro::fakes {
namespace {

std::string Lower(std::string_view s) {
  std::string out;
  for (char c : s) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

// The failure envelope; HTTP status = error_code (telegram-kms.md §1.2). A 429 carries both
// parameters.retry_after and the Retry-After header (§1.3, Query.cpp set_retry_after_error).
// ResponseParameters (https://core.telegram.org/bots/api#responseparameters): retry_after for a
// 429, migrate_to_chat_id for a group upgraded to a supergroup.
net::HttpResponse Envelope(int code, const std::string& description, int retry_after = 0,
                           std::int64_t migrate_to_chat_id = 0) {
  boost::json::object body{{"ok", false}, {"error_code", code}, {"description", description}};
  net::HttpResponse res = net::HttpResponse::Json(code, "");
  if (retry_after > 0) {
    body["parameters"] = boost::json::object{{"retry_after", retry_after}};
    res.headers.emplace_back("Retry-After", std::to_string(retry_after));
  }
  if (migrate_to_chat_id != 0) {
    body["parameters"] = boost::json::object{{"migrate_to_chat_id", migrate_to_chat_id}};
  }
  res.body = boost::json::serialize(body);
  return res;
}

// A success with a description, as setWebhook and deleteWebhook answer (telegram-kms.md §1.4).
net::HttpResponse OkDescribed(const std::string& description) {
  return net::HttpResponse::Json(
      200, boost::json::serialize(
               boost::json::object{{"ok", true}, {"result", true}, {"description", description}}));
}

net::HttpResponse Ok(const boost::json::value& result) {
  return net::HttpResponse::Json(
      200, boost::json::serialize(boost::json::object{{"ok", true}, {"result", result}}));
}

// Booleans: after lower-casing and trimming, "true", "yes" and "1" are true (Client::to_bool).
bool ToBool(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  const std::string v = Lower(s);
  return v == "true" || v == "yes" || v == "1";
}

// Integers are read leniently and clamped (Client get_integer_arg).
std::int64_t IntParam(const std::map<std::string, std::string>& params, const char* key,
                      std::int64_t def, std::int64_t lo, std::int64_t hi) {
  auto it = params.find(key);
  if (it == params.end() || it->second.empty()) return def;
  try {
    return std::clamp<std::int64_t>(std::stoll(it->second), lo, hi);
  } catch (...) {
    return def;
  }
}

// The length of the entity starting at html[i]: the four named ones and numeric ones (§1.6).
std::size_t EntityAt(const std::string& html, std::size_t i) {
  for (std::string_view named : {"&lt;", "&gt;", "&amp;", "&quot;"}) {
    if (std::string_view(html).substr(i).starts_with(named)) return named.size();
  }
  if (html.compare(i, 2, "&#") != 0) return 0;
  std::size_t j = i + 2;
  const bool hex = j < html.size() && (html[j] == 'x' || html[j] == 'X');
  if (hex) ++j;
  const std::size_t from = j;
  while (j < html.size() && (hex ? std::isxdigit(static_cast<unsigned char>(html[j]))
                                 : std::isdigit(static_cast<unsigned char>(html[j])))) {
    ++j;
  }
  if (j == from || j >= html.size() || html[j] != ';') return 0;
  return j + 1 - i;
}

// Telegram's update kinds sent when allowed_updates is empty or was never set (getUpdates doc).
// The text of an HTML message as Telegram gives it back (Message.text): tags removed, the
// entities &lt; &gt; &amp; &quot; decoded.
std::string PlainText(const std::string& html) {
  std::string out;
  for (std::size_t i = 0; i < html.size(); ++i) {
    if (html[i] == '<') {
      const auto close = html.find('>', i);
      if (close == std::string::npos) break;
      i = close;
      continue;
    }
    if (html[i] == '&') {
      bool decoded = false;
      for (auto [entity, ch] : {std::pair<std::string_view, char>{"&lt;", '<'},
                                {"&gt;", '>'},
                                {"&amp;", '&'},
                                {"&quot;", '"'}}) {
        if (std::string_view(html).substr(i, entity.size()) == entity) {
          out += ch;
          i += entity.size() - 1;
          decoded = true;
          break;
        }
      }
      if (decoded) continue;
    }
    out += html[i];
  }
  return out;
}

// An InlineKeyboardMarkup's check: an array of rows of buttons, each with a text and exactly one
// of callback_data (1-64 bytes) or url. Empty when valid, else the error description.
std::string CheckInlineKeyboard(const std::string& markup) {
  boost::system::error_code ec;
  auto v = boost::json::parse(markup, ec);
  if (ec || !v.is_object()) return "Bad Request: can't parse reply keyboard markup JSON object";
  const auto* rows = v.as_object().if_contains("inline_keyboard");
  if (rows == nullptr || !rows->is_array()) {
    return "Bad Request: field \"inline_keyboard\" of the InlineKeyboardMarkup should be an Array";
  }
  for (const auto& row : rows->as_array()) {
    if (!row.is_array()) return "Bad Request: field \"inline_keyboard\" must be an Array of Arrays";
    for (const auto& b : row.as_array()) {
      if (!b.is_object() || !b.as_object().if_contains("text")) {
        return "Bad Request: can't find field \"text\"";
      }
      const auto* data = b.as_object().if_contains("callback_data");
      const auto* url = b.as_object().if_contains("url");
      if ((data == nullptr) == (url == nullptr)) {
        return "Bad Request: text buttons are unallowed in the inline keyboard";
      }
      if (data != nullptr &&
          (!data->is_string() || data->as_string().empty() || data->as_string().size() > 64)) {
        return "Bad Request: BUTTON_DATA_INVALID";
      }
    }
  }
  return "";
}

bool AllowedByDefault(const std::string& kind) {
  return kind != "chat_member" && kind != "message_reaction" && kind != "message_reaction_count";
}

}  // namespace

// Telegram HTML (§1.6): only the listed tags; every '<' starts a tag; tags close innermost first;
// '&' must start &lt; &gt; &amp; &quot; or a numeric entity. The error texts follow TDLib's
// parse_html ("Unsupported start tag", "Unclosed start tag", "Unexpected end tag", "Unmatched end
// tag") and observed answers ("Can't find end tag corresponding to start tag"). Stricter than
// TDLib on one point on purpose: TDLib keeps a '&' that starts no entity as text, the fake refuses
// it, so our escaping is held to the documented rule.
std::string CheckTelegramHtml(const std::string& html) {
  static const std::set<std::string> kTags = {
      "b",   "strong", "i",          "em", "u",    "ins", "s",          "strike",
      "del", "span",   "tg-spoiler", "a",  "code", "pre", "blockquote", "tg-emoji"};
  const std::string prefix = "Bad Request: can't parse entities: ";
  std::vector<std::string> open;
  for (std::size_t i = 0; i < html.size(); ++i) {
    if (html[i] == '<') {
      const auto close = html.find('>', i);
      if (close == std::string::npos) {
        return prefix + "Unclosed start tag at byte offset " + std::to_string(i);
      }
      std::string inner = html.substr(i + 1, close - i - 1);
      const bool closing = !inner.empty() && inner[0] == '/';
      if (closing) inner.erase(0, 1);
      const std::string name = Lower(inner.substr(0, inner.find_first_of(" \t\r\n")));
      if (closing) {
        if (open.empty()) return prefix + "Unexpected end tag at byte offset " + std::to_string(i);
        if (open.back() != name) {
          return prefix + "Unmatched end tag at byte offset " + std::to_string(i) +
                 ", expected \"</" + open.back() + ">\", found \"</" + name + ">\"";
        }
        open.pop_back();
      } else {
        if (!kTags.count(name)) {
          return prefix + "Unsupported start tag \"" + name + "\" at byte offset " +
                 std::to_string(i);
        }
        open.push_back(name);
      }
      i = close;
    } else if (html[i] == '&') {
      const std::size_t len = EntityAt(html, i);
      if (len == 0) return prefix + "Character '&' is reserved at byte offset " + std::to_string(i);
      i += len - 1;
    }
  }
  if (!open.empty()) {
    return prefix + "Can't find end tag corresponding to start tag \"" + open.back() + "\"";
  }
  return "";
}

// Code points after tags are stripped and entities decoded: TDLib counts utf8_length of the
// parsed text against the 4096 limit (§1.6, MessageContent.cpp).
std::size_t TelegramTextLength(const std::string& html) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < html.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(html[i]);
    if (c == '<') {
      const auto close = html.find('>', i);
      if (close == std::string::npos) break;
      i = close;
      continue;
    }
    if (c == '&') {
      if (const std::size_t len = EntityAt(html, i)) {
        ++n;
        i += len - 1;
        continue;
      }
    }
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

FakeTelegram::FakeTelegram(std::string token, std::string bot_username)
    : token_(std::move(token)), username_(std::move(bot_username)) {}

FakeTelegram::~FakeTelegram() {
  Stop();
}

bool FakeTelegram::Start() {
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  server_ = std::make_unique<FakeHttpServer>(
      net::HttpServerOptions{.threads = 8}, [this](const net::HttpRequest& r) { return Handle(r); },
      /*handler_blocks=*/true);  // getUpdates long-polls
  return server_->Start().ok();
}

void FakeTelegram::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (server_) server_->Stop();
}

std::string FakeTelegram::BaseUrl() const {
  return server_->BaseUrl();
}

void FakeTelegram::Enqueue(const std::string& kind, std::int64_t update_id,
                           const std::string& update) {
  // allowed_updates "doesn't affect updates created before the call": the filter applies when an
  // update is created (getUpdates doc, telegram-kms.md §1.4).
  const bool wanted = allowed_ ? allowed_->count(kind) > 0 : AllowedByDefault(kind);
  if (wanted) updates_.push_back({update_id, update});
  cv_.notify_all();
}

void FakeTelegram::SendText(std::int64_t chat_id, const std::string& text,
                            const std::string& username, const std::string& language_code) {
  std::lock_guard lock(mu_);
  known_chats_.insert(chat_id);
  blocked_.erase(chat_id);
  // Field order and shape as the real server emits a private message (§1.8 a).
  boost::json::object user{{"id", chat_id},
                           {"is_bot", false},
                           {"first_name", "Test"},
                           {"username", username},
                           {"language_code", language_code}};
  boost::json::object chat{
      {"id", chat_id}, {"first_name", "Test"}, {"username", username}, {"type", "private"}};
  boost::json::object message{{"message_id", next_message_id_++},
                              {"from", user},
                              {"chat", chat},
                              {"date", 1700000000},
                              {"text", text}};
  if (text.starts_with("/")) {
    const auto end = text.find(' ');
    const std::size_t len = end == std::string::npos ? text.size() : end;
    message["entities"] = boost::json::array{boost::json::object{
        {"offset", 0}, {"length", static_cast<std::int64_t>(len)}, {"type", "bot_command"}}};
  }
  const std::int64_t id = next_update_id_++;
  Enqueue("message", id,
          boost::json::serialize(boost::json::object{{"update_id", id}, {"message", message}}));
}

void FakeTelegram::SendStart(std::int64_t chat_id, const std::string& payload,
                             const std::string& username, const std::string& language_code) {
  SendText(chat_id, "/start " + payload, username, language_code);
}

void FakeTelegram::BlockBot(std::int64_t chat_id) {
  std::lock_guard lock(mu_);
  blocked_[chat_id] = "Forbidden: bot was blocked by the user";
  // my_chat_member with new_chat_member.status "kicked" (§1.8 c).
  EnqueueMemberChange(chat_id, chat_id, "member", "kicked");
}

boost::json::object FakeTelegram::ChatObject(std::int64_t chat_id) const {
  // Chat (https://core.telegram.org/bots/api#chat): a group carries its title, a private chat
  // the user's names.
  if (auto g = groups_.find(chat_id); g != groups_.end()) {
    return {{"id", chat_id}, {"title", g->second.title}, {"type", g->second.type}};
  }
  return {{"id", chat_id}, {"first_name", "Test"}, {"type", "private"}};
}

void FakeTelegram::EnqueueMemberChange(std::int64_t chat_id, std::int64_t from_id,
                                       const std::string& old_status,
                                       const std::string& new_status) {
  // ChatMemberUpdated (https://core.telegram.org/bots/api#chatmemberupdated): chat, from, date,
  // old_chat_member, new_chat_member; each ChatMember names the bot as its user
  // (https://core.telegram.org/bots/api#chatmember), "kicked" with until_date 0 (for ever).
  boost::json::object bot{
      {"id", 7000000001}, {"is_bot", true}, {"first_name", "Baro"}, {"username", username_}};
  boost::json::object old_member{{"user", bot}, {"status", old_status}};
  boost::json::object new_member{{"user", bot}, {"status", new_status}};
  if (new_status == "kicked") new_member["until_date"] = 0;
  boost::json::object from{{"id", from_id}, {"is_bot", false}, {"first_name", "Test"}};
  boost::json::object member{{"chat", ChatObject(chat_id)},
                             {"from", from},
                             {"date", 1700000000},
                             {"old_chat_member", old_member},
                             {"new_chat_member", new_member}};
  const std::int64_t id = next_update_id_++;
  Enqueue(
      "my_chat_member", id,
      boost::json::serialize(boost::json::object{{"update_id", id}, {"my_chat_member", member}}));
}

void FakeTelegram::AddBotToGroup(std::int64_t group_id, const std::string& title,
                                 std::int64_t from_id, const std::string& type) {
  std::lock_guard lock(mu_);
  groups_[group_id] = {title, type};
  known_chats_.insert(group_id);
  blocked_.erase(group_id);
  EnqueueMemberChange(group_id, from_id, "left", "member");
}

void FakeTelegram::SendGroupText(std::int64_t group_id, std::int64_t from_id,
                                 const std::string& text, const std::string& username,
                                 const std::string& language_code) {
  std::lock_guard lock(mu_);
  boost::json::object user{{"id", from_id},
                           {"is_bot", false},
                           {"first_name", "Test"},
                           {"username", username},
                           {"language_code", language_code}};
  boost::json::object message{{"message_id", next_message_id_++},
                              {"from", user},
                              {"chat", ChatObject(group_id)},
                              {"date", 1700000000},
                              {"text", text}};
  if (text.starts_with("/")) {
    const auto end = text.find(' ');
    const std::size_t len = end == std::string::npos ? text.size() : end;
    message["entities"] = boost::json::array{boost::json::object{
        {"offset", 0}, {"length", static_cast<std::int64_t>(len)}, {"type", "bot_command"}}};
  }
  const std::int64_t id = next_update_id_++;
  Enqueue("message", id,
          boost::json::serialize(boost::json::object{{"update_id", id}, {"message", message}}));
}

void FakeTelegram::StartGroup(std::int64_t group_id, const std::string& title, std::int64_t from_id,
                              const std::string& payload) {
  // https://core.telegram.org/bots/features#deep-linking: with ?startgroup= the bot is added to
  // the chosen group and receives "/start@<bot> <payload>" there.
  AddBotToGroup(group_id, title, from_id);
  SendGroupText(group_id, from_id, "/start@" + username_ + " " + payload);
}

void FakeTelegram::RemoveBotFromGroup(std::int64_t group_id, std::int64_t from_id) {
  std::lock_guard lock(mu_);
  const bool super = groups_.count(group_id) && groups_[group_id].type == "supergroup";
  // Error texts of the Bot API server (telegram-kms.md §1.3).
  blocked_[group_id] = super ? "Forbidden: bot was kicked from the supergroup chat"
                             : "Forbidden: bot was kicked from the group chat";
  EnqueueMemberChange(group_id, from_id, "member", super ? "kicked" : "left");
}

void FakeTelegram::EnqueueServiceMessage(std::int64_t chat_id, std::int64_t from_id,
                                         boost::json::object fields) {
  boost::json::object from{{"id", from_id}, {"is_bot", false}, {"first_name", "Test"}};
  boost::json::object message{{"message_id", next_message_id_++},
                              {"from", from},
                              {"chat", ChatObject(chat_id)},
                              {"date", 1700000000}};
  for (auto& kv : fields) message[kv.key()] = kv.value();
  const std::int64_t id = next_update_id_++;
  Enqueue("message", id,
          boost::json::serialize(boost::json::object{{"update_id", id}, {"message", message}}));
}

void FakeTelegram::UpgradeToSupergroup(std::int64_t group_id, std::int64_t supergroup_id,
                                       std::int64_t from_id, bool service_messages) {
  std::lock_guard lock(mu_);
  const std::string title = groups_.count(group_id) ? groups_[group_id].title : "Group";
  groups_[supergroup_id] = {title, "supergroup"};
  known_chats_.insert(supergroup_id);
  migrated_[group_id] = supergroup_id;
  if (!service_messages) return;
  // Message (https://core.telegram.org/bots/api#message): "migrate_to_chat_id: The group has been
  // migrated to a supergroup with the specified identifier", in the old group; and
  // "migrate_from_chat_id: The supergroup has been migrated from a group with the specified
  // identifier", in the new supergroup. Service messages reach a bot in privacy mode too
  // (https://core.telegram.org/bots/features#privacy-mode).
  EnqueueServiceMessage(group_id, from_id, {{"migrate_to_chat_id", supergroup_id}});
  EnqueueServiceMessage(supergroup_id, from_id, {{"migrate_from_chat_id", group_id}});
}

void FakeTelegram::SetClock(const Clock* clock) {
  std::lock_guard lock(mu_);
  clock_ = clock;
}

std::int64_t FakeTelegram::NowMs() const {
  return clock_ != nullptr ? clock_->NowMs() : SystemClock::Instance().NowMs();
}

void FakeTelegram::LimitGroupSends(int per_minute) {
  std::lock_guard lock(mu_);
  group_per_minute_ = per_minute;
}

int FakeTelegram::MostSentInWindow(std::int64_t chat_id, std::int64_t window_ms) const {
  std::lock_guard lock(mu_);
  std::vector<std::int64_t> at;
  for (const auto& m : sent_) {
    if (m.chat_id == chat_id) at.push_back(m.received_at_ms);
  }
  std::sort(at.begin(), at.end());
  int most = 0;
  std::size_t first = 0;
  for (std::size_t i = 0; i < at.size(); ++i) {
    while (at[i] - at[first] >= window_ms) ++first;
    most = std::max(most, static_cast<int>(i - first + 1));
  }
  return most;
}

int FakeTelegram::rate_limited() const {
  std::lock_guard lock(mu_);
  return rate_limited_;
}

void FakeTelegram::FailNextSends(std::int64_t chat_id, int http_code,
                                 const std::string& description, int retry_after_s, int times) {
  std::lock_guard lock(mu_);
  failures_[chat_id] = {http_code, description, retry_after_s, times};
}

void FakeTelegram::FloodNextSends(std::int64_t chat_id, int retry_after_s, int times) {
  FailNextSends(chat_id, 429, "Too Many Requests: retry after " + std::to_string(retry_after_s),
                retry_after_s, times);
}

std::vector<SentMessage> FakeTelegram::Sent() const {
  std::lock_guard lock(mu_);
  return sent_;
}

std::vector<SentMessage> FakeTelegram::SentTo(std::int64_t chat_id) const {
  std::lock_guard lock(mu_);
  std::vector<SentMessage> out;
  for (const auto& m : sent_) {
    if (m.chat_id == chat_id) out.push_back(m);
  }
  return out;
}

bool FakeTelegram::WaitForSent(std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return sent_.size() >= n; });
}

bool FakeTelegram::WaitForLongPoll(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return parked_polls_ > 0; });
}

int FakeTelegram::get_updates_calls() const {
  std::lock_guard lock(mu_);
  return get_updates_calls_;
}

int FakeTelegram::send_message_calls() const {
  std::lock_guard lock(mu_);
  return send_message_calls_;
}

std::int64_t FakeTelegram::last_confirmed_offset() const {
  std::lock_guard lock(mu_);
  return confirmed_;
}

std::size_t FakeTelegram::pending_updates() const {
  std::lock_guard lock(mu_);
  return updates_.size();
}

std::vector<std::string> FakeTelegram::allowed_updates() const {
  std::lock_guard lock(mu_);
  if (!allowed_) return {};
  return {allowed_->begin(), allowed_->end()};
}

net::HttpResponse FakeTelegram::Handle(const net::HttpRequest& request) {
  // Path: "/bot" + token, optionally "/test", then "/" + method (HttpConnection.cpp, §1.1).
  std::string_view path = request.Path();
  if (!path.starts_with("/bot")) return Envelope(404, "Not Found");
  path.remove_prefix(4);
  const auto slash = path.find('/');
  if (slash == std::string_view::npos) return Envelope(404, "Not Found");
  const std::string_view token = path.substr(0, slash);
  std::string_view method_part = path.substr(slash + 1);
  if (method_part.starts_with("test/")) method_part.remove_prefix(5);

  // Token syntax, then the token itself (ClientManager.cpp, §1.1).
  const auto colon = token.find(':');
  if (token.empty() || token[0] == '0' || token.size() > 80 || colon == std::string_view::npos) {
    return Envelope(401, "Unauthorized: invalid token specified");
  }
  std::int64_t bot_id = 0;
  try {
    std::size_t used = 0;
    bot_id = std::stoll(std::string(token.substr(0, colon)), &used);
    if (used != colon) return Envelope(421, "Misdirected Request: unallowed token specified");
  } catch (...) {
    return Envelope(421, "Misdirected Request: unallowed token specified");
  }
  if (bot_id <= 0 || bot_id >= (std::int64_t{1} << 54)) {
    return Envelope(401, "Unauthorized: invalid token specified");
  }
  if (token != token_) return Envelope(401, "Unauthorized");
  const std::string method = Lower(method_part);

  // Parameters from the query string, a form body or a JSON body; non-string JSON values are kept
  // as their raw JSON text, as the real server does (HttpReader.cpp, §1.1). Multipart bodies
  // (uploads) are not needed by Baro and not parsed.
  std::map<std::string, std::string> params;
  for (auto& [k, v] : net::ParseQuery(request.Query())) params[k] = v;
  const auto type = Lower(request.Header("Content-Type").value_or(""));
  if (type.find("application/json") != std::string::npos && !request.body.empty()) {
    boost::system::error_code ec;
    auto v = boost::json::parse(request.body, ec);
    if (ec || !v.is_object()) return Envelope(400, "Bad Request: can't parse JSON object");
    for (const auto& [k, val] : v.as_object()) {
      params[std::string(k)] =
          val.is_string() ? std::string(val.get_string()) : boost::json::serialize(val);
    }
  } else if (type.find("application/x-www-form-urlencoded") != std::string::npos) {
    for (auto& [k, v] : net::ParseQuery(request.body)) params[k] = v;
  }

  if (method == "getme") {
    // Field order as JsonUser(full_bot_info) (§1.4).
    return Ok(boost::json::object{{"id", bot_id},
                                  {"is_bot", true},
                                  {"first_name", "Baro"},
                                  {"username", username_},
                                  {"can_join_groups", false},
                                  {"can_read_all_group_messages", false},
                                  {"supports_inline_queries", false},
                                  {"supports_guest_queries", false},
                                  {"can_connect_to_business", false},
                                  {"has_main_web_app", false},
                                  {"has_topics_enabled", false},
                                  {"allows_users_to_create_topics", false},
                                  {"can_manage_bots", false}});
  }
  if (method == "getupdates") return GetUpdates(params);
  if (method == "sendmessage") return SendMessage(params);
  if (method == "editmessagetext") return EditMessageText(params);
  if (method == "answercallbackquery") return AnswerCallbackQuery(params);
  if (method == "setmycommands") return SetMyCommands(params);
  if (method == "setwebhook") return SetWebhook(params);
  if (method == "deletewebhook") return DeleteWebhook();
  if (method == "getwebhookinfo") return GetWebhookInfo();
  return Envelope(404, "Not Found: method not found");
}

net::HttpResponse FakeTelegram::GetUpdates(const std::map<std::string, std::string>& params) {
  // offset, limit 1..100 (default 100), timeout 0..50 s (process_get_updates_query, §1.4).
  const std::int64_t offset = IntParam(params, "offset", 0, INT32_MIN, INT32_MAX);
  const std::int64_t limit = IntParam(params, "limit", 100, 1, 100);
  const std::int64_t timeout = IntParam(params, "timeout", 0, 0, 50);

  std::unique_lock lock(mu_);
  ++get_updates_calls_;
  if (!webhook_url_.empty()) {
    return Envelope(409,
                    "Conflict: can't use getUpdates method while webhook is active; use "
                    "deleteWebhook to delete the webhook first");
  }
  // allowed_updates: given = remembered for later updates ([] = the default set); omitted = keep.
  if (auto it = params.find("allowed_updates"); it != params.end()) {
    boost::system::error_code ec;
    auto v = boost::json::parse(it->second, ec);
    if (!ec && v.is_array()) {
      if (v.as_array().empty()) {
        allowed_.reset();
      } else {
        allowed_.emplace();
        for (const auto& kind : v.as_array()) {
          if (kind.is_string()) allowed_->insert(std::string(kind.get_string()));
        }
      }
    }
  }
  // "An update is considered confirmed as soon as getUpdates is called with an offset higher than
  // its update_id"; a negative offset keeps only the last -offset updates and forgets the rest.
  if (offset > 0) {
    while (!updates_.empty() && updates_.front().id < offset) updates_.pop_front();
    confirmed_ = std::max(confirmed_, offset);
  } else if (offset < 0) {
    while (static_cast<std::int64_t>(updates_.size()) > -offset) updates_.pop_front();
  }
  if (updates_.empty() && timeout > 0 && !stopping_) {
    // A long poll that parks terminates the one already waiting, which answers 409
    // (Client::do_get_updates -> abort_long_poll).
    const std::uint64_t generation = ++poll_generation_;
    ++parked_polls_;
    cv_.notify_all();
    cv_.wait_for(lock, std::chrono::seconds(timeout),
                 [&] { return stopping_ || poll_generation_ != generation || !updates_.empty(); });
    --parked_polls_;
    if (!webhook_url_.empty()) return Envelope(409, "Conflict: terminated by setWebhook request");
    if (poll_generation_ != generation && updates_.empty() && !stopping_) {
      return Envelope(409,
                      "Conflict: terminated by other getUpdates request; make sure that only one "
                      "bot instance is running");
    }
  }
  boost::json::array result;
  for (const auto& u : updates_) {
    if (static_cast<std::int64_t>(result.size()) >= limit) break;
    result.push_back(boost::json::parse(u.json));
  }
  return Ok(result);
}

net::HttpResponse FakeTelegram::SendMessage(const std::map<std::string, std::string>& params) {
  {
    std::lock_guard lock(mu_);
    ++send_message_calls_;
  }
  auto chat_it = params.find("chat_id");
  if (chat_it == params.end() || chat_it->second.empty()) {
    return Envelope(400, "Bad Request: chat_id is empty");
  }
  std::int64_t chat_id = 0;
  try {
    std::size_t used = 0;
    chat_id = std::stoll(chat_it->second, &used);
    if (used != chat_it->second.size()) return Envelope(400, "Bad Request: chat not found");
  } catch (...) {
    return Envelope(400, "Bad Request: chat not found");  // "@username" of no known chat
  }
  auto text_it = params.find("text");
  if (text_it == params.end() || text_it->second.empty()) {
    return Envelope(400, "Bad Request: message text is empty");
  }
  const std::string& text = text_it->second;
  if (text.size() > 32768) return Envelope(400, "Bad Request: text is too long");
  std::string mode;
  if (auto it = params.find("parse_mode"); it != params.end()) mode = Lower(it->second);
  if (!mode.empty() && mode != "html" && mode != "markdownv2" && mode != "markdown" &&
      mode != "none") {
    return Envelope(400, "Bad Request: unsupported parse_mode");
  }
  if (mode == "html") {
    if (auto error = CheckTelegramHtml(text); !error.empty()) return Envelope(400, error);
  }

  std::lock_guard lock(mu_);
  if (auto f = failures_.find(chat_id); f != failures_.end() && f->second.times > 0) {
    const Failure failure = f->second;
    if (--f->second.times == 0) failures_.erase(f);
    return Envelope(failure.code, failure.description, failure.retry_after_s);
  }
  if (auto b = blocked_.find(chat_id); b != blocked_.end()) return Envelope(403, b->second);
  if (auto g = migrated_.find(chat_id); g != migrated_.end()) {
    // The documented answer for a group upgraded to a supergroup (telegram-kms.md §1.3).
    return Envelope(400, "Bad Request: group chat was upgraded to a supergroup chat", 0, g->second);
  }
  if (!known_chats_.count(chat_id)) return Envelope(400, "Bad Request: chat not found");
  const std::int64_t now = NowMs();
  if (chat_id < 0 && group_per_minute_ > 0) {
    // "In a group, bots are not be able to send more than 20 messages per minute"
    // (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this).
    std::vector<std::int64_t> recent;
    for (const auto& m : sent_) {
      if (m.chat_id == chat_id && m.received_at_ms > now - 60000)
        recent.push_back(m.received_at_ms);
    }
    if (static_cast<int>(recent.size()) >= group_per_minute_) {
      std::sort(recent.begin(), recent.end());
      const std::int64_t free_at = recent[recent.size() - group_per_minute_] + 60000;
      const int retry_after =
          static_cast<int>(std::max<std::int64_t>(1, (free_at - now + 999) / 1000));
      ++rate_limited_;
      return Envelope(429, "Too Many Requests: retry after " + std::to_string(retry_after),
                      retry_after);
    }
  }
  const std::size_t length = mode == "html" ? TelegramTextLength(text) : [&] {
    std::size_t n = 0;
    for (unsigned char c : text) n += (c & 0xC0) != 0x80;
    return n;
  }();
  if (length > 4096) return Envelope(400, "Bad Request: message is too long");

  SentMessage m;
  if (auto it = params.find("reply_markup"); it != params.end()) {
    if (auto error = CheckInlineKeyboard(it->second); !error.empty()) return Envelope(400, error);
    m.reply_markup = it->second;
  }
  m.chat_id = chat_id;
  m.text = text;
  m.parse_mode = mode;
  if (auto it = params.find("disable_notification"); it != params.end()) {
    m.silent = ToBool(it->second);
  }
  if (auto it = params.find("link_preview_options"); it != params.end()) {
    boost::system::error_code ec;
    auto v = boost::json::parse(it->second, ec);
    if (!ec && v.is_object()) {
      if (const auto* d = v.as_object().if_contains("is_disabled")) {
        m.link_preview_disabled = d->is_bool() && d->as_bool();
      }
    }
  } else if (auto legacy = params.find("disable_web_page_preview"); legacy != params.end()) {
    m.link_preview_disabled = ToBool(legacy->second);
  }
  m.message_id = next_message_id_++;
  m.received_at_ms = now;
  sent_.push_back(m);
  cv_.notify_all();
  // The sent Message, chat of a private chat (§1.4).
  return Ok(boost::json::object{
      {"message_id", m.message_id},
      {"from",
       boost::json::object{
           {"id", 7000000001}, {"is_bot", true}, {"first_name", "Baro"}, {"username", username_}}},
      {"chat", ChatObject(chat_id)},
      {"date", 1700000000},
      {"text", text}});
}

std::string FakeTelegram::PressButton(std::int64_t chat_id, std::int64_t message_id,
                                      const std::string& data, const std::string& language_code,
                                      std::int64_t from_id) {
  std::lock_guard lock(mu_);
  const std::string id = std::to_string(next_callback_id_++);
  callback_queries_[id] = false;
  boost::json::object from{{"id", from_id != 0 ? from_id : chat_id},
                           {"is_bot", false},
                           {"first_name", "Test"},
                           {"username", "user"},
                           {"language_code", language_code}};
  boost::json::object query{{"id", id}, {"from", from}};
  for (const auto& m : sent_) {
    if (m.chat_id != chat_id || m.message_id != message_id) continue;
    boost::json::object message{
        {"message_id", message_id},
        {"from", boost::json::object{{"id", 7000000001}, {"is_bot", true}, {"first_name", "Baro"}}},
        {"chat", ChatObject(chat_id)},
        {"date", 1700000000},
        {"text", PlainText(m.text)}};
    if (!m.reply_markup.empty()) message["reply_markup"] = boost::json::parse(m.reply_markup);
    query["message"] = message;
  }
  if (!query.contains("message")) {
    // No such message: an InaccessibleMessage, {"chat", "message_id", "date": 0}
    // (https://core.telegram.org/bots/api#inaccessiblemessage).
    query["message"] =
        boost::json::object{{"chat", ChatObject(chat_id)}, {"message_id", message_id}, {"date", 0}};
  }
  query["chat_instance"] = std::to_string(chat_id * 31);
  query["data"] = data;
  const std::int64_t update_id = next_update_id_++;
  Enqueue("callback_query", update_id,
          boost::json::serialize(
              boost::json::object{{"update_id", update_id}, {"callback_query", query}}));
  return id;
}

std::optional<SentMessage> FakeTelegram::Message(std::int64_t chat_id,
                                                 std::int64_t message_id) const {
  std::lock_guard lock(mu_);
  for (const auto& m : sent_) {
    if (m.chat_id == chat_id && m.message_id == message_id) return m;
  }
  return std::nullopt;
}

std::vector<CallbackAnswer> FakeTelegram::answers() const {
  std::lock_guard lock(mu_);
  return answers_;
}

std::map<std::string, std::vector<std::pair<std::string, std::string>>> FakeTelegram::commands()
    const {
  std::lock_guard lock(mu_);
  return commands_;
}

bool FakeTelegram::WaitForAnswers(std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return answers_.size() >= n; });
}

net::HttpResponse FakeTelegram::EditMessageText(const std::map<std::string, std::string>& params) {
  std::int64_t chat_id = 0, message_id = 0;
  try {
    chat_id = std::stoll(params.count("chat_id") ? params.at("chat_id") : "0");
    message_id = std::stoll(params.count("message_id") ? params.at("message_id") : "0");
  } catch (...) {
    return Envelope(400, "Bad Request: message to edit not found");
  }
  auto text_it = params.find("text");
  if (text_it == params.end() || text_it->second.empty()) {
    return Envelope(400, "Bad Request: message text is empty");
  }
  const std::string& text = text_it->second;
  const bool html = params.count("parse_mode") && Lower(params.at("parse_mode")) == "html";
  if (html) {
    if (auto error = CheckTelegramHtml(text); !error.empty()) return Envelope(400, error);
    if (TelegramTextLength(text) > 4096) return Envelope(400, "Bad Request: message is too long");
  }
  std::string markup;
  if (auto it = params.find("reply_markup"); it != params.end()) {
    if (auto error = CheckInlineKeyboard(it->second); !error.empty()) return Envelope(400, error);
    markup = it->second;
  }
  std::lock_guard lock(mu_);
  for (auto& m : sent_) {
    if (m.chat_id != chat_id || m.message_id != message_id) continue;
    if (m.text == text && m.reply_markup == markup) {
      return Envelope(400,
                      "Bad Request: message is not modified: specified new message content and "
                      "reply markup are exactly the same as a current content and reply markup "
                      "of the message");
    }
    m.text = text;
    m.reply_markup = markup;
    ++m.edits;
    cv_.notify_all();
    return Ok(boost::json::object{{"message_id", message_id},
                                  {"chat", ChatObject(chat_id)},
                                  {"date", 1700000000},
                                  {"edit_date", 1700000100},
                                  {"text", PlainText(text)}});
  }
  return Envelope(400, "Bad Request: message to edit not found");
}

net::HttpResponse FakeTelegram::AnswerCallbackQuery(
    const std::map<std::string, std::string>& params) {
  const auto id = params.find("callback_query_id");
  std::lock_guard lock(mu_);
  auto it = id == params.end() ? callback_queries_.end() : callback_queries_.find(id->second);
  if (it == callback_queries_.end() || it->second) {
    return Envelope(400,
                    "Bad Request: query is too old and response timeout expired or query ID is "
                    "invalid");
  }
  const auto text = params.find("text");
  if (text != params.end() && text->second.size() > 200) {
    return Envelope(400, "Bad Request: MESSAGE_TOO_LONG");
  }
  it->second = true;
  answers_.push_back({it->first, text == params.end() ? "" : text->second});
  cv_.notify_all();
  return Ok(true);
}

net::HttpResponse FakeTelegram::SetMyCommands(const std::map<std::string, std::string>& params) {
  auto it = params.find("commands");
  if (it == params.end()) return Envelope(400, "Bad Request: parameter \"commands\" is required");
  boost::system::error_code ec;
  auto v = boost::json::parse(it->second, ec);
  if (ec || !v.is_array()) return Envelope(400, "Bad Request: can't parse commands JSON object");
  std::vector<std::pair<std::string, std::string>> list;
  for (const auto& c : v.as_array()) {
    const auto* command = c.is_object() ? c.as_object().if_contains("command") : nullptr;
    const auto* text = c.is_object() ? c.as_object().if_contains("description") : nullptr;
    if (command == nullptr || text == nullptr || !command->is_string() || !text->is_string()) {
      return Envelope(400, "Bad Request: can't parse BotCommand");
    }
    const std::string name(command->as_string());
    const std::string description(text->as_string());
    std::size_t chars = 0;
    for (unsigned char ch : description) chars += (ch & 0xC0) != 0x80;
    const bool name_ok =
        !name.empty() && name.size() <= 32 &&
        name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
    if (!name_ok) return Envelope(400, "Bad Request: BOT_COMMAND_INVALID");
    if (chars < 1 || chars > 256)
      return Envelope(400, "Bad Request: command description is invalid");
    list.emplace_back(name, description);
  }
  std::string language;
  if (auto l = params.find("language_code"); l != params.end()) language = l->second;
  std::lock_guard lock(mu_);
  commands_[language] = std::move(list);
  return Ok(true);
}

net::HttpResponse FakeTelegram::SetWebhook(const std::map<std::string, std::string>& params) {
  const auto url_it = params.find("url");
  const std::string url = url_it == params.end() ? "" : url_it->second;
  std::string secret;
  if (auto it = params.find("secret_token"); it != params.end()) secret = it->second;
  // Client::process_set_webhook_query: the secret token's length and alphabet.
  if (secret.size() > 256) return Envelope(400, "Bad Request: secret token is too long");
  for (char ch : secret) {
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_' && ch != '-') {
      return Envelope(400, "Bad Request: secret token contains unallowed characters");
    }
  }
  std::lock_guard lock(mu_);
  ++webhook_calls_;
  if (url.empty()) {
    // An empty URL removes the webhook, as deleteWebhook does.
    const bool had = !webhook_url_.empty();
    webhook_url_.clear();
    webhook_secret_.clear();
    return OkDescribed(had ? "Webhook was deleted" : "Webhook is already deleted");
  }
  if (!url.starts_with("https://") && !url.starts_with("http://")) {
    return Envelope(400, "Bad Request: invalid webhook URL specified");
  }
  const bool same = url == webhook_url_ && secret == webhook_secret_;
  webhook_url_ = url;
  webhook_secret_ = secret;
  webhook_max_connections_ = static_cast<int>(IntParam(params, "max_connections", 40, 1, 100));
  if (auto it = params.find("allowed_updates"); it != params.end()) {
    boost::system::error_code ec;
    auto v = boost::json::parse(it->second, ec);
    if (!ec && v.is_array() && !v.as_array().empty()) {
      allowed_.emplace();
      for (const auto& kind : v.as_array()) {
        if (kind.is_string()) allowed_->insert(std::string(kind.get_string()));
      }
    }
  }
  ++poll_generation_;  // a waiting long poll ends with 409 "terminated by setWebhook request"
  cv_.notify_all();
  return OkDescribed(same ? "Webhook is already set" : "Webhook was set");
}

net::HttpResponse FakeTelegram::DeleteWebhook() {
  std::lock_guard lock(mu_);
  ++webhook_calls_;
  const bool had = !webhook_url_.empty();
  webhook_url_.clear();
  webhook_secret_.clear();
  return OkDescribed(had ? "Webhook was deleted" : "Webhook is already deleted");
}

net::HttpResponse FakeTelegram::GetWebhookInfo() {
  std::lock_guard lock(mu_);
  // WebhookInfo in the server's field order (telegram-kms.md §1.4).
  boost::json::object info{{"url", webhook_url_},
                           {"has_custom_certificate", false},
                           {"pending_update_count", static_cast<std::int64_t>(updates_.size())}};
  if (!webhook_last_error_.empty()) {
    info["last_error_date"] = 1700000000;
    info["last_error_message"] = webhook_last_error_;
  }
  if (!webhook_url_.empty()) info["max_connections"] = webhook_max_connections_;
  return Ok(info);
}

int FakeTelegram::DeliverToWebhook(const std::string& ca_file) {
  std::string url, secret;
  std::deque<QueuedUpdate> queued;
  {
    std::lock_guard lock(mu_);
    url = webhook_url_;
    secret = webhook_secret_;
    queued = updates_;
  }
  if (url.empty()) return 0;
  auto target = net::ParseUrl(url);
  if (!target) return 0;
  net::HttpClientOptions options;
  options.ca_file = ca_file;
  net::HttpClient http(options);
  int delivered = 0;
  for (const auto& u : queued) {
    // One update per POST (WebhookActor.cpp, telegram-kms.md §1.5); no lock held, since handling
    // it may call this fake back.
    net::HttpRequest req;
    req.method = "POST";
    req.target = target->path.empty() ? "/" : "";  // Send puts the URL's path in front
    req.headers = {{"Content-Type", "application/json"}};
    if (!secret.empty()) req.headers.emplace_back("X-Telegram-Bot-Api-Secret-Token", secret);
    req.body = u.json;
    auto res = http.Send(*target, req, std::chrono::seconds(10));
    std::lock_guard lock(mu_);
    if (!res || res->status < 200 || res->status > 299) {
      webhook_last_error_ = res ? "Wrong response from the webhook: " + std::to_string(res->status)
                                : "Connection refused";
      break;
    }
    while (!updates_.empty() && updates_.front().id <= u.id) updates_.pop_front();
    ++delivered;
  }
  return delivered;
}

std::string FakeTelegram::webhook_url() const {
  std::lock_guard lock(mu_);
  return webhook_url_;
}

std::string FakeTelegram::webhook_secret() const {
  std::lock_guard lock(mu_);
  return webhook_secret_;
}

int FakeTelegram::webhook_calls() const {
  std::lock_guard lock(mu_);
  return webhook_calls_;
}

}  // namespace baro::fakes
