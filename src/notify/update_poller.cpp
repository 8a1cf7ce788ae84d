#include "notify/update_poller.h"

#include <algorithm>
#include <cctype>
#include <thread>

#include "core/json_util.h"
#include "i18n/i18n.h"
#include "log/logger.h"
#include "metrics/loop_guard.h"
#include "notify/html.h"
#include "notify/link_tokens.h"

namespace baro::notify {
namespace {

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

}  // namespace

UpdatePoller::UpdatePoller(PollerOptions options, TelegramClient& client,
                           store::TelegramRepository& telegram, store::UserRepository& users,
                           const Clock& clock)
    : options_(std::move(options)),
      client_(client),
      telegram_(telegram),
      users_(users),
      clock_(clock) {}

UpdatePoller::UpdatePoller(PollerOptions options, TelegramClient& client, store::Store& store,
                           const Clock& clock)
    : UpdatePoller(options, client, store.telegram(), store.users(), clock) {
  bot_ = std::make_unique<BotCommands>(std::move(options.bot), client, store, clock);
}

void UpdatePoller::Reply(std::int64_t chat_id, const std::string& locale, std::string_view key) {
  // Catalog texts are plain text; the message is sent as HTML.
  auto r = client_.SendMessage(chat_id, EscapeHtml(i18n::Text(locale, key)), false);
  if (!r.ok()) {
    log::Warn("telegram.reply_failed",
              {{"code", std::to_string(r.error.error_code)}, {"description", r.error.description}});
  }
}

void UpdatePoller::HandleStart(const Update& u, std::string_view payload) {
  std::string locale = i18n::NegotiateLocale(u.language_code);
  if (payload.empty()) {
    Reply(*u.chat_id, locale, "telegram.start_without_token");
    return;
  }
  // A malformed payload cannot be a token of ours: it is refused without a database look-up.
  Result<store::Id> user = MakeError(ErrorCode::kNotFound, "malformed link token");
  if (ValidStartPayload(payload)) {
    user = telegram_.ConsumeLinkToken(HashLinkToken(payload), clock_.NowMs());
  }
  if (!user) {
    log::Info("telegram.link_refused");
    Reply(*u.chat_id, locale, "telegram.link_invalid");
    return;
  }
  store::TelegramChat chat{*user, *u.chat_id, u.username, true, clock_.NowMs()};
  chat.type = u.chat_type;
  chat.title = u.chat_title;
  chat.linked_by = u.from_id;
  if (auto st = telegram_.LinkChat(chat); !st) {
    log::Error("telegram.link_failed", {{"error", st.error().message}});
    return;
  }
  if (auto account = users_.Get(*user)) locale = account->locale;
  log::Info("telegram.linked", {{"user_id", std::to_string(*user)}, {"chat_type", chat.type}});
  Reply(*u.chat_id, locale, "telegram.link_confirmed");
}

void UpdatePoller::Handle(const Update& u) {
  if (!u.callback_id.empty()) {
    if (bot_) bot_->HandleCallback(u);
    return;
  }
  if (!u.chat_id) return;
  if (u.migrate_to_chat_id != 0 || u.migrate_from_chat_id != 0) {
    // A group upgraded to a supergroup (https://core.telegram.org/bots/api#message): the old
    // group's service message names the new id, the supergroup's names the old one; either moves
    // the link, and the second finds nothing left to move.
    const std::int64_t from = u.migrate_to_chat_id != 0 ? *u.chat_id : u.migrate_from_chat_id;
    const std::int64_t to = u.migrate_to_chat_id != 0 ? u.migrate_to_chat_id : *u.chat_id;
    if (auto st = telegram_.MigrateChat(from, to); !st) {
      log::Warn("telegram.migrate_failed", {{"error", st.error().message}});
    } else {
      log::Info("telegram.chat_migrated");
    }
    return;
  }
  const bool group = u.chat_type == "group" || u.chat_type == "supergroup";
  if (!group && u.chat_type != "private") return;  // channels are not served
  if (u.member_status) {
    // https://core.telegram.org/bots/api#chatmember: "kicked" (blocked in a private chat, banned
    // from a group) and "left" (removed from a group) end delivery; "member", "administrator" or
    // "restricted" resume it.
    const bool active = *u.member_status != "kicked" && *u.member_status != "left";
    if (auto st = telegram_.SetChatActive(*u.chat_id, active); !st) {
      log::Warn("telegram.chat_status_failed", {{"error", st.error().message}});
    }
    log::Info("telegram.chat_status",
              {{"active", active ? "true" : "false"}, {"chat_type", u.chat_type}});
    return;
  }
  std::string_view text = u.text;
  // "/start", "/start <payload>", or "/start@<bot> <payload>" (telegram-kms.md §1.8): the payload
  // is whatever follows the first space.
  const std::string_view command = text.substr(0, text.find(' '));
  if (group) {
    // In a group the bot reads only commands: addressed to it ("/status@<bot>"), or bare ones in a
    // group already linked (https://core.telegram.org/bots/features#privacy-mode).
    if (!command.starts_with('/')) return;
    const auto at = command.find('@');
    if (at == std::string_view::npos) {
      if (!telegram_.FindChat(*u.chat_id)) return;
    } else if (!options_.bot_username.empty() &&
               !EqualsIgnoringCase(command.substr(at + 1), options_.bot_username)) {
      return;
    }
  }
  if (command != "/start" && !command.starts_with("/start@")) {
    if (bot_) bot_->HandleMessage(u);
    return;
  }
  std::string_view payload =
      command.size() < text.size() ? text.substr(command.size() + 1) : std::string_view{};
  while (!payload.empty() && payload.front() == ' ') payload.remove_prefix(1);
  while (!payload.empty() && payload.back() == ' ') payload.remove_suffix(1);
  HandleStart(u, payload);
}

Result<int> UpdatePoller::PollOnce() {
  if (bot_ && !commands_registered_) commands_registered_ = bot_->RegisterCommands();
  // getUpdates does not work while a webhook is set: remove it first (keeping its pending updates,
  // which getUpdates then returns).
  if (!webhook_cleared_) {
    auto deleted = client_.DeleteWebhook(false);
    if (!deleted.ok()) {
      Error e =
          MakeError(ErrorCode::kUnavailable, "deleteWebhook failed: " + deleted.error.description);
      e.retry_after_ms = deleted.error.retry_after_s * 1000;
      return e;
    }
    webhook_cleared_ = true;
  }
  auto offset = telegram_.GetUpdateOffset();
  if (!offset) return offset.error();
  auto updates = client_.GetUpdates(*offset, options_.poll_timeout_s, options_.allowed_updates);
  if (!updates.ok()) {
    // 409 "Conflict: can't use getUpdates method while webhook is active" (someone set one since):
    // delete it before the next poll. Another 409 ("terminated by other getUpdates request") is a
    // second poller: backed off like any failure.
    if (updates.error.error_code == 409 &&
        (updates.error.description.find("webhook") != std::string::npos)) {
      webhook_cleared_ = false;
    }
    Error e = MakeError(ErrorCode::kUnavailable, "getUpdates failed: " + updates.error.description);
    e.retry_after_ms = updates.error.retry_after_s * 1000;
    return e;
  }
  // The next offset is the highest id of this batch + 1, not a maximum with the stored one: after
  // a week without updates Telegram may restart ids at a random, possibly lower, value
  // (telegram-kms.md §1.4), and those must be confirmed too.
  std::optional<std::int64_t> next;
  for (const auto& u : *updates.value) {
    // An update whose handling throws is logged, counted and passed over: the offset moves past
    // it, so it cannot block every later update.
    metrics::RunGuarded("update_poller", [&] { Handle(u); });
    next = std::max(next.value_or(u.update_id + 1), u.update_id + 1);
  }
  if (next && *next != *offset) {
    if (auto st = telegram_.SetUpdateOffset(*next); !st) return st.error();
  }
  return static_cast<int>(updates.value->size());
}

void UpdatePoller::Wait(const std::atomic<bool>& stop, std::int64_t ms) const {
  const auto slice = std::chrono::milliseconds(std::max<std::int64_t>(1, options_.stop_check_ms));
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (!stop && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(slice);
}

bool UpdatePoller::SetUpWebhook(std::string_view secret_token) {
  if (bot_ && !commands_registered_) commands_registered_ = bot_->RegisterCommands();
  if (!webhook_set_) {
    auto r = client_.SetWebhook(options_.webhook_url, secret_token, options_.allowed_updates,
                                options_.webhook_max_connections);
    if (!r.ok()) {
      log::Warn("telegram.set_webhook_failed", {{"description", r.error.description}});
      return false;
    }
    webhook_set_ = true;
    log::Info("telegram.webhook_set");
  }
  return commands_registered_ || !bot_;
}

void UpdatePoller::RunWebhookSetUp(const std::atomic<bool>& stop, std::string_view secret_token) {
  std::int64_t backoff = options_.error_backoff_ms;
  while (!stop) {
    bool done = false;
    metrics::RunGuarded("webhook_setup", [&] { done = SetUpWebhook(secret_token); });
    if (done) return;
    Wait(stop, backoff);
    backoff = std::min(backoff * 2, options_.error_backoff_max_ms);
  }
}

Status UpdatePoller::HandleWebhookUpdate(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed || !parsed->is_object()) {
    return MakeError(ErrorCode::kInvalidInput, "a webhook request must carry one Update object");
  }
  boost::json::array one;
  one.push_back(std::move(*parsed));
  const auto updates = ParseUpdates(one);
  if (updates.empty()) return MakeError(ErrorCode::kInvalidInput, "not an Update");
  // Handling is safe to repeat (docs/telegram.md, "Offsets"), so a request Telegram sends again
  // after a lost answer does no harm.
  std::lock_guard lock(webhook_mu_);
  for (const auto& u : updates) metrics::RunGuarded("update_webhook", [&] { Handle(u); });
  return {};
}

void UpdatePoller::Run(const std::atomic<bool>& stop) {
  std::int64_t backoff = options_.error_backoff_ms;
  while (!stop) {
    Result<int> r = MakeError(ErrorCode::kInternal, "poll ended in an exception");
    metrics::RunGuarded("update_poller", [&] { r = PollOnce(); });
    if (r) {
      backoff = options_.error_backoff_ms;
      continue;
    }
    log::Warn("telegram.poll_failed", {{"error", r.error().message}});
    const std::int64_t wait = std::max(backoff, r.error().retry_after_ms);
    backoff = std::min(backoff * 2, options_.error_backoff_max_ms);
    Wait(stop, wait);
  }
}

}  // namespace baro::notify
