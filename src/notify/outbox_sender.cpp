#include "notify/outbox_sender.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>
#include <thread>

#include "log/logger.h"
#include "metrics/loop_guard.h"
#include "metrics/metrics.h"

namespace baro::notify {
namespace {

double Capacity(const SenderOptions& o) {
  return std::max(1.0, o.global_burst > 0 ? o.global_burst : o.global_rate_per_s);
}

metrics::Family& SentTotal() {
  static auto& family = metrics::Default().Counter("baro_telegram_messages_total",
                                                   "Telegram messages by outcome.", {"outcome"});
  return family;
}

// Low levels (warning, recovery, info) waiting for one chat in the same pass are merged into one
// digest: at one message per second per chat they would otherwise wait one by one. Emergency
// and critical messages are never merged. A digest stays within the 4,096 characters of
// sendMessage (https://core.telegram.org/bots/api#sendmessage); UTF-8 bytes bound the
// characters from above. It carries no keyboard, since its buttons would act on one position.
constexpr int kMergeBelowLevel = 2;
constexpr std::size_t kMaxText = 4096;
constexpr char kDigestSeparator[] = "\n\n";

// Appends `m` to the digest `u` when it fits in one message.
bool AppendToDigest(OutboxSender::Unit& u, const store::OutboxMessage& m) {
  if (u.head.text.size() + sizeof(kDigestSeparator) - 1 + m.text.size() > kMaxText) return false;
  u.head.text += kDigestSeparator;
  u.head.text += m.text;
  u.head.silent = u.head.silent && m.silent;
  u.head.level = std::max(u.head.level, m.level);
  u.head.reply_markup.clear();
  u.ids.push_back(m.id);
  return true;
}

std::vector<OutboxSender::Unit> MergeDigests(std::vector<store::OutboxMessage> batch, bool digest) {
  std::vector<OutboxSender::Unit> units;
  std::map<std::int64_t, std::size_t> open;  // chat -> unit taking its low-level messages
  for (auto& m : batch) {
    if (digest && m.level < kMergeBelowLevel) {
      auto it = open.find(m.chat_id);
      if (it != open.end() && AppendToDigest(units[it->second], m)) continue;
      open[m.chat_id] = units.size();
    }
    OutboxSender::Unit u;
    u.ids.push_back(m.id);
    u.head = std::move(m);
    units.push_back(std::move(u));
  }
  return units;
}

}  // namespace

OutboxSender::OutboxSender(SenderOptions options, TelegramClient& client,
                           store::OutboxRepository& outbox, store::TelegramRepository& telegram,
                           const Clock& clock)
    : options_(std::move(options)),
      client_(client),
      outbox_(outbox),
      telegram_(telegram),
      clock_(clock),
      tokens_(Capacity(options_)) {}

OutboxSender::OutboxSender(SenderOptions options, TelegramClient& client, store::Store& store,
                           const Clock& clock)
    : OutboxSender(std::move(options), client, store.outbox(), store.telegram(), clock) {
  alerts_ = &store.alerts();
}

bool OutboxSender::Allowed(store::OutboxMessage& m) {
  if (alerts_ == nullptr || m.kind == "reply") return true;
  const auto kind = EventKindOfLevel(m.level);
  if (!kind) return true;  // an emergency always goes
  // Read once per pass per user (RunOnce clears the cache).
  auto it = settings_.find(m.user_id);
  if (it == settings_.end()) {
    EventSettings settings;
    if (auto states = alerts_->StatesWithPrefixes(m.user_id, {kEventSettingsKey})) {
      settings = ReadEventSettings(*states);
    }
    it = settings_.emplace(m.user_id, std::make_pair(std::int64_t{0}, settings)).first;
  }
  const EventSetting setting = it->second.second.For(*kind);
  if (setting == EventSetting::kOff) {
    (void)outbox_.MarkFailed(m.id, "off in /settings");
    SentTotal().With({"off"}).Add();
    return false;
  }
  if (setting == EventSetting::kSilent) m.silent = true;
  return true;
}

bool OutboxSender::TakeToken(std::int64_t now, std::int64_t& ready_at) {
  const double rate = std::max(options_.global_rate_per_s, 1e-3);
  if (refilled_at_ == 0) refilled_at_ = now;
  tokens_ = std::min(
      Capacity(options_),
      tokens_ + static_cast<double>(std::max<std::int64_t>(0, now - refilled_at_)) * rate / 1000.0);
  refilled_at_ = std::max(refilled_at_, now);
  if (tokens_ >= 1.0) {
    tokens_ -= 1.0;
    return true;
  }
  ready_at = now + static_cast<std::int64_t>(std::ceil((1.0 - tokens_) * 1000.0 / rate));
  return false;
}

void OutboxSender::GatherQueued(Unit& u, std::int64_t now) {
  const int room = options_.digest_queue_max - static_cast<int>(u.ids.size());
  if (!options_.digest || room <= 0 || u.head.level >= kMergeBelowLevel) return;
  auto more = outbox_.ClaimForDigest(options_.owner, u.head.chat_id, kMergeBelowLevel, now, room,
                                     options_.lease_ms);
  if (!more) {
    log::Warn("outbox.digest_claim_failed", {{"error", more.error().message}});
    return;
  }
  for (auto m : *more) {
    if (std::find(u.ids.begin(), u.ids.end(), m.id) != u.ids.end()) continue;
    if (!Allowed(m)) continue;
    if (!AppendToDigest(u, m)) {
      // No room left in this message: it goes back as it was, for a later digest.
      if (auto st = outbox_.Reschedule(m.id, m.next_attempt_at, ""); !st) {
        log::Warn("outbox.reschedule_failed",
                  {{"id", std::to_string(m.id)}, {"error", st.error().message}});
      }
    }
  }
}

// Puts a message back without counting an attempt, and keeps later messages to its chat behind it.
void OutboxSender::Defer(const Unit& u, std::int64_t until) {
  const auto& m = u.head;
  for (store::Id id : u.ids) {
    if (auto st = outbox_.Reschedule(id, until, ""); !st) {
      log::Warn("outbox.reschedule_failed",
                {{"id", std::to_string(id)}, {"error", st.error().message}});
    }
  }
  auto& ready = chat_ready_at_[m.chat_id];
  ready = std::max(ready, until);
}

// "In a group, bots are not be able to send more than 20 messages per minute"
// (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this); groups and
// supergroups have negative ids (https://core.telegram.org/bots/api#chat).
constexpr std::int64_t kGroupWindowMs = 60000;

std::int64_t OutboxSender::GroupReadyAt(std::int64_t chat, std::int64_t now) {
  if (chat >= 0 || options_.group_per_minute <= 0) return now;
  auto it = group_sent_.find(chat);
  if (it == group_sent_.end()) return now;
  auto& sent = it->second;
  while (!sent.empty() && sent.front() <= now - kGroupWindowMs) sent.pop_front();
  if (static_cast<int>(sent.size()) < options_.group_per_minute) return now;
  return sent[sent.size() - static_cast<std::size_t>(options_.group_per_minute)] + kGroupWindowMs;
}

void OutboxSender::NoteGroupSend(std::int64_t chat, std::int64_t at) {
  if (chat >= 0 || options_.group_per_minute <= 0) return;
  auto& sent = group_sent_[chat];
  sent.push_back(at);
  while (static_cast<int>(sent.size()) > options_.group_per_minute) sent.pop_front();
}

int OutboxSender::RunOnce() {
  auto& outcomes = SentTotal();
  const std::int64_t claimed_at = clock_.NowMs();
  std::erase_if(chat_ready_at_, [&](const auto& kv) { return kv.second <= claimed_at; });
  std::erase_if(group_sent_, [&](const auto& kv) {
    return kv.second.empty() || kv.second.back() <= claimed_at - kGroupWindowMs;
  });
  auto batch = outbox_.ClaimPending(options_.owner, claimed_at, options_.batch, options_.lease_ms);
  if (!batch) {
    log::Warn("outbox.claim_failed", {{"error", batch.error().message}});
    return 0;
  }
  settings_.clear();
  std::erase_if(*batch, [&](store::OutboxMessage& m) { return !Allowed(m); });
  // Priority lanes: under the global budget, emergency and critical messages take the tokens
  // first; within one level the claimed order (oldest first) is kept, so one chat's messages of
  // one level still go in order.
  auto units = MergeDigests(std::move(*batch), options_.digest);
  std::stable_sort(units.begin(), units.end(),
                   [](const auto& a, const auto& b) { return a.head.level > b.head.level; });
  const std::int64_t work_until = claimed_at + options_.lease_ms - options_.lease_margin_ms;
  std::map<std::int64_t, std::string> refused_chats;  // answered 403 during this pass
  std::set<std::int64_t> migrated_chats;              // upgraded to a supergroup, this pass
  int sent = 0;
  auto mark_failed = [&](const Unit& u, const std::string& why) {
    for (store::Id id : u.ids) (void)outbox_.MarkFailed(id, why);
  };
  for (auto& u : units) {
    const auto& m = u.head;
    const std::int64_t now = clock_.NowMs();
    if (now >= work_until) {
      // Too little lease left to send safely: hand the message back for the next pass.
      Defer(u, now);
      continue;
    }
    if (migrated_chats.count(m.chat_id)) {
      // Already moved to the supergroup with its chat's other pending messages: the next pass
      // sends it there.
      Defer(u, now);
      continue;
    }
    if (auto it = refused_chats.find(m.chat_id); it != refused_chats.end()) {
      mark_failed(u, it->second);
      outcomes.With({"refused"}).Add();
      continue;
    }
    // Pacing: defer (without counting an attempt) what may not go yet.
    std::int64_t ready_at = std::max(now, paused_until_);
    if (auto it = chat_ready_at_.find(m.chat_id); it != chat_ready_at_.end()) {
      ready_at = std::max(ready_at, it->second);
    }
    ready_at = std::max(ready_at, GroupReadyAt(m.chat_id, now));
    if (ready_at <= now && !TakeToken(now, ready_at)) ready_at = std::max(ready_at, now + 1);
    if (ready_at > now) {
      Defer(u, ready_at);
      continue;
    }
    // About to go: a low-level message takes along the chat's others still pending anywhere.
    GatherQueued(u, now);
    auto r = client_.SendMessage(m.chat_id, m.text, m.silent, m.reply_markup);
    const std::int64_t done = clock_.NowMs();
    if (r.ok()) {
      // Recorded before anything else, so a restart cannot send it again.
      for (store::Id id : u.ids) {
        if (auto st = outbox_.MarkSent(id, done); !st) {
          log::Error("outbox.mark_sent_failed",
                     {{"id", std::to_string(id)}, {"error", st.error().message}});
        }
      }
      if (u.ids.size() > 1) {
        merged_ += static_cast<std::int64_t>(u.ids.size()) - 1;
        outcomes.With({"merged"}).Add(static_cast<double>(u.ids.size() - 1));
      }
      chat_ready_at_[m.chat_id] = done + options_.per_chat_interval_ms;
      NoteGroupSend(m.chat_id, done);
      ++sent;
      outcomes.With({"sent"}).Add();
      continue;
    }
    const TelegramError& e = r.error;
    if (e.error_code == 429) {
      // Flood control applies to the bot, not only to this chat (telegram-kms.md §1.10).
      paused_until_ =
          std::max(paused_until_, done + std::max<std::int64_t>(1, e.retry_after_s) * 1000);
      Defer(u, paused_until_);
      outcomes.With({"rate_limited"}).Add();
      log::Warn("outbox.rate_limited", {{"retry_after_s", std::to_string(e.retry_after_s)}});
      continue;
    }
    if (e.error_code == 403) {
      if (auto st = telegram_.SetChatActive(m.chat_id, false); !st) {
        log::Warn("outbox.deactivate_failed", {{"error", st.error().message}});
      }
      refused_chats[m.chat_id] = e.description;
      mark_failed(u, e.description);
      outcomes.With({"refused"}).Add();
      log::Info("outbox.refused", {{"code", "403"}, {"description", e.description}});
      continue;
    }
    bool migration_pending = false;
    if (e.error_code == 400 && e.migrate_to_chat_id != 0) {
      // The group was upgraded to a supergroup (https://core.telegram.org/bots/api
      // #responseparameters): its links and pending messages, this one included, move to the new
      // id, and the message goes there at the next pass without counting an attempt.
      if (auto st = telegram_.MigrateChat(m.chat_id, e.migrate_to_chat_id); st) {
        migrated_chats.insert(m.chat_id);
        Defer(u, done);
        outcomes.With({"migrated"}).Add();
        log::Info("outbox.chat_migrated", {{"description", e.description}});
        continue;
      } else {
        log::Warn("outbox.migrate_failed", {{"error", st.error().message}});
        migration_pending = true;  // tried again after the backoff
      }
    }
    const int attempts = m.attempts + 1;
    const bool permanent =
        !e.network && !migration_pending && e.error_code >= 400 && e.error_code < 500;
    if (permanent || attempts >= options_.max_attempts) {
      mark_failed(u, e.description);
      outcomes.With({"failed"}).Add();
      log::Warn("outbox.failed",
                {{"code", std::to_string(e.error_code)}, {"description", e.description}});
      continue;
    }
    const std::int64_t backoff =
        std::min(options_.retry_backoff_max_ms,
                 options_.retry_backoff_ms << std::clamp(attempts - 1, 0, 30));
    const std::string why = e.description.empty() ? "network error" : e.description;
    for (store::Id id : u.ids) {
      if (auto st = outbox_.Reschedule(id, done + backoff, why); !st) {
        log::Warn("outbox.reschedule_failed",
                  {{"id", std::to_string(id)}, {"error", st.error().message}});
      }
    }
    auto& ready = chat_ready_at_[m.chat_id];
    ready = std::max(ready, done + backoff);  // later messages to this chat wait behind it
    outcomes.With({"retry"}).Add();
  }
  return sent;
}

void OutboxSender::Run(const std::atomic<bool>& stop) {
  const auto slice = std::chrono::milliseconds(std::max<std::int64_t>(1, options_.stop_check_ms));
  while (!stop) {
    // A pass that throws is logged and counted; its claimed messages stay leased and pending, so
    // the next pass after the lease sends them.
    metrics::RunGuarded("outbox_sender", [this] { RunOnce(); });
    const auto until =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.tick_ms);
    while (!stop && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(slice);
  }
}

}  // namespace baro::notify
