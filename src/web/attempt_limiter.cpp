#include "web/attempt_limiter.h"

#include <algorithm>
#include <iterator>

namespace baro::web {

void AttemptLimiter::Prune(std::int64_t now) {
  for (auto it = attempts_.begin(); it != attempts_.end();) {
    auto& q = it->second;
    while (!q.empty() && q.front() <= now - window_ms_) q.pop_front();
    it = q.empty() ? attempts_.erase(it) : std::next(it);
  }
}

std::int64_t AttemptLimiter::TryAcquire(const std::vector<std::string>& keys, std::int64_t now) {
  std::lock_guard lock(mu_);
  std::int64_t wait = 0;
  std::size_t new_keys = 0;
  for (const auto& key : keys) {
    auto it = attempts_.find(key);
    if (it == attempts_.end()) {
      ++new_keys;
      continue;
    }
    auto& q = it->second;
    while (!q.empty() && q.front() <= now - window_ms_) q.pop_front();
    if (static_cast<int>(q.size()) >= max_attempts_) {
      wait = std::max(wait, q.front() + window_ms_ - now);
    }
  }
  if (wait > 0) return wait;
  if (attempts_.size() + new_keys > max_keys_) {
    Prune(now);
    if (attempts_.size() + new_keys > max_keys_) return window_ms_;
  }
  for (const auto& key : keys) attempts_[key].push_back(now);
  return 0;
}

void AttemptLimiter::Forget(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = attempts_.find(key);
  if (it == attempts_.end()) return;
  if (!it->second.empty()) it->second.pop_back();
  if (it->second.empty()) attempts_.erase(it);
}

void AttemptLimiter::Reset(const std::string& key) {
  std::lock_guard lock(mu_);
  attempts_.erase(key);
}

std::size_t AttemptLimiter::keys() const {
  std::lock_guard lock(mu_);
  return attempts_.size();
}

}  // namespace baro::web
