#include "web/login_limiter.h"

namespace baro::web {

std::int64_t LoginLimiter::RetryAfterMs(const std::string& key, std::int64_t now) {
  std::lock_guard lock(mu_);
  auto it = failures_.find(key);
  if (it == failures_.end()) return 0;
  auto& q = it->second;
  while (!q.empty() && q.front() <= now - window_ms_) q.pop_front();
  if (q.empty()) {
    failures_.erase(it);
    return 0;
  }
  if (static_cast<int>(q.size()) < max_attempts_) return 0;
  return q.front() + window_ms_ - now;
}

void LoginLimiter::RecordFailure(const std::string& key, std::int64_t now) {
  std::lock_guard lock(mu_);
  auto& q = failures_[key];
  q.push_back(now);
  while (static_cast<int>(q.size()) > max_attempts_) q.pop_front();
}

void LoginLimiter::Reset(const std::string& key) {
  std::lock_guard lock(mu_);
  failures_.erase(key);
}

}  // namespace baro::web
