// FakeHttpServer: the loopback HTTP server every fake (venues, Telegram) answers on, with a fault
// switch in front of it. Requests reach the fake's handler (a net::HttpServer behind a small
// HTTP/1.1 relay) until a fault is armed; then the next requests get that fault on the wire:
//  - kServerError:     a 5xx status (default 503), with Retry-After when retry_after_s is set;
//  - kTooManyRequests: 429 (RFC 6585 §4), with or without Retry-After;
//  - kBanned:          418, Binance's "IP auto-banned" answer (developers.binance.com, USD-M
//                      "General Info": HTTP 418 after repeated 429s), with or without Retry-After;
//  - kMalformedJson:   200 with a JSON body cut in the middle;
//  - kTruncatedBody:   the fake's real answer with its full Content-Length but only half the body,
//                      then the connection closes (RFC 9112 §6.3: an incomplete message);
//  - kResetConnection: the connection is reset (TCP RST) before any answer;
//  - kHang:            no answer until the fault is cleared or the server stops.
// The relay speaks just what the fakes need: requests and answers framed by Content-Length
// (RFC 9112 §6), keep-alive, no chunked bodies.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"
#include "net/http_server.h"

namespace baro::fakes {

enum class Fault {
  kServerError,
  kTooManyRequests,
  kBanned,
  kMalformedJson,
  kTruncatedBody,
  kResetConnection,
  kHang
};

struct FaultPlan {
  Fault fault = Fault::kServerError;
  int status = 0;                    // kServerError only: 500..599 (0: 503)
  std::optional<int> retry_after_s;  // sent as Retry-After on status faults when set
  std::string body;                  // status faults: the body (default: a JSON error object)
  int times = 1;                     // requests that get it; -1: every request until Clear()
};

// Shared by a fake and its relay; safe to use from any thread.
class FaultSwitch {
 public:
  void Arm(FaultPlan plan);
  void Clear();  // also releases hanging connections
  int faulted() const;
  // When each faulted request came (steady clock), in order.
  std::vector<std::chrono::steady_clock::time_point> fault_times() const;
  // The relay's side: the fault for the next request, if one is armed (counts it).
  std::optional<FaultPlan> Take();
  // Blocks a hanging connection until the plan changes (Arm, Clear) or `running` turns false.
  void WaitWhileHanging(const std::atomic<bool>& running);

 private:
  mutable std::mutex mu_;
  std::condition_variable cleared_;
  std::optional<FaultPlan> plan_;
  std::uint64_t generation_ = 0;
  int faulted_ = 0;
  std::vector<std::chrono::steady_clock::time_point> fault_times_;
};

class FakeHttpServer {
 public:
  // `handler_blocks`: the handler may wait (a long poll), so it keeps the server's handler pool
  // even when served without the relay.
  FakeHttpServer(net::HttpServerOptions options, net::HttpHandler handler,
                 bool handler_blocks = false);
  ~FakeHttpServer();  // stops
  FakeHttpServer(const FakeHttpServer&) = delete;
  FakeHttpServer& operator=(const FakeHttpServer&) = delete;

  Status Start();
  void Stop();
  std::uint16_t port() const;
  std::string BaseUrl() const;  // the relay's address: what clients use
  FaultSwitch& faults() { return *faults_; }

  // For load drivers that arm no faults (bench/soak): servers made afterwards are reached
  // directly, without the relay's thread and second HTTP hop, and handlers that never block run
  // on the I/O threads (net::HttpServerOptions::handlers_on_io_threads); faults() then has no
  // effect.
  static void ServeWithoutRelay(bool on);

 private:
  void AcceptLoop();
  void Serve(int client);
  void ReapFinished();

  struct Session {
    std::thread thread;
    std::atomic<bool> done{false};
    int fd = -1;
  };
  bool direct_ = false;  // made while ServeWithoutRelay(true): no relay
  std::unique_ptr<net::HttpServer> inner_;
  std::shared_ptr<FaultSwitch> faults_ = std::make_shared<FaultSwitch>();
  std::string address_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> running_{false};
  std::thread acceptor_;
  std::mutex mu_;
  std::list<Session> sessions_;
};

}  // namespace baro::fakes
