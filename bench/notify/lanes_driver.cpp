// Fires 10,000 alert messages across 3,000 chats into a SQLite outbox at one instant and lets the
// outbox sender deliver them to the fake Bot API over loopback HTTP under the default budget
// (30 messages/s overall, 1/s per chat;
// https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this). Time is an
// injected clock advanced 100 ms per pass, so the delays are those the pacing imposes, not this
// machine's speed. Prints, per level, the count and the delay to delivery at the 50th and 99th
// percentiles and the maximum, and the order in which the levels finished; once with the digest
// off (every message on its own) and once with it on (low levels waiting for one chat merged),
// with how many Bot API calls the digest saved. Two arrival patterns: "interleaved" (alert i to
// chat i mod 3,000, so the claimed batches hold one message per chat) and "grouped" (each chat's
// alerts queued together, as when several checks of one user land at once).
#include <algorithm>
#include <cstdio>
#include <map>
#include <vector>

#include "core/clock.h"
#include "fakes/telegram/fake_telegram.h"
#include "notify/outbox_sender.h"
#include "store/store.h"
#include "support/temp_dir.h"

namespace {

constexpr char kToken[] = "123456:ABC-lanes-driver";
constexpr int kAlerts = 10'000;
constexpr int kChats = 3'000;
constexpr std::int64_t kStart = 1'700'000'000'000;

// 10 % emergency, 20 % critical, 60 % warning, 10 % recovery/info, spread over the chats.
int LevelOf(int i) {
  return i % 10 == 0 ? 3 : (i % 10 <= 2 ? 2 : (i % 10 == 9 ? 0 : 1));
}

std::int64_t Percentile(std::vector<std::int64_t> v, double p) {
  std::sort(v.begin(), v.end());
  const auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[k];
}

int Run(bool digest, bool grouped) {
  using namespace baro;
  testing::TempDir dir;
  auto opened = store::OpenStore("sqlite://" + dir.File("lanes.db"));
  if (!opened.ok() || !(*opened)->Migrate().ok()) {
    std::fprintf(stderr, "store: cannot open\n");
    return 1;
  }
  auto& st = **opened;
  auto user = st.users().Create("lanes@example.org", "hash", kStart);
  if (!user.ok()) return 1;
  fakes::FakeTelegram fake(kToken);
  if (!fake.Start()) return 1;
  for (std::int64_t chat = 1; chat <= kChats; ++chat) fake.SendText(chat, "hi");  // known chats
  store::CheckOutcome burst;
  burst.user_id = user->id;
  for (int i = 0; i < kAlerts; ++i) {
    store::OutboxMessage m;
    m.chat_id = grouped ? static_cast<std::int64_t>(i) * kChats / kAlerts + 1 : i % kChats + 1;
    m.level = LevelOf(i);
    m.text = "alert " + std::to_string(i);
    m.next_attempt_at = kStart;
    m.created_at = kStart;
    burst.messages.push_back(std::move(m));
  }
  if (!st.alerts().Commit(burst).ok()) return 1;

  notify::TelegramClient client(*net::ParseUrl(fake.BaseUrl()), SecretBytes(kToken),
                                notify::TelegramClientOptions{});
  ManualClock clock(kStart);
  notify::SenderOptions options;
  options.digest = digest;
  notify::OutboxSender sender(options, client, st, clock);
  int sent = 0;
  for (int pass = 0; sent + sender.merged() < kAlerts && pass < 100'000; ++pass) {
    sent += sender.RunOnce();
    clock.Advance(100);
  }
  auto rows = st.outbox().ListForUser(user->id);
  if (!rows.ok()) return 1;
  std::map<int, std::vector<std::int64_t>> delays;
  int not_sent = 0;
  for (const auto& m : *rows) {
    if (m.status != store::OutboxStatus::kSent) {
      ++not_sent;
      continue;
    }
    delays[m.level].push_back(m.sent_at - m.created_at);
  }
  std::printf(
      "%s, digest %s: alerts %d, chats %d, not sent %d, Bot API calls %zu, saved by digest %lld\n",
      grouped ? "grouped" : "interleaved", digest ? "on" : "off", kAlerts, kChats, not_sent,
      fake.Sent().size(), static_cast<long long>(sender.merged()));
  std::printf("level      count   p50 ms   p99 ms   max ms\n");
  for (auto it = delays.rbegin(); it != delays.rend(); ++it) {
    const char* name = it->first == 3   ? "emergency"
                       : it->first == 2 ? "critical"
                       : it->first == 1 ? "warning"
                                        : "recovery";
    std::printf("%-9s %6zu %8lld %8lld %8lld\n", name, it->second.size(),
                static_cast<long long>(Percentile(it->second, 0.5)),
                static_cast<long long>(Percentile(it->second, 0.99)),
                static_cast<long long>(Percentile(it->second, 1.0)));
  }
  const auto calls = static_cast<long long>(fake.Sent().size());
  return not_sent == 0 && calls + sender.merged() == kAlerts ? 0 : 1;
}

}  // namespace

int main() {
  int failed = 0;
  for (bool grouped : {false, true}) {
    for (bool digest : {false, true}) failed += Run(digest, grouped);
  }
  return failed == 0 ? 0 : 1;
}
