#include "worker/worker_loop.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "metrics/loop_guard.h"
#include "metrics/metrics.h"
#include "support/temp_dir.h"

namespace baro::worker {
namespace {

TEST(Scheduler, SpreadsChecksAcrossTheJitterWindow) {
  Scheduler s({.interval_ms = 150000, .jitter = 0.2}, 42);
  std::int64_t lo = INT64_MAX, hi = 0;
  std::vector<int> buckets(10, 0);
  for (int i = 0; i < 10000; ++i) {
    std::int64_t d = s.NextDue(0);
    lo = std::min(lo, d);
    hi = std::max(hi, d);
    ASSERT_GE(d, 120000);
    ASSERT_LE(d, 180000);
    buckets[std::min<std::size_t>(9, static_cast<std::size_t>((d - 120000) / 6000))]++;
  }
  EXPECT_LT(lo, 121000);
  EXPECT_GT(hi, 179000);
  for (int b : buckets) EXPECT_GT(b, 700);  // roughly even (1000 expected per bucket)
}

TEST(Scheduler, NoJitterMeansExactInterval) {
  Scheduler s({.interval_ms = 5000, .jitter = 0});
  EXPECT_EQ(s.NextDue(100), 5100);
}

// baro_check_duration_seconds_count from the process registry (Prometheus text).
double CheckDurationCount() {
  const std::string text = metrics::Default().Render();
  const std::string key = "\nbaro_check_duration_seconds_count ";
  const auto at = text.find(key);
  return at == std::string::npos ? 0 : std::stod(text.substr(at + key.size()));
}

TEST(WorkerLoop, EveryCheckIsTimedInTheDurationHistogram) {
  testing::TempDir dir;
  auto store = store::OpenStore("sqlite://" + dir.File("w.db"));
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->Migrate().ok());
  auto user = (*store)->users().Create("a@x.io", "h", 0);
  for (int i = 0; i < 4; ++i) {
    store::Connection c;
    c.user_id = user->id;
    c.label = "c" + std::to_string(i);
    ASSERT_TRUE((*store)->connections().Create(c, 1000).ok());
  }
  ManualClock clock(1000);
  int calls = 0;
  WorkerLoop loop({.owner = "w1", .threads = 1, .schedule = {.interval_ms = 10000, .jitter = 0}},
                  **store, clock, [&](const store::Monitor&, std::int64_t) {
                    if (++calls == 2) throw std::runtime_error("one bad check");
                  });
  const double before = CheckDurationCount();
  EXPECT_EQ(loop.RunOnce(), 4);
  // Four checks, the failed one included: a check that throws took time too.
  EXPECT_EQ(CheckDurationCount(), before + 4);
}

TEST(WorkerLoop, ChecksDueMonitorsOnceAndReschedules) {
  testing::TempDir dir;
  auto store = store::OpenStore("sqlite://" + dir.File("w.db"));
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->Migrate().ok());
  auto user = (*store)->users().Create("a@x.io", "h", 0);
  for (int i = 0; i < 3; ++i) {
    store::Connection c;
    c.user_id = user->id;
    c.label = "c" + std::to_string(i);
    ASSERT_TRUE((*store)->connections().Create(c, 1000).ok());
  }
  ManualClock clock(1000);
  std::vector<store::Id> checked;
  WorkerLoop loop({.owner = "w1",
                   .threads = 1,
                   .lease_ms = 60000,
                   .schedule = {.interval_ms = 10000, .jitter = 0}},
                  **store, clock,
                  [&](const store::Monitor& m, std::int64_t) { checked.push_back(m.id); });
  EXPECT_EQ(loop.RunOnce(), 3);
  EXPECT_EQ(loop.RunOnce(), 0);  // rescheduled 10 s later
  clock.Advance(9999);
  EXPECT_EQ(loop.RunOnce(), 0);
  clock.Advance(1);
  EXPECT_EQ(loop.RunOnce(), 3);
  EXPECT_EQ(checked.size(), 6u);
}

}  // namespace
}  // namespace baro::worker

namespace baro::worker {
namespace {

TEST(WorkerLoop, ACheckThatThrowsIsCountedAndTheLoopGoesOn) {
  testing::TempDir dir;
  auto store = store::OpenStore("sqlite://" + dir.File("w.db"));
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->Migrate().ok());
  auto user = (*store)->users().Create("a@x.io", "h", 0);
  for (int i = 0; i < 2; ++i) {
    store::Connection c;
    c.user_id = user->id;
    c.label = "c" + std::to_string(i);
    ASSERT_TRUE((*store)->connections().Create(c, 0).ok());
  }
  const SystemClock& clock = SystemClock::Instance();
  std::mutex mu;
  std::map<store::Id, int> checked;
  store::Id bad = 0;  // the first monitor checked throws every time
  const double errors_before = metrics::LoopErrors("worker");
  WorkerLoop loop({.owner = "w1",
                   .threads = 1,
                   .lease_ms = 600000,
                   .tick_ms = 10,
                   .schedule = {.interval_ms = 1, .jitter = 0}},
                  **store, clock, [&](const store::Monitor& m, std::int64_t) {
                    bool throws = false;
                    {
                      std::lock_guard lock(mu);
                      ++checked[m.id];
                      if (bad == 0) bad = m.id;
                      throws = m.id == bad;
                    }
                    if (throws) {
                      // A bug in one monitor's check: reading the value of an error.
                      Result<int> missing = MakeError(ErrorCode::kNotFound, "no such row");
                      (void)missing.value();
                    }
                  });
  loop.Start();
  // The one thread survives the throwing monitor: both are checked again and again (the throwing
  // one is rescheduled at once instead of staying leased for lease_ms).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  bool both_thrice = false;
  while (!both_thrice && std::chrono::steady_clock::now() < deadline) {
    {
      std::lock_guard lock(mu);
      both_thrice =
          checked.size() == 2 && checked.begin()->second >= 3 && checked.rbegin()->second >= 3;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  loop.Stop();
  EXPECT_TRUE(both_thrice);
  EXPECT_GE(metrics::LoopErrors("worker"), errors_before + 3);
}

// A backlog larger than the pool: every check thread works at once, each monitor is checked once,
// and never more checks run than there are threads.
TEST(WorkerLoop, ABacklogKeepsEveryThreadBusyAndChecksEachMonitorOnce) {
  testing::TempDir dir;
  auto store = store::OpenStore("sqlite://" + dir.File("w.db"));
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->Migrate().ok());
  auto user = (*store)->users().Create("a@x.io", "h", 0);
  constexpr int kMonitors = 12, kThreads = 4;
  for (int i = 0; i < kMonitors; ++i) {
    store::Connection c;
    c.user_id = user->id;
    c.label = "c" + std::to_string(i);
    ASSERT_TRUE((*store)->connections().Create(c, 1000).ok());
  }
  ManualClock clock(1000);
  std::mutex mu;
  std::condition_variable cv;
  std::map<store::Id, int> checked;
  int running = 0, most = 0, done = 0;
  WorkerLoop loop({.owner = "w1",
                   .threads = kThreads,
                   .lease_ms = 600000,
                   .tick_ms = 10,
                   .schedule = {.interval_ms = 3'600'000, .jitter = 0}},
                  **store, clock, [&](const store::Monitor& m, std::int64_t) {
                    std::unique_lock lock(mu);
                    ++checked[m.id];
                    most = std::max(most, ++running);
                    cv.notify_all();
                    // The first checks wait (up to 5 s) until all threads are in a check at once.
                    cv.wait_for(lock, std::chrono::seconds(5),
                                [&] { return most >= kThreads || done > 0; });
                    --running;
                    ++done;
                    cv.notify_all();
                  });
  loop.Start();
  {
    std::unique_lock lock(mu);
    cv.wait_for(lock, std::chrono::seconds(20), [&] { return done == kMonitors; });
  }
  loop.Stop();
  EXPECT_EQ(done, kMonitors);
  EXPECT_EQ(checked.size(), static_cast<std::size_t>(kMonitors));
  for (const auto& [id, n] : checked) EXPECT_EQ(n, 1) << id;
  EXPECT_EQ(most, kThreads);
}

}  // namespace
}  // namespace baro::worker
