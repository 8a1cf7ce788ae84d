#include "worker/tick_assessor.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "core/position_key.h"
#include "log/logger.h"
#include "metrics/loop_guard.h"
#include "metrics/metrics.h"
#include "worker/assess.h"
#include "worker/observe.h"

namespace baro::worker {
namespace {

metrics::Family& Reassessments() {
  static auto& c = metrics::Default().Counter(
      "baro_tick_reassessments_total",
      "Re-assessments on a streamed mark change, by result (quiet: nothing would change, "
      "nothing written; committed; leased: a check or another worker held the monitor; "
      "failed).",
      {"result"});
  return c;
}

// Prices the positions of `o` in the streamed pairs at their new marks, and moves each cross
// account's equity by the change in its positions' uPnL (the wallet itself does not move).
// Each repriced position records when its mark was received (Position::mark_streamed_at_ms).
template <typename Marks>
void ApplyMarks(Observation& o, const Marks& marks) {
  for (auto& op : o.positions) {
    Position& p = op.position;
    auto it = marks.find({p.venue, p.symbol});
    if (it == marks.end() || it->second.mark <= 0) continue;
    p.mark_streamed_at_ms = it->second.received_ms;
    if (it->second.mark == p.mark_price) continue;
    const double before = Sign(p.side) * p.size * (p.mark_price - p.entry_price);
    p.mark_price = it->second.mark;
    p.notional = p.size * p.mark_price;
    p.unrealized_pnl = Sign(p.side) * p.size * (p.mark_price - p.entry_price);
    if (p.margin_mode != MarginMode::kCross) continue;
    Account* account = nullptr;
    if (p.margin_account.empty()) {
      if (o.account) account = &*o.account;
    } else {
      for (auto& a : o.other_accounts) {
        if (a.name == p.margin_account) account = &a;
      }
    }
    if (account != nullptr) account->equity += p.unrealized_pnl - before;
  }
}

// The stored policy state of each position's signals in `o` (absent: the initial state).
std::vector<std::array<risk::AlertState, 3>> ParseStates(const Observation& o) {
  static_assert(std::size(risk::kAllSignals) == 3);
  std::map<std::string_view, const store::AlertState*> by_key;
  for (const auto& s : o.states) by_key.emplace(s.key, &s);
  std::vector<std::array<risk::AlertState, 3>> out(o.positions.size());
  for (std::size_t i = 0; i < o.positions.size(); ++i) {
    for (std::size_t k = 0; k < 3; ++k) {
      const std::string key = StateKey(o.positions[i].key, risk::ToString(risk::kAllSignals[k]));
      auto it = by_key.find(key);
      if (it == by_key.end()) continue;
      if (auto parsed = risk::AlertState::FromJson(it->second->state_json)) out[i][k] = *parsed;
    }
  }
  return out;
}

// `stored` with the states of `committed` written over it, by key.
std::vector<store::AlertState> Merged(std::vector<store::AlertState> stored,
                                      const std::vector<store::AlertState>& committed) {
  for (const auto& c : committed) {
    auto it = std::find_if(stored.begin(), stored.end(),
                           [&](const store::AlertState& s) { return s.key == c.key; });
    if (it != stored.end()) {
      it->state_json = c.state_json;
    } else {
      stored.push_back(c);
    }
  }
  return stored;
}

}  // namespace

TickAssessor::TickAssessor(TickOptions options, store::Store& store, const Clock& clock)
    : options_(std::move(options)), store_(store), clock_(clock) {}

TickAssessor::~TickAssessor() {
  Stop();
}

void TickAssessor::Index(store::Id monitor_id, const Observation& o, bool add) {
  for (const auto& op : o.positions) {
    const Pair pair{op.position.venue, op.position.symbol};
    if (add) {
      auto [it, added] = by_pair_.try_emplace(pair);
      pairs_changed_ = pairs_changed_ || added;
      it->second.insert(monitor_id);
      continue;
    }
    auto it = by_pair_.find(pair);
    if (it == by_pair_.end()) continue;
    it->second.erase(monitor_id);
    if (it->second.empty()) {
      by_pair_.erase(it);
      marks_.erase(pair);
      pairs_changed_ = true;
    }
  }
}

void TickAssessor::Remember(const Observation& observation) {
  const store::Id id = observation.monitor.id;
  if (observation.error) {
    Forget(id);
    return;
  }
  std::lock_guard lock(mu_);
  auto it = kept_.find(id);
  if (it != kept_.end()) {
    Index(id, it->second.observation, /*add=*/false);
    it->second.observation = observation;
    it->second.states_current = false;
    it->second.generation = ++generation_;
    recent_.splice(recent_.begin(), recent_, it->second.recent);
  } else {
    recent_.push_front(id);
    it = kept_.emplace(id, Kept{observation, {}, false, ++generation_, 0, recent_.begin()}).first;
  }
  Index(id, it->second.observation, /*add=*/true);
  while (kept_.size() > options_.max_monitors && !recent_.empty()) {
    const store::Id oldest = recent_.back();
    auto old = kept_.find(oldest);
    Index(oldest, old->second.observation, /*add=*/false);
    kept_.erase(old);
    queued_.erase(oldest);
    recent_.pop_back();
  }
}

void TickAssessor::Forget(store::Id monitor_id) {
  std::lock_guard lock(mu_);
  auto it = kept_.find(monitor_id);
  if (it == kept_.end()) return;
  Index(monitor_id, it->second.observation, /*add=*/false);
  recent_.erase(it->second.recent);
  kept_.erase(it);
  queued_.erase(monitor_id);
}

std::set<std::pair<Venue, std::string>> TickAssessor::Symbols() const {
  std::lock_guard lock(mu_);
  std::set<Pair> out;
  for (const auto& [pair, monitors] : by_pair_) out.insert(pair);
  return out;
}

std::size_t TickAssessor::size() const {
  std::lock_guard lock(mu_);
  return kept_.size();
}

void TickAssessor::OnMark(Venue venue, const std::string& symbol, double mark,
                          std::int64_t received_ms) {
  bool wake = false;
  {
    std::lock_guard lock(mu_);
    auto it = by_pair_.find({venue, symbol});
    if (it == by_pair_.end()) return;
    marks_[it->first] = StreamedMark{mark, received_ms};
    const std::int64_t now = clock_.NowMs();
    for (store::Id id : it->second) {
      if (!queued_.insert(id).second) continue;  // already queued: it will use the latest mark
      auto kept = kept_.find(id);
      const std::int64_t due =
          kept == kept_.end() ? now : kept->second.last_assessed_ms + options_.min_interval_ms;
      if (due <= now) {
        ready_.push_back(id);
        wake = true;
      } else {
        folded_.emplace(due, id);  // folded into the re-assessment after its interval
      }
    }
  }
  if (wake) wake_.notify_one();
}

bool TickAssessor::Quiet(const Observation& o, const PolicyStates& states, std::int64_t now) const {
  const auto assessed = AssessAll(o, options_.defaults);
  for (std::size_t i = 0; i < assessed.size() && i < states.size(); ++i) {
    for (std::size_t k = 0; k < states[i].size(); ++k) {
      const auto d = risk::Decide(risk::kAllSignals[k], states[i][k], assessed[i].risk,
                                  assessed[i].thresholds, now);
      if (d.event || !(d.state == states[i][k])) return false;
    }
  }
  return true;
}

void TickAssessor::KeepStates(store::Id monitor_id, std::uint64_t generation,
                              const Observation& o) {
  PolicyStates parsed = ParseStates(o);
  std::lock_guard lock(mu_);
  auto it = kept_.find(monitor_id);
  if (it == kept_.end() || it->second.generation != generation) return;
  it->second.observation.states = o.states;
  it->second.observation.chats = o.chats;
  it->second.states = std::move(parsed);
  it->second.states_current = true;
}

bool TickAssessor::Reassess(store::Id monitor_id, std::int64_t now) {
  Observation o;
  PolicyStates states;
  bool states_current = false;
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(mu_);
    auto it = kept_.find(monitor_id);
    queued_.erase(monitor_id);  // a mark from now on queues it again
    if (it == kept_.end()) return false;
    it->second.last_assessed_ms = now;
    o = it->second.observation;
    states = it->second.states;
    states_current = it->second.states_current;
    generation = it->second.generation;
    ApplyMarks(o, marks_);
  }
  if (!states_current) {
    // The first tick after a check: the states that check committed.
    if (auto st = ReadStored(store_, o); !st) {
      Reassessments().With({"failed"}).Add();
      return false;
    }
    states = ParseStates(o);
    KeepStates(monitor_id, generation, o);
  }
  if (Quiet(o, states, now)) {
    Reassessments().With({"quiet"}).Add();
    return false;
  }
  auto lease = store_.monitors().TryLease(monitor_id, options_.owner, now, options_.lease_ms);
  if (!lease) {
    Reassessments().With({lease.error().code == ErrorCode::kConflict ? "leased" : "failed"}).Add();
    if (lease.error().code == ErrorCode::kNotFound) Forget(monitor_id);
    return false;
  }
  auto release = [&] {
    (void)store_.monitors().Complete(monitor_id, options_.owner, lease->next_due_at);
  };
  o.monitor = *lease;
  if (auto st = ReadStored(store_, o); !st) {
    Reassessments().With({"failed"}).Add();
    release();
    return false;
  }
  store::CheckCommit commit = Decide(o, AssessAll(o, options_.defaults), options_.decide, now);
  commit.health.reset();  // nothing was read from the venue
  commit.complete = store::MonitorCompletion{monitor_id, options_.owner, lease->next_due_at};
  if (auto st = store_.CommitCheck(commit); !st) {
    Reassessments().With({"failed"}).Add();
    log::Warn("worker.tick_commit_failed",
              {{"monitor_id", std::to_string(monitor_id)}, {"error", st.error().message}});
    release();
    return false;
  }
  Reassessments().With({"committed"}).Add();
  o.states = Merged(std::move(o.states), commit.outcome.states);
  KeepStates(monitor_id, generation, o);
  return true;
}

int TickAssessor::RunOnce() {
  const std::int64_t now = clock_.NowMs();
  std::vector<store::Id> ready;
  {
    std::lock_guard lock(mu_);
    while (!folded_.empty() && folded_.begin()->first <= now) {
      ready_.push_back(folded_.begin()->second);
      folded_.erase(folded_.begin());
    }
    ready.assign(ready_.begin(), ready_.end());
    ready_.clear();
  }
  int committed = 0;
  for (store::Id id : ready) {
    metrics::RunGuarded("tick", [&] { committed += Reassess(id, now) ? 1 : 0; });
  }
  return committed;
}

void TickAssessor::Start() {
  std::lock_guard lock(mu_);
  if (running_) return;
  running_ = true;
  thread_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (running_) {
      // Woken by a mark change for a monitor that is due, or when the first folded one is.
      std::int64_t wait_ms = std::max<std::int64_t>(50, options_.min_interval_ms);
      if (!folded_.empty()) {
        wait_ms = std::clamp<std::int64_t>(folded_.begin()->first - clock_.NowMs(), 0, wait_ms);
      }
      if (wait_ms > 0) {
        wake_.wait_for(lock, std::chrono::milliseconds(wait_ms),
                       [this] { return !running_ || !ready_.empty(); });
      }
      if (!running_) break;
      const bool changed = std::exchange(pairs_changed_, false);
      lock.unlock();
      if (changed && options_.watch) {
        metrics::RunGuarded("tick", [&] { options_.watch(Symbols()); });
      }
      RunOnce();
      lock.lock();
    }
  });
}

void TickAssessor::Stop() {
  {
    std::lock_guard lock(mu_);
    if (!running_) return;
    running_ = false;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace baro::worker
