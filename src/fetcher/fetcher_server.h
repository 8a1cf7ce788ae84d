// The fetcher's socket server: accepts connections on a Unix socket (mode 0600), reads one framed
// JSON request at a time, refuses unknown operations, and hands known ones to a handler. It is the
// only process that holds decrypt capability (see docs/security.md).
#pragma once

#include <atomic>
#include <boost/json/value.hpp>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"

namespace baro::fetcher {

using OperationHandler = std::function<Result<boost::json::value>(
    std::string_view op, const boost::json::object& request)>;

class FetcherServer {
 public:
  FetcherServer(std::string socket_path, OperationHandler handler);
  ~FetcherServer();
  Status Start();
  void Stop();
  const std::string& socket_path() const { return path_; }

 private:
  void AcceptLoop();
  void Serve(int fd);
  std::string path_;
  OperationHandler handler_;
  int listen_fd_ = -1;
  std::atomic<bool> running_{false};
  std::thread acceptor_;
  std::mutex mu_;
  std::vector<std::thread> sessions_;
  std::vector<int> session_fds_;
};

}  // namespace baro::fetcher
