// Limits failed log-in attempts per email and per client address within a sliding window
// (auth.login_max_attempts per auth.login_window_s). In memory, per API process: with several API
// processes each enforces its own share.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace baro::web {

class LoginLimiter {
 public:
  LoginLimiter(int max_attempts, std::int64_t window_ms)
      : max_attempts_(max_attempts), window_ms_(window_ms) {}

  // How long the key must wait (0 = may try now).
  std::int64_t RetryAfterMs(const std::string& key, std::int64_t now);
  void RecordFailure(const std::string& key, std::int64_t now);
  void Reset(const std::string& key);

 private:
  int max_attempts_;
  std::int64_t window_ms_;
  std::mutex mu_;
  std::map<std::string, std::deque<std::int64_t>> failures_;
};

}  // namespace baro::web
