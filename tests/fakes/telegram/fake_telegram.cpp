#include "fakes/telegram/fake_telegram.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>

namespace baro::fakes {
namespace {

net::HttpResponse Envelope(int code, const std::string& description, int retry_after = 0) {
  boost::json::object body{{"ok", false}, {"error_code", code}, {"description", description}};
  net::HttpResponse res = net::HttpResponse::Json(code, "");
  if (retry_after > 0) {
    body["parameters"] = boost::json::object{{"retry_after", retry_after}};
    res.headers.emplace_back("Retry-After", std::to_string(retry_after));
  }
  res.body = boost::json::serialize(body);
  return res;
}

net::HttpResponse Ok(const boost::json::value& result) {
  return net::HttpResponse::Json(
      200, boost::json::serialize(boost::json::object{{"ok", true}, {"result", result}}));
}

// Telegram HTML: only these tags are allowed; a bare '<' or an unknown tag is a parse error.
bool ValidHtml(const std::string& text, std::string& error) {
  static const std::set<std::string> kTags = {
      "b",   "strong", "i",          "em", "u",    "ins", "s",          "strike",
      "del", "span",   "tg-spoiler", "a",  "code", "pre", "blockquote", "tg-emoji"};
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '<') {
      auto close = text.find('>', i);
      if (close == std::string::npos) {
        error = "Bad Request: can't parse entities: Unclosed start tag at byte offset " +
                std::to_string(i);
        return false;
      }
      std::string tag = text.substr(i + 1, close - i - 1);
      if (!tag.empty() && tag[0] == '/') tag = tag.substr(1);
      tag = tag.substr(0, tag.find_first_of(" \t"));
      if (!kTags.count(tag)) {
        error = "Bad Request: can't parse entities: Unsupported start tag \"" + tag +
                "\" at byte offset " + std::to_string(i);
        return false;
      }
      i = close;
    } else if (text[i] == '&') {
      auto semi = text.find(';', i);
      std::string ent = semi == std::string::npos ? "" : text.substr(i, semi - i + 1);
      if (ent != "&lt;" && ent != "&gt;" && ent != "&amp;" && ent != "&quot;" &&
          !(ent.size() > 3 && ent[1] == '#')) {
        error = "Bad Request: can't parse entities: Character '&' is reserved";
        return false;
      }
    }
  }
  return true;
}

std::size_t ParsedLength(const std::string& html) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < html.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(html[i]);
    if (c == '<') {
      i = html.find('>', i);
      continue;
    }
    if (c == '&') {
      i = html.find(';', i);
      ++n;
      continue;
    }
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace

FakeTelegram::FakeTelegram(std::string token, std::string bot_username)
    : token_(std::move(token)), username_(std::move(bot_username)) {}

FakeTelegram::~FakeTelegram() {
  Stop();
}

bool FakeTelegram::Start() {
  server_ =
      std::make_unique<net::HttpServer>(net::HttpServerOptions{.threads = 8},
                                        [this](const net::HttpRequest& r) { return Handle(r); });
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

void FakeTelegram::SendText(std::int64_t chat_id, const std::string& text,
                            const std::string& username, const std::string& language_code) {
  std::lock_guard lock(mu_);
  known_chats_.insert(chat_id);
  blocked_.erase(chat_id);
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
  if (text.rfind("/start", 0) == 0) {
    message["entities"] = boost::json::array{
        boost::json::object{{"offset", 0}, {"length", 6}, {"type", "bot_command"}}};
  }
  updates_.push_back(boost::json::serialize(
      boost::json::object{{"update_id", next_update_id_++}, {"message", message}}));
  cv_.notify_all();
}

void FakeTelegram::BlockBot(std::int64_t chat_id) {
  std::lock_guard lock(mu_);
  blocked_.insert(chat_id);
  boost::json::object chat{{"id", chat_id}, {"first_name", "Test"}, {"type", "private"}};
  boost::json::object member{
      {"chat", chat},
      {"date", 1700000000},
      {"old_chat_member", boost::json::object{{"status", "member"}}},
      {"new_chat_member", boost::json::object{{"status", "kicked"}, {"until_date", 0}}}};
  updates_.push_back(boost::json::serialize(
      boost::json::object{{"update_id", next_update_id_++}, {"my_chat_member", member}}));
  cv_.notify_all();
}

void FakeTelegram::FailNextSends(std::int64_t chat_id, int http_code,
                                 const std::string& description, int retry_after_s, int times) {
  std::lock_guard lock(mu_);
  failures_[chat_id] = {http_code, description, retry_after_s, times};
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

int FakeTelegram::get_updates_calls() const {
  std::lock_guard lock(mu_);
  return get_updates_calls_;
}

std::int64_t FakeTelegram::last_confirmed_offset() const {
  std::lock_guard lock(mu_);
  return confirmed_;
}

net::HttpResponse FakeTelegram::Handle(const net::HttpRequest& request) {
  std::string_view path = request.Path();
  if (!path.starts_with("/bot")) return Envelope(404, "Not Found");
  path.remove_prefix(4);
  auto slash = path.find('/');
  if (slash == std::string_view::npos) return Envelope(404, "Not Found");
  std::string_view token = path.substr(0, slash);
  std::string_view method_part = path.substr(slash + 1);
  if (method_part.starts_with("test/")) method_part.remove_prefix(5);
  if (token.find(':') == std::string_view::npos)
    return Envelope(401, "Unauthorized: invalid token specified");
  if (token != token_) return Envelope(401, "Unauthorized");
  std::string method;
  for (char c : method_part)
    method.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));

  // Parameters from the query string, a form body or a JSON body (non-string JSON values are kept
  // as their raw JSON text, as the real server does).
  std::map<std::string, std::string> params;
  for (auto& [k, v] : net::ParseQuery(request.Query())) params[k] = v;
  auto type = request.Header("Content-Type").value_or("");
  if (type.find("application/json") != std::string_view::npos && !request.body.empty()) {
    boost::system::error_code ec;
    auto v = boost::json::parse(request.body, ec);
    if (ec || !v.is_object()) return Envelope(400, "Bad Request: can't parse JSON object");
    for (const auto& [k, val] : v.as_object()) {
      params[std::string(k)] =
          val.is_string() ? std::string(val.get_string()) : boost::json::serialize(val);
    }
  } else if (type.find("application/x-www-form-urlencoded") != std::string_view::npos) {
    for (auto& [k, v] : net::ParseQuery(request.body)) params[k] = v;
  }

  if (method == "getme") {
    return Ok(boost::json::object{{"id", 7000000001},
                                  {"is_bot", true},
                                  {"first_name", "Baro"},
                                  {"username", username_},
                                  {"can_join_groups", false},
                                  {"can_read_all_group_messages", false},
                                  {"supports_inline_queries", false}});
  }
  if (method == "getupdates") return GetUpdates(params);
  if (method == "sendmessage") return SendMessage(params);
  return Envelope(404, "Not Found: method not found");
}

net::HttpResponse FakeTelegram::GetUpdates(const std::map<std::string, std::string>& params) {
  auto num = [&](const char* key, std::int64_t def) {
    auto it = params.find(key);
    if (it == params.end()) return def;
    try {
      return static_cast<std::int64_t>(std::stoll(it->second));
    } catch (...) {
      return def;
    }
  };
  const std::int64_t offset = num("offset", 0);
  const std::int64_t limit = std::clamp<std::int64_t>(num("limit", 100), 1, 100);
  const std::int64_t timeout = std::clamp<std::int64_t>(num("timeout", 0), 0, 50);

  std::unique_lock lock(mu_);
  ++get_updates_calls_;
  if (polling_) {
    return Envelope(409,
                    "Conflict: terminated by other getUpdates request; make sure that only one bot "
                    "instance is running");
  }
  // "An update is considered confirmed as soon as getUpdates is called with an offset higher than
  // its update_id"; a negative offset keeps only the last -offset updates.
  auto id_of = [](const std::string& u) {
    return boost::json::parse(u).as_object().at("update_id").as_int64();
  };
  if (offset > 0) {
    while (!updates_.empty() && id_of(updates_.front()) < offset) updates_.pop_front();
    confirmed_ = std::max(confirmed_, offset);
  } else if (offset < 0) {
    while (static_cast<std::int64_t>(updates_.size()) > -offset) updates_.pop_front();
  }
  polling_ = true;
  cv_.wait_for(lock, std::chrono::seconds(timeout), [&] { return !updates_.empty() || stopping_; });
  polling_ = false;
  boost::json::array result;
  for (const auto& u : updates_) {
    if (static_cast<std::int64_t>(result.size()) >= limit) break;
    result.push_back(boost::json::parse(u));
  }
  return Ok(result);
}

net::HttpResponse FakeTelegram::SendMessage(const std::map<std::string, std::string>& params) {
  auto chat_it = params.find("chat_id");
  if (chat_it == params.end() || chat_it->second.empty())
    return Envelope(400, "Bad Request: chat_id is empty");
  std::int64_t chat_id = 0;
  try {
    chat_id = std::stoll(chat_it->second);
  } catch (...) {
    return Envelope(400, "Bad Request: chat not found");
  }
  auto text_it = params.find("text");
  if (text_it == params.end() || text_it->second.empty())
    return Envelope(400, "Bad Request: message text is empty");
  const std::string& text = text_it->second;
  auto mode_it = params.find("parse_mode");
  std::lock_guard lock(mu_);
  if (auto f = failures_.find(chat_id); f != failures_.end() && f->second.times > 0) {
    Failure failure = f->second;
    if (--f->second.times == 0) failures_.erase(f);
    return Envelope(failure.code, failure.description, failure.retry_after_s);
  }
  if (blocked_.count(chat_id)) return Envelope(403, "Forbidden: bot was blocked by the user");
  if (!known_chats_.count(chat_id)) return Envelope(400, "Bad Request: chat not found");
  if (text.size() > 32768) return Envelope(400, "Bad Request: text is too long");
  if (mode_it != params.end()) {
    std::string mode;
    for (char c : mode_it->second)
      mode.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    if (mode != "html" && mode != "markdownv2" && mode != "markdown" && mode != "none") {
      return Envelope(400, "Bad Request: unsupported parse_mode");
    }
    std::string error;
    if (mode == "html" && !ValidHtml(text, error)) return Envelope(400, error);
  }
  if (ParsedLength(text) > 4096) return Envelope(400, "Bad Request: message is too long");
  auto silent_it = params.find("disable_notification");
  const bool silent =
      silent_it != params.end() && (silent_it->second == "true" || silent_it->second == "1");
  SentMessage m{chat_id, text, silent, next_message_id_++};
  sent_.push_back(m);
  cv_.notify_all();
  return Ok(boost::json::object{{"message_id", m.message_id},
                                {"chat", boost::json::object{{"id", chat_id}, {"type", "private"}}},
                                {"date", 1700000000},
                                {"text", text}});
}

}  // namespace baro::fakes
