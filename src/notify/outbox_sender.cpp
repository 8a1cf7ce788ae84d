#include "notify/outbox_sender.h"

#include <algorithm>
#include <cmath>
#include <thread>

#include "log/logger.h"
#include "metrics/metrics.h"

namespace baro::notify {

OutboxSender::OutboxSender(SenderOptions options, TelegramClient& client, store::Store& store,
                           const Clock& clock)
    : options_(std::move(options)),
      client_(client),
      store_(store),
      clock_(clock),
      tokens_(std::max(1.0, options_.global_rate_per_s)) {}

bool OutboxSender::TakeToken(std::int64_t now, std::int64_t& ready_at) {
  const double capacity = std::max(1.0, options_.global_rate_per_s);
  if (refilled_at_ == 0) refilled_at_ = now;
  tokens_ =
      std::min(capacity, tokens_ + (now - refilled_at_) * options_.global_rate_per_s / 1000.0);
  refilled_at_ = now;
  if (tokens_ >= 1.0) {
    tokens_ -= 1.0;
    return true;
  }
  ready_at = now + static_cast<std::int64_t>(
                       std::ceil((1.0 - tokens_) * 1000.0 / options_.global_rate_per_s));
  return false;
}

int OutboxSender::RunOnce() {
  static auto& sent_total = metrics::Default().Counter(
      "baro_telegram_messages_total", "Telegram messages by outcome.", {"outcome"});
  const std::int64_t now = clock_.NowMs();
  auto batch = store_.outbox().ClaimPending(options_.owner, now, options_.batch, options_.lease_ms);
  if (!batch) {
    log::Warn("outbox.claim_failed", {{"error", batch.error().message}});
    return 0;
  }
  int sent = 0;
  for (const auto& m : *batch) {
    // Pacing: defer (without counting an attempt) what may not go yet.
    std::int64_t ready_at = now;
    if (paused_until_ > now) ready_at = paused_until_;
    if (auto it = last_sent_.find(m.chat_id); it != last_sent_.end()) {
      ready_at = std::max(ready_at, it->second + options_.per_chat_interval_ms);
    }
    if (ready_at <= now && !TakeToken(now, ready_at)) ready_at = std::max(ready_at, now + 1);
    if (ready_at > now) {
      (void)store_.outbox().Reschedule(m.id, ready_at, "");
      continue;
    }
    auto r = client_.SendMessage(m.chat_id, m.text, m.silent);
    if (r.ok()) {
      if (auto st = store_.outbox().MarkSent(m.id, now); !st) {
        log::Error("outbox.mark_sent_failed",
                   {{"id", std::to_string(m.id)}, {"error", st.error().message}});
      }
      last_sent_[m.chat_id] = now;
      ++sent;
      sent_total.With({"sent"}).Add();
      continue;
    }
    const TelegramError& e = r.error;
    if (e.error_code == 429) {
      paused_until_ = now + std::max<std::int64_t>(1, e.retry_after_s) * 1000;
      (void)store_.outbox().Reschedule(m.id, paused_until_, "");
      sent_total.With({"rate_limited"}).Add();
      log::Warn("outbox.rate_limited", {{"retry_after_s", std::to_string(e.retry_after_s)}});
      continue;
    }
    if (e.error_code == 403 ||
        (e.error_code == 400 && e.description.find("chat not found") != std::string::npos)) {
      if (e.error_code == 403) (void)store_.telegram().SetChatActive(m.chat_id, false);
      (void)store_.outbox().MarkFailed(m.id, e.description);
      sent_total.With({"refused"}).Add();
      log::Info("outbox.refused",
                {{"code", std::to_string(e.error_code)}, {"description", e.description}});
      continue;
    }
    const int attempts = m.attempts + 1;
    if (attempts >= options_.max_attempts || (e.error_code >= 400 && e.error_code < 500)) {
      (void)store_.outbox().MarkFailed(m.id, e.description);
      sent_total.With({"failed"}).Add();
      log::Warn("outbox.failed",
                {{"code", std::to_string(e.error_code)}, {"description", e.description}});
      continue;
    }
    const std::int64_t backoff = std::min(options_.retry_backoff_max_ms,
                                          options_.retry_backoff_ms << std::min(attempts - 1, 20));
    (void)store_.outbox().Reschedule(m.id, now + backoff,
                                     e.description.empty() ? "network error" : e.description);
    sent_total.With({"retry"}).Add();
  }
  return sent;
}

void OutboxSender::Run(const std::atomic<bool>& stop) {
  while (!stop) {
    RunOnce();
    for (std::int64_t waited = 0; waited < options_.tick_ms && !stop; waited += 50) {
      std::this_thread::sleep_for(
          std::chrono::milliseconds(std::min<std::int64_t>(50, options_.tick_ms)));
    }
  }
}

}  // namespace baro::notify
