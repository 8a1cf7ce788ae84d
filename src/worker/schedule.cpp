#include "worker/schedule.h"

#include <cmath>

namespace baro::worker {

std::int64_t Scheduler::NextDue(std::int64_t now) {
  const double interval = static_cast<double>(options_.interval_ms);
  std::uniform_real_distribution<double> spread(-options_.jitter, options_.jitter);
  return now + static_cast<std::int64_t>(std::llround(interval * (1.0 + spread(rng_))));
}

}  // namespace baro::worker
