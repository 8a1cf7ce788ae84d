#include "worker/worker_loop.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <iterator>
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

// The worker's check-duration histogram in the process registry.
metrics::Histogram& CheckDurations() {
  return metrics::Default().Histogram(
      "baro_check_duration_seconds", "",
      {std::begin(kCheckDurationBounds), std::end(kCheckDurationBounds)});
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
                  **store, clock, [&](const store::Monitor&, const CheckLease&) {
                    if (++calls == 2) throw std::runtime_error("one bad check");
                    return CheckOutcome{};
                  });
  const auto before = CheckDurations().Count();
  EXPECT_EQ(loop.RunOnce(), 4);
  // Four checks, the failed one included: a check that throws took time too.
  EXPECT_EQ(CheckDurations().Count(), before + 4);
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
                  **store, clock, [&](const store::Monitor& m, const CheckLease&) {
                    checked.push_back(m.id);
                    return CheckOutcome{};
                  });
  const auto timed_before = CheckDurations().Count();
  EXPECT_EQ(loop.RunOnce(), 3);
  EXPECT_EQ(CheckDurations().Count(), timed_before + 3) << "each check's duration is observed";
  EXPECT_EQ(loop.RunOnce(), 0);  // rescheduled 10 s later
  clock.Advance(9999);
  EXPECT_EQ(loop.RunOnce(), 0);
  clock.Advance(1);
  EXPECT_EQ(loop.RunOnce(), 3);
  EXPECT_EQ(checked.size(), 6u);
}

// A check that reports "not before" (an account-limited venue's 429 with a wait) is not run
// again before that time although the interval is shorter, and never later than
// worker.max_defer_s past the check.
TEST(WorkerLoop, ACheckDeferredByTheVenueWaitsUntilTheVenueSaysAtMostTheMaximum) {
  testing::TempDir dir;
  auto store = store::OpenStore("sqlite://" + dir.File("w.db"));
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->Migrate().ok());
  auto user = (*store)->users().Create("defer@example.com", "h", 0);
  ASSERT_TRUE(user.ok());
  store::Connection c;
  c.user_id = user->id;
  c.label = "okx";
  ASSERT_TRUE((*store)->connections().Create(c, 1000).ok());
  ManualClock clock(1000);
  int checks = 0;
  // Interval 1 s, at most 60 s of deferral. The first check hears "stay away 30 s"; the second
  // hears "stay away a day", which is cut to 60 s.
  WorkerLoop loop({.owner = "w1",
                   .threads = 1,
                   .lease_ms = 600000,
                   .schedule = {.interval_ms = 1000, .jitter = 0},
                   .max_defer_ms = 60000},
                  **store, clock, [&](const store::Monitor&, const CheckLease& lease) {
                    const std::int64_t now = lease.now;
                    ++checks;
                    if (checks == 1) return CheckOutcome{.not_before_ms = now + 30000};
                    if (checks == 2) return CheckOutcome{.not_before_ms = now + 86400000};
                    return CheckOutcome{};
                  });
  EXPECT_EQ(loop.RunOnce(), 1);
  clock.Advance(1000);  // the interval alone would make it due now
  EXPECT_EQ(loop.RunOnce(), 0);
  clock.Advance(28999);  // 29.999 s after the check
  EXPECT_EQ(loop.RunOnce(), 0);
  clock.Advance(1);
  EXPECT_EQ(loop.RunOnce(), 1);
  EXPECT_EQ(checks, 2);
  clock.Advance(59999);
  EXPECT_EQ(loop.RunOnce(), 0);
  clock.Advance(1);  // 60 s: the maximum, not the day the venue asked for
  EXPECT_EQ(loop.RunOnce(), 1);
  EXPECT_EQ(checks, 3);
  clock.Advance(1000);  // no wait asked: the interval again
  EXPECT_EQ(loop.RunOnce(), 1);
}

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
                  **store, clock, [&](const store::Monitor& m, const CheckLease&) {
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
                    return CheckOutcome{};
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
                  **store, clock, [&](const store::Monitor& m, const CheckLease&) {
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
                    return CheckOutcome{};
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

// A backlog is claimed in batches, not one claiming transaction per freed thread: the first claim
// leases twice the pool (the checks start while the next batch is already held), and 200 due
// monitors on 4 threads take at most 200 / 4 claims (plus the last, empty ones).
TEST(WorkerLoop, ABacklogIsClaimedInBatchesOfAPoolAtLeast) {
  testing::TempDir dir;
  auto store = store::OpenStore("sqlite://" + dir.File("w.db"));
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->Migrate().ok());
  auto user = (*store)->users().Create("a@x.io", "h", 0);
  constexpr int kMonitors = 200, kThreads = 4;
  for (int i = 0; i < kMonitors; ++i) {
    store::Connection c;
    c.user_id = user->id;
    c.label = "c" + std::to_string(i);
    ASSERT_TRUE((*store)->connections().Create(c, 1000).ok());
  }
  auto& claims = metrics::Default().Counter("baro_worker_claims_total", "");
  const double claims_before = claims.With().Value();
  ManualClock clock(1000);
  std::mutex mu;
  std::condition_variable cv;
  int done = 0;
  int leased_at_first_check = -1;
  WorkerLoop loop({.owner = "w1",
                   .threads = kThreads,
                   .lease_ms = 600000,
                   .tick_ms = 10,
                   .schedule = {.interval_ms = 3'600'000, .jitter = 0}},
                  **store, clock, [&](const store::Monitor&, const CheckLease&) {
                    std::lock_guard lock(mu);
                    if (leased_at_first_check < 0) {  // no check has returned yet
                      leased_at_first_check = 0;
                      const auto monitors = (*store)->monitors().ListForUser(user->id);
                      for (const auto& m : *monitors)
                        leased_at_first_check += m.lease_owner == "w1";
                    }
                    ++done;
                    cv.notify_all();
                    return CheckOutcome{};
                  });
  loop.Start();
  {
    std::unique_lock lock(mu);
    cv.wait_for(lock, std::chrono::seconds(30), [&] { return done == kMonitors; });
  }
  loop.Stop();
  ASSERT_EQ(done, kMonitors);
  EXPECT_EQ(leased_at_first_check, 2 * kThreads);
  EXPECT_LE(claims.With().Value() - claims_before, kMonitors / kThreads + 5);
}

}  // namespace
}  // namespace baro::worker
