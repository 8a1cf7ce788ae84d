// Risk engine throughput: one position's assessment plus the alert policy for its three signals,
// and a mark-price change re-evaluating every position held in one symbol.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "risk/assessment.h"
#include "risk/policy.h"

namespace baro::risk {
namespace {

std::vector<Position> MakePositions(std::size_t n) {
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> entry(90000, 110000), size(0.001, 5), lev(1, 50);
  std::vector<Position> out(n);
  for (auto& p : out) {
    p.venue = Venue::kBinance;
    p.side = rng() % 2 ? Side::kLong : Side::kShort;
    p.size = size(rng);
    p.entry_price = entry(rng);
    p.leverage = lev(rng);
    p.margin_mode = MarginMode::kIsolated;
    p.mark_price = 100000;
  }
  return out;
}

void BM_AssessOnly(benchmark::State& state) {
  auto positions = MakePositions(1024);
  const Thresholds t;
  std::size_t i = 0;
  for (auto _ : state) {
    auto r = Assess({.position = positions[i++ & 1023]}, t);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AssessOnly);

void BM_AssessAndPolicy(benchmark::State& state) {
  auto positions = MakePositions(1024);
  std::vector<AlertState> states(1024 * 3);
  const Thresholds t;
  std::size_t i = 0;
  std::int64_t now = 0;
  for (auto _ : state) {
    const std::size_t k = i++ & 1023;
    auto r = Assess({.position = positions[k]}, t);
    for (int s = 0; s < 3; ++s) {
      auto d = Decide(kAllSignals[s], states[k * 3 + s], r, t, ++now);
      states[k * 3 + s] = d.state;
      benchmark::DoNotOptimize(d.event);
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AssessAndPolicy);

// One mark-price change re-evaluates the 100,000 positions held in that symbol, policy included.
void BM_MarkChange100kPositions(benchmark::State& state) {
  auto positions = MakePositions(100000);
  std::vector<AlertState> states(positions.size() * 3);
  const Thresholds t;
  double mark = 100000;
  std::int64_t now = 0;
  for (auto _ : state) {
    mark = mark == 100000 ? 93000 : 100000;
    now += 1000;
    int events = 0;
    for (std::size_t k = 0; k < positions.size(); ++k) {
      positions[k].mark_price = mark;
      auto r = Assess({.position = positions[k]}, t);
      for (int s = 0; s < 3; ++s) {
        auto d = Decide(kAllSignals[s], states[k * 3 + s], r, t, now);
        states[k * 3 + s] = d.state;
        events += d.event.has_value();
      }
    }
    benchmark::DoNotOptimize(events);
  }
  state.SetItemsProcessed(state.iterations() * 100000);
}
BENCHMARK(BM_MarkChange100kPositions)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace baro::risk
