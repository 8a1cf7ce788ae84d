// MarkCache: the last streamed mark per (venue, symbol), for exactly the pairs being streamed (so
// it is bounded by stream.max_symbols), with its age. A mark older than stale_after_ms (a silent
// or broken stream) is reported stale: the caller then prices with the REST mark instead.
// Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "core/venue.h"
#include "stream/stream_message.h"

namespace baro::stream {

using SymbolKey = std::pair<Venue, std::string>;

enum class MarkState {
  kFresh,   // streamed within stale_after_ms
  kStale,   // streamed once, but not within stale_after_ms: use the REST mark
  kAbsent,  // not streamed (not subscribed, or no mark yet)
};

struct StreamedMark {
  MarkState state = MarkState::kAbsent;
  double mark = 0;
  std::int64_t venue_time_ms = 0;  // the venue's time of the mark, 0 when it gives none
  std::int64_t age_ms = 0;         // since the stream last confirmed it
};

class MarkCache {
 public:
  explicit MarkCache(std::int64_t stale_after_ms) : stale_after_ms_(stale_after_ms) {}

  // Keeps only `keys` (new ones start absent); everything else is forgotten.
  void Track(const std::set<SymbolKey>& keys);
  // Records an update received at `received_ms`; the new mark when it differs from the last
  // one, nullopt when unchanged or when the pair is not tracked.
  std::optional<double> Apply(Venue venue, const MarkUpdate& update, std::int64_t received_ms);
  StreamedMark Lookup(Venue venue, const std::string& symbol, std::int64_t now_ms) const;
  std::size_t size() const;

  // Per venue: the tracked pairs without a fresh mark at `now_ms` (stale, or none yet: they are
  // judged on REST reads alone), and how many of them were fresh at the previous sweep or got a
  // mark since (so a fallback is counted whatever the sweep's timing).
  struct Fallbacks {
    std::size_t on_rest = 0;
    std::size_t went_stale = 0;
  };
  std::map<Venue, Fallbacks> Sweep(std::int64_t now_ms);

 private:
  struct Entry {
    bool has_mark = false;
    double mark = 0;
    std::int64_t venue_time_ms = 0;
    std::int64_t confirmed_ms = 0;
    bool fresh_at_sweep = false;
    bool confirmed_since_sweep = false;  // a mark came since the last sweep
  };
  const std::int64_t stale_after_ms_;
  mutable std::mutex mu_;
  std::map<SymbolKey, Entry, std::less<>> entries_;
};

}  // namespace baro::stream
