// StreamConnection: one venue stream connection on its own thread, driven by the venue's hook. It
// connects while it has symbols to follow, subscribes to exactly its current set (and follows
// changes with (un)subscribe frames), sends the venue's keep-alive, hands every parsed frame to
// its owner, and reconnects with jittered exponential back-off after a failure, a silence longer
// than silence_reconnect_ms, or no mark for no_marks_reconnect_ms while it has symbols (a feed
// that answers pings but has stalled), subscribing its whole set again. Counted in /metrics per
// venue (docs/streams.md).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "core/clock.h"
#include "net/http_client.h"
#include "stream/stream_message.h"
#include "stream/venue_hook.h"
#include "stream/ws_client.h"

namespace baro::stream {

struct ConnectionOptions {
  WsOptions ws;
  net::HttpClientOptions http;  // for a venue's token request (KuCoin)
  std::int64_t ping_interval_ms = 15000;
  std::int64_t silence_reconnect_ms = 30000;
  // A connection whose symbols sent no mark for this long (while pongs and acknowledgements may
  // still come) is reconnected: its marks are stale by then (stream.stale_after_ms). 0: never.
  std::int64_t no_marks_reconnect_ms = 0;
  std::int64_t backoff_ms = 1000;
  std::int64_t backoff_max_ms = 60000;
};

// Called on the connection's thread for every frame that parsed into marks (received_ms: local
// time of arrival).
using FrameHandler = std::function<void(Venue, const ParsedFrame&, std::int64_t received_ms)>;

class StreamConnection {
 public:
  StreamConnection(std::unique_ptr<VenueHook> hook, ConnectionOptions options,
                   FrameHandler on_marks, const Clock& clock = SystemClock::Instance());
  ~StreamConnection();  // stops
  StreamConnection(const StreamConnection&) = delete;
  StreamConnection& operator=(const StreamConnection&) = delete;

  void Start();
  void Stop();
  // The symbols this connection follows from now on (thread-safe).
  void SetSymbols(std::set<std::string> symbols);
  std::set<std::string> symbols() const;

  Venue venue() const { return venue_; }
  bool connected() const { return connected_.load(); }
  // Successful connections so far (the first and every reconnection).
  std::uint64_t sessions() const { return sessions_.load(); }

 private:
  struct Impl;
  Venue venue_;
  std::unique_ptr<Impl> impl_;
  std::atomic<bool> connected_{false};
  std::atomic<std::uint64_t> sessions_{0};
};

}  // namespace baro::stream
