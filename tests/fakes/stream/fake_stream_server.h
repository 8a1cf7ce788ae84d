// FakeStreamServer: one venue's public mark-price WebSocket on loopback, over real TLS (the
// client trusts the test certificate only). It speaks the venue's documented protocol
// (fake_stream_protocol.h): greeting, acknowledgements, pongs, pushes to the sessions subscribed
// to a symbol. For KuCoin it also answers the key-less token request POST /api/v1/bullet-public
// (https://www.kucoin.com/docs/websocket/basic-info/apply-connect-token/public-token-no-authentication-required)
// with its own address, and refuses a WebSocket upgrade without a token it issued. Test switches:
// drop every connection, go silent (a stalled feed: requests are still taken, but nothing is
// sent, not even a pong), stop only the marks (pongs still come), send a raw frame.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/result.h"
#include "core/venue.h"

namespace baro::fakes {

class FakeStreamServer {
 public:
  FakeStreamServer(Venue venue, std::string cert_file, std::string key_file);
  ~FakeStreamServer();
  FakeStreamServer(const FakeStreamServer&) = delete;
  FakeStreamServer& operator=(const FakeStreamServer&) = delete;

  Status Start();  // listens on 127.0.0.1, a free port
  void Stop();
  // What a client is configured with: the wss:// stream URL, or for KuCoin the https:// token API.
  std::string Url() const;

  void PushMark(const std::string& symbol, double mark);  // to every session subscribed to it
  // Many marks in one pass of the server's thread (a load driver's tick).
  void PushMarks(const std::vector<std::pair<std::string, double>>& marks);
  void SendRaw(const std::string& text);  // to every session
  void DropAll();                         // closes every connection
  void SetSilent(bool silent);
  // A stalled market feed: pongs and acknowledgements still come, marks do not.
  void SetNoMarks(bool no_marks);

  std::set<std::string> Subscribed() const;  // over the open sessions
  // Every frame a client sent (the latest 10,000), over all sessions: when (steady clock, ms) and
  // whether it subscribed or unsubscribed something (else a ping or an unknown frame).
  struct ClientFrame {
    std::int64_t at_ms = 0;
    bool subscription = false;
  };
  std::vector<ClientFrame> ClientFrames() const;
  int sessions() const { return sessions_.load(); }
  int open_sessions() const { return open_.load(); }
  int token_requests() const { return token_requests_.load(); }
  int pings() const { return pings_.load(); }
  int not_understood() const { return not_understood_.load(); }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::atomic<int> sessions_{0};
  std::atomic<int> open_{0};
  std::atomic<int> token_requests_{0};
  std::atomic<int> pings_{0};
  std::atomic<int> not_understood_{0};
};

// Waits until `done` holds or `timeout` passes; true when it holds.
bool WaitFor(const std::function<bool()>& done,
             std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace baro::fakes
