// MarkStreamer: the subscription manager. Given the (venue, symbol) pairs that watched positions
// hold, it streams exactly those: each venue's symbols are spread over as few connections as the
// venue's per-connection limit allows (at most min(venue cap, stream.max_connections_per_venue)),
// symbols that come are subscribed and symbols that go are unsubscribed on their connection. Each
// mark change lands in the MarkCache and goes to the MarkSink. Lookups say whether the streamed
// mark is fresh, stale (the caller uses the REST mark) or absent; /metrics counts them per venue.
// Pairs past stream.max_symbols or a venue's own total are not streamed (counted, REST-priced).
// A sweep counts the watched pairs that have no fresh streamed mark (they fall back to the REST
// marks of the checks) and each pair that went from fresh to stale.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "stream/mark_cache.h"
#include "stream/mark_sink.h"
#include "stream/stream_connection.h"
#include "stream/venue_hook.h"

namespace baro::stream {

struct StreamerOptions {
  ConnectionOptions connection;
  StreamEndpoints endpoints;
  std::int64_t stale_after_ms = 20000;
  std::size_t max_symbols = 5000;
  std::size_t max_connections_per_venue = 8;
};

using HookFactory = std::function<std::unique_ptr<VenueHook>(Venue, const StreamEndpoints&)>;

class MarkStreamer {
 public:
  // `sink` may be null (cache only); it must outlive the streamer.
  MarkStreamer(StreamerOptions options, MarkSink* sink,
               const Clock& clock = SystemClock::Instance(), HookFactory hooks = MakeVenueHook);
  ~MarkStreamer();  // stops every connection
  MarkStreamer(const MarkStreamer&) = delete;
  MarkStreamer& operator=(const MarkStreamer&) = delete;

  // Streams exactly `wanted` from now on.
  void Watch(const std::set<SymbolKey>& wanted);
  // The streamed mark of a pair now (counted in baro_stream_lookups_total).
  StreamedMark Lookup(Venue venue, const std::string& symbol) const;
  void Stop();

  // What is streamed now, per venue and connection (for tests and the status page).
  std::vector<std::set<std::string>> ConnectionSymbols(Venue venue) const;
  // Sessions opened so far by the venue's connections (a reconnection adds one).
  std::uint64_t Sessions(Venue venue) const;
  std::size_t ConnectedCount(Venue venue) const;

 private:
  struct VenueStreams {
    StreamLimits limits;
    std::vector<std::unique_ptr<StreamConnection>> connections;
    std::vector<std::set<std::string>> assigned;  // per connection
  };
  void OnFrame(Venue venue, const ParsedFrame& frame, std::int64_t received_ms);
  void SweepLoop();
  VenueStreams& ForVenue(Venue venue);

  StreamerOptions options_;
  MarkSink* sink_;
  const Clock& clock_;
  HookFactory hooks_;
  MarkCache cache_;
  mutable std::mutex mu_;  // guards venues_ and the sweeper's state
  std::map<Venue, VenueStreams> venues_;
  // Counts the pairs that fall back to REST marks (baro_stream_symbols_on_rest,
  // baro_stream_fallbacks_total) every stale_after_ms / 2, at most every second.
  std::condition_variable sweep_wake_;
  bool stopped_ = false;
  std::thread sweeper_;
};

}  // namespace baro::stream
