// The fetcher's socket server: accepts connections on a Unix socket (mode 0600), reads one framed
// JSON request at a time, refuses unknown operations, and hands known ones to a handler. It is the
// only process that holds decrypt capability (see docs/security.md).
//
// Resources are fixed for the life of the process: one dispatcher thread watches the listening
// socket and every idle connection (poll), and a fixed pool of `threads` serves the requests that
// arrive. Connections are persistent: a caller sends request after request on one connection.
// At most `max_connections` are open (further ones are closed at once), an idle connection is
// closed after `idle_timeout`, and a request that has begun must arrive whole within
// `receive_timeout`. A handler that throws costs only its request: the caller gets an "internal"
// error, the exception is logged and counted (baro_loop_errors_total{loop="fetcher"}).
#pragma once

#include <atomic>
#include <boost/json/value.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"

namespace baro::fetcher {

using OperationHandler = std::function<Result<boost::json::value>(
    std::string_view op, const boost::json::object& request)>;

struct FetcherServerOptions {
  int threads = 8;                                  // fetcher.threads
  int max_connections = 64;                         // fetcher.max_connections
  std::chrono::milliseconds idle_timeout{60000};    // fetcher.idle_timeout_ms
  std::chrono::milliseconds receive_timeout{5000};  // fetcher.receive_timeout_ms
};

class FetcherServer {
 public:
  FetcherServer(std::string socket_path, OperationHandler handler,
                FetcherServerOptions options = {});
  ~FetcherServer();
  Status Start();
  void Stop();
  const std::string& socket_path() const { return path_; }
  // For tests and metrics: connections accepted so far, and refused for being over the cap.
  std::size_t connections_accepted() const { return accepted_.load(); }
  std::size_t connections_refused() const { return refused_.load(); }
  std::size_t connections_open() const { return open_.load(); }

 private:
  void Dispatch();
  void Work();
  bool ServeOne(int fd);  // one request; false: close the connection
  void Wake();
  void CloseConnection(int fd);

  std::string path_;
  OperationHandler handler_;
  FetcherServerOptions options_;
  int listen_fd_ = -1;
  int wake_fd_ = -1;
  std::atomic<bool> running_{false};
  std::thread dispatcher_;
  std::vector<std::thread> pool_;
  std::mutex mu_;
  std::condition_variable ready_cv_;
  std::deque<int> ready_;      // readable connections waiting for a pool thread
  std::vector<int> returned_;  // served connections going back to the dispatcher
  std::set<int> busy_;         // connections a pool thread is serving
  std::atomic<std::size_t> accepted_{0}, refused_{0}, open_{0};
};

}  // namespace baro::fetcher
