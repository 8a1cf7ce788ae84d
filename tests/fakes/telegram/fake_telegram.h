// A fake Telegram Bot API server on loopback, following the wire format of the real one
// (core.telegram.org/bots/api "Making requests", and tdlib/telegram-bot-api as summarised in
// shared/reference/telegram-kms.md §1): routes /bot<token>/<method> (method case-insensitive, also
// /bot<token>/test/<method>), GET and POST with query, form or JSON parameters, the {"ok":...}
// envelope with HTTP status = error_code, 401 for a wrong token, 404 "Not Found: method not found",
// getUpdates with offset confirmation and long polling, 409 for a concurrent poller, sendMessage
// with HTML and length checks, and scriptable failures per chat (403 blocked, 400 chat not found,
// 429 with Retry-After). Tests drive it in-process.
#pragma once

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

#include "net/http_server.h"

namespace baro::fakes {

struct SentMessage {
  std::int64_t chat_id = 0;
  std::string text;  // as sent (HTML)
  bool silent = false;
  std::int64_t message_id = 0;
};

class FakeTelegram {
 public:
  explicit FakeTelegram(std::string token, std::string bot_username = "baro_test_bot");
  ~FakeTelegram();

  bool Start();  // loopback, free port
  void Stop();
  std::string BaseUrl() const;

  // A user sends "/start <payload>" (or any text) to the bot from a private chat.
  void SendText(std::int64_t chat_id, const std::string& text, const std::string& username = "user",
                const std::string& language_code = "en");
  void BlockBot(std::int64_t chat_id);  // my_chat_member update + 403 on later sends

  // Failure injection for the next sendMessage calls to a chat.
  void FailNextSends(std::int64_t chat_id, int http_code, const std::string& description,
                     int retry_after_s = 0, int times = 1);

  std::vector<SentMessage> Sent() const;
  std::vector<SentMessage> SentTo(std::int64_t chat_id) const;
  // Waits until at least `n` messages were sent in total (true) or the deadline passes (false).
  bool WaitForSent(std::size_t n, std::chrono::milliseconds timeout) const;
  int get_updates_calls() const;
  std::int64_t last_confirmed_offset() const;

 private:
  net::HttpResponse Handle(const net::HttpRequest& request);
  net::HttpResponse GetUpdates(const std::map<std::string, std::string>& params);
  net::HttpResponse SendMessage(const std::map<std::string, std::string>& params);

  struct Failure {
    int code;
    std::string description;
    int retry_after_s;
    int times;
  };

  std::string token_;
  std::string username_;
  std::unique_ptr<net::HttpServer> server_;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::deque<std::string> updates_;  // serialized Update objects, in id order
  std::int64_t next_update_id_ = 815000001;
  std::int64_t confirmed_ = 0;  // updates with id < confirmed_ are gone
  std::vector<SentMessage> sent_;
  std::map<std::int64_t, Failure> failures_;
  std::set<std::int64_t> known_chats_, blocked_;
  bool polling_ = false;
  bool stopping_ = false;
  int get_updates_calls_ = 0;
  std::int64_t next_message_id_ = 1;
};

}  // namespace baro::fakes
