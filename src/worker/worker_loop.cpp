#include "worker/worker_loop.h"

#include <algorithm>
#include <chrono>
#include <iterator>

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
  const std::int64_t now = clock_.NowMs();
  // A check that throws is logged and counted; the monitor is still rescheduled below, so one bad
  // monitor neither stops this thread nor stays leased until the lease runs out.
  static auto& duration = metrics::Default().Histogram(
      "baro_check_duration_seconds", "How long one check of a monitor took.",
      {std::begin(kCheckDurationBounds), std::end(kCheckDurationBounds)});
  CheckOutcome outcome;
  const auto started = std::chrono::steady_clock::now();
  if (metrics::RunGuarded("worker", [&] { outcome = check_(monitor, now); })) checks.With().Add();
  duration.Observe(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  const std::int64_t done = clock_.NowMs();
  std::int64_t next;
  {
    std::lock_guard lock(scheduler_mu_);
    next = scheduler_.NextDue(done);
  }
  // The venue's wait, if it asked for one, bounded by worker.max_defer_s.
  next = std::max(next, std::min(outcome.not_before_ms, done + options_.max_defer_ms));
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
