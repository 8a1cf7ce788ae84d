// Calls the fetcher over its Unix socket. One request at a time per client; a fresh connection per
// call keeps a crashed or restarted fetcher from poisoning later calls.
#pragma once

#include <boost/json/value.hpp>
#include <chrono>
#include <string>

#include "core/result.h"

namespace baro::fetcher {

class FetcherClient {
 public:
  FetcherClient(std::string socket_path, std::chrono::milliseconds timeout)
      : path_(std::move(socket_path)), timeout_(timeout) {}

  // Sends {"op": op, ...fields}; returns the "result" or the fetcher's error as an Error value.
  Result<boost::json::value> Call(std::string_view op, boost::json::object fields = {}) const;

 private:
  std::string path_;
  std::chrono::milliseconds timeout_;
};

}  // namespace baro::fetcher
