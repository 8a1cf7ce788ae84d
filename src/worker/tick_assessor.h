// TickAssessor: judges watched positions again on every streamed mark change, between their
// scheduled checks (docs/streams.md). It keeps the last observation of each monitor this worker
// checked, at most worker.tick_monitors of them (the least recently checked leave first), indexed
// by the (venue, symbol) pairs their positions hold: exactly what the mark streams should watch.
// A mark change queues the monitors holding that pair. A re-assessment prices the monitor's
// positions in that pair at the new mark with the rest of the observation as last read, and first
// screens it in memory: the alert policy (risk/policy.h) runs on every position and signal against
// the states last known to be stored (read once after each check, then kept from each commit).
// When no state would change and nothing would be announced, the tick writes nothing (a quiet
// tick: no store round trip). Otherwise it takes the monitor's lease (skipped while a check or
// another worker holds it), reads the monitor's alert states and the user's chats again, and
// assesses, decides and commits as a scheduled check does (same levels, hysteresis, cooldowns,
// quiet hours, one message per chat) — but writes no connection health, since nothing was read
// from the venue, and leaves the monitor's next check where it was. A monitor is re-assessed at
// most once per worker.tick_min_interval_ms; marks arriving meanwhile are folded into the next one.
// Positions opened or closed since the last check are seen at the next check, not by ticks.
#pragma once

#include <array>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>

#include "core/clock.h"
#include "risk/policy.h"
#include "risk/thresholds.h"
#include "store/store.h"
#include "worker/decide.h"
#include "worker/observation.h"

namespace baro::worker {

struct TickOptions {
  std::string owner;                    // the worker's lease owner name
  risk::Thresholds defaults;            // as CheckerOptions::defaults
  DecideOptions decide;                 // as the checker's
  std::size_t max_monitors = 20000;     // worker.tick_monitors
  std::int64_t min_interval_ms = 250;   // worker.tick_min_interval_ms
  std::int64_t lease_ms = 30000;        // a re-assessment's lease (worker.lease_s)
  // Told the kept (venue, symbol) pairs whenever they changed, from the assessor's thread, at
  // most once per min_interval_ms: what the mark streams should follow (MarkStreamer::Watch).
  std::function<void(const std::set<std::pair<Venue, std::string>>&)> watch;
};

class TickAssessor {
 public:
  TickAssessor(TickOptions options, store::Store& store, const Clock& clock);
  ~TickAssessor();  // stops

  // After each scheduled check: the observation it judged. A failed read forgets the monitor
  // (there is nothing current to re-assess).
  void Remember(const Observation& observation);
  void Forget(store::Id monitor_id);
  // The (venue, symbol) pairs the kept observations hold.
  std::set<std::pair<Venue, std::string>> Symbols() const;
  std::size_t size() const;

  // A streamed mark change: quick, thread-safe; the monitors holding the pair are queued.
  void OnMark(Venue venue, const std::string& symbol, double mark, std::int64_t received_ms);

  // Re-assesses every queued monitor whose interval has passed, on the calling thread; returns
  // how many were committed. Tests drive it with this; Start runs it on a thread.
  int RunOnce();
  void Start();
  void Stop();

 private:
  // The alert state of each signal of each observed position (risk::kAllSignals' order).
  using PolicyStates = std::vector<std::array<risk::AlertState, 3>>;
  struct Kept {
    Observation observation;
    // Parsed from observation.states once they are known to be the stored ones: after a check
    // they are read again (the check's observation carries the states it started from).
    PolicyStates states;
    bool states_current = false;
    std::uint64_t generation = 0;  // a new check's observation replaces the kept one
    std::int64_t last_assessed_ms = 0;
    std::list<store::Id>::iterator recent;
  };
  using Pair = std::pair<Venue, std::string>;
  void Index(store::Id monitor_id, const Observation& o, bool add);
  bool Reassess(store::Id monitor_id, std::int64_t now);
  // Whether judging `o` on `states` changes no state and announces nothing.
  bool Quiet(const Observation& o, const PolicyStates& states, std::int64_t now) const;
  // Keeps the stored states of `o` for the monitor, unless a newer check replaced it.
  void KeepStates(store::Id monitor_id, std::uint64_t generation, const Observation& o);

  TickOptions options_;
  store::Store& store_;
  const Clock& clock_;
  mutable std::mutex mu_;
  std::unordered_map<store::Id, Kept> kept_;
  std::list<store::Id> recent_;  // most recently checked first
  std::map<Pair, std::set<store::Id>> by_pair_;
  struct StreamedMark {
    double mark = 0;
    std::int64_t received_ms = 0;
  };
  std::map<Pair, StreamedMark> marks_;  // the latest streamed mark of each kept pair
  // Monitors with a mark change not yet judged: each is either ready (due now) or folded (due
  // when its interval has passed). All three are bounded by the kept monitors.
  std::set<store::Id> queued_;
  std::deque<store::Id> ready_;
  std::multimap<std::int64_t, store::Id> folded_;  // by the time it is due
  std::uint64_t generation_ = 0;
  bool pairs_changed_ = false;
  std::condition_variable wake_;
  bool running_ = false;
  std::thread thread_;
};

}  // namespace baro::worker
