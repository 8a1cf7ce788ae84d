// The store's share of one check, on the embedded SQLite store with one connection: the rows a
// check starts from (user, hand-entered positions), the stored state it continues from (alert
// states, chats), and its commit (rescheduling, one alert state, one snapshot with its history
// point). In `baro serve` every check thread runs this on the one connection, one thread at a
// time, so the time per iteration here bounds the checks per second the process can sustain
// (docs/performance.md, "The store's share of a check").
//
//   check_store_bench [--monitors=N] [google benchmark flags]
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "core/position_key.h"
#include "store/store.h"

namespace baro::store {
namespace {

int g_monitors = 3000;

struct Fixture {
  std::filesystem::path dir;
  std::unique_ptr<Store> store;
  std::vector<Monitor> leased;
  std::size_t next = 0;

  Fixture() {
    char pattern[] = "/tmp/baro-store-bench-XXXXXX";
    dir = ::mkdtemp(pattern);
    auto opened = OpenStore("sqlite://" + (dir / "baro.db").string());
    if (!opened || !(*opened)->Migrate()) std::abort();
    store = std::move(*opened);
    for (int i = 0; i < g_monitors; ++i) {
      auto user = store->users().Create("u" + std::to_string(i) + "@example.com", "hash", 1);
      if (!user) std::abort();
      ManualPosition mp;
      mp.user_id = user->id;
      mp.symbol = "BTCUSDT";
      mp.entry_price = 100000;
      mp.size = 0.01;
      mp.leverage = 2;
      if (!store->manual_positions().Create(mp, 0)) std::abort();
    }
  }
  ~Fixture() {
    store.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }

  // The next leased monitor, claiming a worker-sized batch when none is left.
  const Monitor& Next(std::int64_t now) {
    if (next == leased.size()) {
      auto due = store->monitors().ClaimDue("bench", now, 64, 3'600'000);
      if (!due || due->empty()) std::abort();
      leased = std::move(*due);
      next = 0;
    }
    return leased[next++];
  }
};

void BM_CheckStoreWork(benchmark::State& state) {
  static Fixture f;
  std::int64_t now = 1'000'000'000'000;
  for (auto _ : state) {
    const Monitor& m = f.Next(now);
    ManualPosition mp;
    {
      auto hold = f.store->HoldSession();
      auto user = f.store->users().Get(m.user_id);
      auto positions = f.store->manual_positions().ListForUser(m.user_id);
      if (!user || !positions || positions->empty()) std::abort();
      mp = positions->front();
    }
    const PositionKey position = PositionKey::OfManual(mp.id);
    const std::string key = position.ToString();
    {
      auto hold = f.store->HoldSession();
      auto states = f.store->alerts().StatesWithPrefixes(
          m.user_id, {std::string(PositionKey::kManualPrefix), "bot:"});
      auto chats = f.store->telegram().ListChats(m.user_id);
      if (!states || !chats) std::abort();
    }
    CheckCommit commit;
    // Due again at once: the next claim finds it when the batch runs out.
    commit.complete = MonitorCompletion{m.id, "bench", now};
    commit.outcome.user_id = m.user_id;
    commit.outcome.states.push_back({m.user_id, StateKey(position, "liquidation"),
                                     R"({"level":"ok","since":)" + std::to_string(now) + "}"});
    PositionSnapshot s;
    s.monitor_id = m.id;
    s.user_id = m.user_id;
    s.position_key = key;
    s.manual_position_id = mp.id;
    s.position.symbol = mp.symbol;
    s.position.side = mp.side;
    s.position.size = mp.size;
    s.position.entry_price = mp.entry_price;
    s.position.mark_price = 100000 + static_cast<double>(now % 1000);
    s.position.leverage = mp.leverage;
    s.distance_to_liquidation = 0.49;
    s.level = "ok";
    s.observed_at = now;
    commit.snapshots_of = m.id;
    commit.snapshots = {s};
    commit.snapshots_at = now;
    if (!f.store->CommitCheck(commit)) std::abort();
    ++now;
  }
  state.counters["checks/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CheckStoreWork)->UseRealTime()->MinTime(5.0);

}  // namespace
}  // namespace baro::store

int main(int argc, char** argv) {
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--monitors=", 0) == 0) {
      baro::store::g_monitors = std::atoi(arg.c_str() + 11);
    } else {
      rest.push_back(argv[i]);
    }
  }
  int n = static_cast<int>(rest.size());
  benchmark::Initialize(&n, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
