#include "notify/update_poller.h"

#include <thread>

#include "i18n/i18n.h"
#include "log/logger.h"
#include "notify/link_tokens.h"
#include "web/passwords.h"

namespace baro::notify {

UpdatePoller::UpdatePoller(PollerOptions options, TelegramClient& client, store::Store& store,
                           const Clock& clock)
    : options_(options), client_(client), store_(store), clock_(clock) {}

void UpdatePoller::Handle(const Update& u) {
  if (!u.chat_id) return;
  if (u.member_status) {
    const bool active = *u.member_status != "kicked";
    (void)store_.telegram().SetChatActive(*u.chat_id, active);
    log::Info("telegram.chat_status", {{"active", active ? "true" : "false"}});
    return;
  }
  if (u.chat_type != "private") return;
  std::string_view text = u.text;
  if (text != "/start" && !text.starts_with("/start ") && !text.starts_with("/start@")) return;
  std::string locale = i18n::NegotiateLocale(u.language_code);
  auto space = text.find(' ');
  std::string_view payload = space == std::string_view::npos ? "" : text.substr(space + 1);
  while (!payload.empty() && payload.front() == ' ') payload.remove_prefix(1);
  while (!payload.empty() && payload.back() == ' ') payload.remove_suffix(1);
  if (payload.empty()) {
    (void)client_.SendMessage(*u.chat_id, i18n::Text(locale, "telegram.start_without_token"),
                              false);
    return;
  }
  Result<store::Id> user = MakeError(ErrorCode::kNotFound, "bad token");
  if (ValidStartPayload(payload)) {
    user = store_.telegram().ConsumeLinkToken(web::Sha256Hex(payload), clock_.NowMs());
  }
  if (!user) {
    log::Info("telegram.link_refused");
    (void)client_.SendMessage(*u.chat_id, i18n::Text(locale, "telegram.link_invalid"), false);
    return;
  }
  auto st = store_.telegram().LinkChat({*user, *u.chat_id, u.username, true, clock_.NowMs()});
  if (!st) {
    log::Error("telegram.link_failed", {{"error", st.error().message}});
    return;
  }
  if (auto account = store_.users().Get(*user)) locale = account->locale;
  log::Info("telegram.linked", {{"user_id", std::to_string(*user)}});
  (void)client_.SendMessage(*u.chat_id, i18n::Text(locale, "telegram.link_confirmed"), false);
}

Result<int> UpdatePoller::PollOnce() {
  auto offset = store_.telegram().GetUpdateOffset();
  if (!offset) return offset.error();
  auto updates = client_.GetUpdates(*offset, options_.poll_timeout_s);
  if (!updates.ok()) {
    Error e = MakeError(ErrorCode::kUnavailable, "getUpdates failed: " + updates.error.description);
    e.retry_after_ms = updates.error.retry_after_s * 1000;
    return e;
  }
  std::int64_t next = *offset;
  for (const auto& u : *updates.value) {
    Handle(u);
    next = std::max(next, u.update_id + 1);
  }
  if (next != *offset) {
    if (auto st = store_.telegram().SetUpdateOffset(next); !st) return st.error();
  }
  return static_cast<int>(updates.value->size());
}

void UpdatePoller::Run(const std::atomic<bool>& stop) {
  std::int64_t backoff = options_.error_backoff_ms;
  while (!stop) {
    auto r = PollOnce();
    if (r) {
      backoff = options_.error_backoff_ms;
      continue;
    }
    log::Warn("telegram.poll_failed", {{"error", r.error().message}});
    const std::int64_t wait = std::max(backoff, r.error().retry_after_ms);
    backoff = std::min(backoff * 2, options_.error_backoff_max_ms);
    // Back off in short slices so a stop request is honoured promptly.
    for (std::int64_t waited = 0; waited < wait && !stop; waited += 50) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
}

}  // namespace baro::notify
