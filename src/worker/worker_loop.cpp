#include "worker/worker_loop.h"

#include <chrono>

#include "log/logger.h"
#include "metrics/loop_guard.h"
#include "metrics/metrics.h"

namespace baro::worker {

WorkerLoop::WorkerLoop(WorkerOptions options, store::Store& store, const Clock& clock,
                       CheckFunction check)
    : options_(std::move(options)),
      store_(store),
      clock_(clock),
      check_(std::move(check)),
      scheduler_(options_.schedule) {}

WorkerLoop::~WorkerLoop() {
  Stop();
}

void WorkerLoop::Process(const store::Monitor& monitor) {
  static auto& checks = metrics::Default().Counter("baro_checks_total", "Monitor checks run.");
  // Wall time of one check (read, assess, commit), in seconds; docs/performance.md reads its
  // p50/p99 from these buckets.
  static auto& duration = metrics::Default().Histogram(
      "baro_check_duration_seconds", "Wall time of one monitor check, read to commit.",
      {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60});
  const std::int64_t now = clock_.NowMs();
  const auto started = std::chrono::steady_clock::now();
  // A check that throws is logged and counted; the monitor is still rescheduled below, so one bad
  // monitor neither stops this thread nor stays leased until the lease runs out.
  if (metrics::RunGuarded("worker", [&] { check_(monitor, now); })) checks.With().Add();
  duration.Observe(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  std::int64_t next;
  {
    std::lock_guard lock(scheduler_mu_);
    next = scheduler_.NextDue(clock_.NowMs());
  }
  if (auto st = store_.monitors().Complete(monitor.id, options_.owner, next); !st) {
    // The lease ran out and another worker took the monitor over: it will schedule it.
    log::Warn("worker.complete_failed",
              {{"monitor_id", std::to_string(monitor.id)}, {"error", st.error().message}});
  }
}

int WorkerLoop::RunOnce() {
  auto due = store_.monitors().ClaimDue(options_.owner, clock_.NowMs(), options_.threads * 4,
                                        options_.lease_ms);
  if (!due) {
    log::Warn("worker.claim_failed", {{"error", due.error().message}});
    return 0;
  }
  for (const auto& m : *due) Process(m);
  return static_cast<int>(due->size());
}

void WorkerLoop::Start() {
  running_ = true;
  for (int i = 0; i < std::max(1, options_.threads); ++i) {
    threads_.emplace_back([this] {
      while (running_) {
        // Claim one monitor at a time per thread, so a slow venue holds up only its own thread.
        bool worked = false;
        metrics::RunGuarded("worker", [&] {
          auto due =
              store_.monitors().ClaimDue(options_.owner, clock_.NowMs(), 1, options_.lease_ms);
          if (due && !due->empty()) {
            worked = true;
            Process(due->front());
          }
        });
        if (worked) continue;
        std::unique_lock lock(wait_mu_);
        wake_.wait_for(lock, std::chrono::milliseconds(options_.tick_ms),
                       [this] { return !running_; });
      }
    });
  }
}

void WorkerLoop::Stop() {
  if (!running_.exchange(false)) return;
  wake_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

}  // namespace baro::worker
