// The worker loop: leases due monitors from the store, checks each on a small pool of threads, and
// schedules the next check. Several worker processes on several machines can share one database:
// leases make sure each monitor is checked by one of them at a time, and a crashed worker's lease
// simply expires (worker.lease_s).
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "store/store.h"
#include "worker/schedule.h"

namespace baro::worker {

struct WorkerOptions {
  std::string owner;  // unique per worker process, e.g. hostname:pid
  int threads = 2;
  std::int64_t lease_ms = 120'000;
  std::int64_t tick_ms = 1000;  // how often to look for due monitors
  ScheduleOptions schedule;
  // The longest a check's "not before" may push its monitor past the next due time
  // (worker.max_defer_s), so a venue's far-off wait never silences a monitor for longer.
  std::int64_t max_defer_ms = 600'000;
};

// Checks one monitor; errors are recorded by the checker itself (connection health), so the loop
// only needs to know that it ran, whether the venue asked to wait, and whether the check already
// rescheduled the monitor in its own commit (CheckOutcome).
using CheckFunction = std::function<CheckOutcome(const store::Monitor&, const CheckLease&)>;

// Upper bounds (seconds) of baro_check_duration_seconds, the histogram of how long one check
// takes from its start to its end (a venue read through the fetcher, the assessment and the
// writes; not the reschedule): from a cached hand-entered check to a read near the request timeout.
inline constexpr double kCheckDurationBounds[] = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

class WorkerLoop {
 public:
  WorkerLoop(WorkerOptions options, store::Store& store, const Clock& clock, CheckFunction check);
  ~WorkerLoop();

  // One pass: claims what is due now, checks it (on the calling thread), completes the leases.
  // Returns how many monitors were checked. Tests drive the loop with this.
  int RunOnce();

  // Background threads: `threads` check threads fed by one claiming thread.
  void Start();
  // Stops claiming, lets each check thread finish its check, and hands monitors claimed but not
  // yet checked back as due now.
  void Stop();

 private:
  void Process(const store::Monitor& monitor);
  void RunClaims();
  void RunChecks();
  WorkerOptions options_;
  store::Store& store_;
  const Clock& clock_;
  CheckFunction check_;
  std::mutex scheduler_mu_;
  Scheduler scheduler_;
  std::atomic<bool> running_{false};
  std::mutex wait_mu_;
  std::condition_variable wake_;
  std::vector<std::thread> threads_;
  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<store::Monitor> queue_;  // claimed, waiting for a check thread: at most 2 x threads
  int in_flight_ = 0;                 // queued plus being checked
};

}  // namespace baro::worker
