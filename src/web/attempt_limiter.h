// Limits attempts per key (an email, a client address) within a sliding window: at most
// `max_attempts` per `window_ms`. Checking and recording are one step under one lock, so parallel
// requests cannot all pass a check before any of them is recorded. In memory, per API process:
// with several API processes each enforces its own share.
//
// Memory is bounded: at most `max_keys` keys are remembered. Expired ones are dropped first; when
// every remembered key is still within its window, a new key is refused (as if limited) rather
// than letting the table grow.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace baro::web {

class AttemptLimiter {
 public:
  AttemptLimiter(int max_attempts, std::int64_t window_ms, std::size_t max_keys = 100000)
      : max_attempts_(max_attempts), window_ms_(window_ms), max_keys_(max_keys) {}

  // Records one attempt on every key, unless one of them is at its limit: then records nothing
  // and returns how long to wait (ms). 0: recorded, go ahead.
  std::int64_t TryAcquire(const std::vector<std::string>& keys, std::int64_t now);
  // Forgets the newest attempt of `key` (e.g. a log-in that succeeded).
  void Forget(const std::string& key);
  void Reset(const std::string& key);
  std::size_t keys() const;

 private:
  void Prune(std::int64_t now);
  int max_attempts_;
  std::int64_t window_ms_;
  std::size_t max_keys_;
  mutable std::mutex mu_;
  std::map<std::string, std::deque<std::int64_t>> attempts_;
};

}  // namespace baro::web
