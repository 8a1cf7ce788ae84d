// The last-resort handler of every long-running loop (worker threads, outbox sender, update poller,
// maintenance, fetcher sessions): one unit of work that throws ends only that unit. The exception's
// type and message are logged (messages never carry secrets, see core/result.h) and counted in
// baro_loop_errors_total{loop="..."}; the loop goes on with the next unit.
#pragma once

#include <functional>
#include <string>

namespace baro::metrics {

// Runs `unit`; returns false when it threw.
bool RunGuarded(const std::string& loop, const std::function<void()>& unit);

// How many units of `loop` have thrown in this process so far.
double LoopErrors(const std::string& loop);

// Sets the count of a loop that runs in another process, as that process reported it (the
// fetcher's, from its health answer), so that this process's /metrics shows it too.
void SetLoopErrors(const std::string& loop, double count);

}  // namespace baro::metrics
