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
  // Wall time of one check (read, assess, commit), in seconds; the soak driver reads its p50/p99
  // from these buckets (docs/performance.md).
  static auto& duration = metrics::Default().Histogram(
      "baro_check_duration_seconds", "Wall time of one monitor check, read to commit.",
      {std::begin(kCheckDurationBounds), std::end(kCheckDurationBounds)});
  const std::int64_t now = clock_.NowMs();
  const auto started = std::chrono::steady_clock::now();
  CheckLease lease{.now = now, .owner = options_.owner, .max_defer_ms = options_.max_defer_ms};
  {
    std::lock_guard lock(scheduler_mu_);
    lease.next_due_at = scheduler_.NextDue(now);
  }
  // A check that throws is logged and counted; the monitor is still rescheduled below, so one bad
  // monitor neither stops this thread nor stays leased until the lease runs out.
  CheckOutcome outcome;
  if (metrics::RunGuarded("worker", [&] { outcome = check_(monitor, lease); })) checks.With().Add();
  duration.Observe(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  if (outcome.completed) return;  // rescheduled with the check's own writes
  // The venue's wait, if it asked for one, bounded by worker.max_defer_s.
  const std::int64_t next = lease.NextDue(outcome.not_before_ms);
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
    threads_.emplace_back([this] { RunChecks(); });
  }
  threads_.emplace_back([this] { RunClaims(); });
}

// One thread claims for all, in batches: it keeps up to twice as many monitors claimed as there are
// check threads (queued plus being checked), and claims again once at least a pool's worth of
// places is free, so a backlog costs one claiming transaction per `threads` checks, not one per
// check (a single claiming transaction per freed thread would make the claims, serialized on the
// store, the limit of the whole worker). When nothing more is due it waits for the next tick.
void WorkerLoop::RunClaims() {
  static auto& claims = metrics::Default().Counter(
      "baro_worker_claims_total", "Claiming transactions the worker ran (each leases a batch).");
  const int threads = std::max(1, options_.threads);
  const int window = 2 * threads;
  while (running_) {
    int wanted;
    {
      std::unique_lock lock(queue_mu_);
      queue_cv_.wait(lock, [&] { return !running_ || in_flight_ <= window - threads; });
      if (!running_) break;
      wanted = window - in_flight_;
    }
    std::size_t got = 0;
    metrics::RunGuarded("worker", [&] {
      claims.With().Add();
      auto due =
          store_.monitors().ClaimDue(options_.owner, clock_.NowMs(), wanted, options_.lease_ms);
      if (!due) {
        log::Warn("worker.claim_failed", {{"error", due.error().message}});
        return;
      }
      got = due->size();
      if (got == 0) return;
      std::lock_guard lock(queue_mu_);
      for (auto& m : *due) queue_.push_back(std::move(m));
      in_flight_ += static_cast<int>(got);
    });
    if (got > 0) queue_cv_.notify_all();
    if (static_cast<int>(got) == wanted) continue;  // more may be due: claim as threads free up
    std::unique_lock lock(wait_mu_);
    wake_.wait_for(lock, std::chrono::milliseconds(options_.tick_ms), [this] { return !running_; });
  }
}

void WorkerLoop::RunChecks() {
  for (;;) {
    store::Monitor monitor;
    {
      std::unique_lock lock(queue_mu_);
      queue_cv_.wait(lock, [this] { return !running_ || !queue_.empty(); });
      if (!running_) return;
      monitor = std::move(queue_.front());
      queue_.pop_front();
    }
    metrics::RunGuarded("worker", [&] { Process(monitor); });
    {
      std::lock_guard lock(queue_mu_);
      --in_flight_;
    }
    queue_cv_.notify_all();
  }
}

void WorkerLoop::Stop() {
  if (!running_.exchange(false)) return;
  {
    std::lock_guard lock(queue_mu_);  // no thread misses the change between its check and wait
  }
  queue_cv_.notify_all();
  { std::lock_guard lock(wait_mu_); }
  wake_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
  // Claimed but not checked: handed back due now, so a restart or another worker takes them at
  // once instead of after worker.lease_s.
  const std::int64_t now = clock_.NowMs();
  for (const auto& m : queue_) (void)store_.monitors().Complete(m.id, options_.owner, now);
  queue_.clear();
  in_flight_ = 0;
}

}  // namespace baro::worker
