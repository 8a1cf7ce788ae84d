// Calls the fetcher over its Unix socket. Safe to share between threads: the client keeps a small,
// bounded pool of persistent connections (`max_connections`; a caller beyond it waits for a free
// one within the timeout) and reuses them call after call. A reused connection the fetcher has
// closed meanwhile (idle timeout, restart) is replaced by a fresh one and the call is sent again
// once; the fetcher's operations only read, so a repeat is harmless.
#pragma once

#include <boost/json/value.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.h"

namespace baro::fetcher {

class FetcherClient {
 public:
  FetcherClient(std::string socket_path, std::chrono::milliseconds timeout,
                int max_connections = 4);
  ~FetcherClient();
  FetcherClient(const FetcherClient&) = delete;
  FetcherClient& operator=(const FetcherClient&) = delete;

  // Sends {"op": op, ...fields}; returns the "result" or the fetcher's error as an Error value.
  Result<boost::json::value> Call(std::string_view op, boost::json::object fields = {}) const;

  std::size_t connections_opened() const;  // for tests: how many connects so far

 private:
  struct Lease {
    int fd = -1;
    bool reused = false;
  };
  Result<Lease> Acquire(std::chrono::steady_clock::time_point deadline) const;
  void Release(int fd, bool keep) const;

  std::string path_;
  std::chrono::milliseconds timeout_;
  int max_connections_;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  mutable std::vector<int> idle_;
  mutable int open_ = 0;
  mutable std::size_t opened_ = 0;
};

}  // namespace baro::fetcher
