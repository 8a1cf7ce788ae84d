// When the next check of a monitor is due: the check interval spread by a random jitter, so that
// monitors created together drift apart and checks are spread evenly over the interval instead of
// arriving in bursts.
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>

namespace baro::worker {

struct ScheduleOptions {
  std::int64_t interval_ms = 150'000;  // worker.check_interval_s
  double jitter = 0.2;                 // worker.check_jitter: +-fraction of the interval
};

// What a check tells the schedule besides that it ran: the earliest time (Unix ms) its monitor may
// be checked again, 0 for none. A venue that limits by account and answered 429 with a wait
// (Retry-After, or its own reset field) defers that account's monitor until then.
struct CheckOutcome {
  std::int64_t not_before_ms = 0;
  // The check rescheduled its monitor itself, in the transaction that wrote its outcome
  // (store::CheckCommit::complete), so the loop has nothing left to do for it.
  bool completed = false;
};

// What the loop tells a check about the monitor it holds: when it started, the lease owner it
// commits under, and when the schedule wants the monitor next.
struct CheckLease {
  std::int64_t now = 0;
  std::string owner;
  std::int64_t next_due_at = 0;         // the schedule's next time (interval and jitter) from `now`
  std::int64_t max_defer_ms = 600'000;  // how far a venue's wait may push it past next_due_at

  // The next due time given the venue's "not before" (0 for none).
  std::int64_t NextDue(std::int64_t not_before_ms) const {
    return std::max(next_due_at, std::min(not_before_ms, now + max_defer_ms));
  }
};

class Scheduler {
 public:
  explicit Scheduler(ScheduleOptions options, std::uint64_t seed = std::random_device{}())
      : options_(options), rng_(seed) {}

  // A time uniformly distributed in [now + interval*(1-j), now + interval*(1+j)].
  std::int64_t NextDue(std::int64_t now);
  const ScheduleOptions& options() const { return options_; }

 private:
  ScheduleOptions options_;
  std::mt19937_64 rng_;
};

}  // namespace baro::worker
