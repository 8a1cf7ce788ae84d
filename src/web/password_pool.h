// Password hashing and verification (argon2id, 64 MiB each at the interactive cost) on a small pool
// of threads of their own, so that a burst of sign-ups or log-ins cannot occupy the threads that
// answer every other request. At most `threads` jobs run at once and at most `queue` more wait;
// beyond that a job is refused at once (kUnavailable, retry_after_ms set) rather than queued
// without bound.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"
#include "web/passwords.h"

namespace baro::web {

class PasswordPool {
 public:
  PasswordPool(int threads, int queue, PasswordHashCost cost);
  ~PasswordPool();
  PasswordPool(const PasswordPool&) = delete;
  PasswordPool& operator=(const PasswordPool&) = delete;

  Result<std::string> Hash(std::string_view password);
  // Verifies against `encoded_hash`; with nullopt (no such account) verifies against a dummy hash
  // of the same cost, so that the answer takes as long either way.
  Result<bool> Verify(const std::optional<std::string>& encoded_hash, std::string_view password);

 private:
  Status Run(const std::function<void()>& job);
  const std::string& DummyHash();

  PasswordHashCost cost_;
  int queue_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>*> jobs_;
  int busy_ = 0;  // jobs running on a thread
  bool stop_ = false;
  std::vector<std::thread> threads_;
  std::once_flag dummy_once_;
  std::string dummy_hash_;
};

}  // namespace baro::web
