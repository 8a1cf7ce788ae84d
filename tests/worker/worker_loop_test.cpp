#include "worker/worker_loop.h"

#include <gtest/gtest.h>

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
