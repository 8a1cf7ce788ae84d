#include "worker/tick_assessor.h"

#include <chrono>
#include <utility>

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
      "Re-assessments on a streamed mark change, by result (committed; leased: a check or "
      "another worker held the monitor; failed).",
      {"result"});
  return c;
}

// Prices the positions of `o` in the streamed pairs at their new marks, and moves each cross
// account's equity by the change in its positions' uPnL (the wallet itself does not move).
void ApplyMarks(Observation& o, const std::map<std::pair<Venue, std::string>, double>& marks) {
  for (auto& op : o.positions) {
    Position& p = op.position;
    auto it = marks.find({p.venue, p.symbol});
    if (it == marks.end() || it->second <= 0 || it->second == p.mark_price) continue;
    const double before = Sign(p.side) * p.size * (p.mark_price - p.entry_price);
    p.mark_price = it->second;
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
    recent_.splice(recent_.begin(), recent_, it->second.recent);
  } else {
    recent_.push_front(id);
    it = kept_.emplace(id, Kept{observation, 0, recent_.begin()}).first;
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

void TickAssessor::OnMark(Venue venue, const std::string& symbol, double mark, std::int64_t) {
  {
    std::lock_guard lock(mu_);
    auto it = by_pair_.find({venue, symbol});
    if (it == by_pair_.end()) return;
    marks_[it->first] = mark;
    queued_.insert(it->second.begin(), it->second.end());
  }
  wake_.notify_one();
}

bool TickAssessor::Reassess(store::Id monitor_id, std::int64_t now) {
  Observation o;
  {
    std::lock_guard lock(mu_);
    auto it = kept_.find(monitor_id);
    if (it == kept_.end()) return false;
    it->second.last_assessed_ms = now;
    o = it->second.observation;
    ApplyMarks(o, marks_);
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
  return true;
}

int TickAssessor::RunOnce() {
  const std::int64_t now = clock_.NowMs();
  std::vector<store::Id> ready;
  {
    std::lock_guard lock(mu_);
    for (auto it = queued_.begin(); it != queued_.end();) {
      auto kept = kept_.find(*it);
      if (kept == kept_.end()) {
        it = queued_.erase(it);
      } else if (kept->second.last_assessed_ms + options_.min_interval_ms <= now) {
        ready.push_back(*it);
        it = queued_.erase(it);
      } else {
        ++it;  // folded into the re-assessment after its interval
      }
    }
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
      wake_.wait_for(
          lock, std::chrono::milliseconds(std::max<std::int64_t>(50, options_.min_interval_ms)),
          [this] { return !running_ || !queued_.empty(); });
      if (!running_) break;
      const bool changed = std::exchange(pairs_changed_, false);
      lock.unlock();
      if (changed && options_.watch) {
        metrics::RunGuarded("tick", [&] { options_.watch(Symbols()); });
      }
      RunOnce();
      lock.lock();
      // Monitors still queued wait out their interval; do not spin on them.
      if (!queued_.empty()) {
        wake_.wait_for(
            lock,
            std::chrono::milliseconds(std::max<std::int64_t>(10, options_.min_interval_ms / 4)),
            [this] { return !running_; });
      }
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
