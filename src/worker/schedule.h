// When the next check of a monitor is due: the check interval spread by a random jitter, so that
// monitors created together drift apart and checks are spread evenly over the interval instead of
// arriving in bursts.
#pragma once

#include <cstdint>
#include <random>

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
