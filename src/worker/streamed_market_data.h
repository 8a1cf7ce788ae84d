// StreamedMarketData: the worker's market data with live marks. It answers as the REST-backed
// MarketData it wraps (instruments, leverage, the REST mark), but with the streamed mark when the
// venue's stream confirmed one within stream.stale_after_ms (docs/streams.md); a stale or absent
// streamed mark leaves the REST mark in place. The pairs it is asked for are the symbols of the
// monitors this worker checks: it has the streamer follow exactly those asked for within
// `watch_ttl_ms` (a pair no check asked for since is unsubscribed). Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "core/clock.h"
#include "market/market_data.h"
#include "stream/mark_streamer.h"

namespace baro::worker {

class StreamedMarketData final : public market::MarketData {
 public:
  // `watch_ttl_ms`: how long a pair stays streamed after the last check that priced it (a few
  // check intervals); `max_pairs`: the most pairs remembered (stream.max_symbols).
  StreamedMarketData(market::MarketData& rest, stream::MarkStreamer& streamer, const Clock& clock,
                     std::int64_t watch_ttl_ms, std::size_t max_pairs);

  Result<market::Instrument> Find(Venue venue, std::string_view symbol) override;

 private:
  void Remember(Venue venue, const std::string& symbol, std::int64_t now_ms);

  market::MarketData& rest_;
  stream::MarkStreamer& streamer_;
  const Clock& clock_;
  const std::int64_t watch_ttl_ms_;
  const std::size_t max_pairs_;
  std::mutex mu_;
  std::map<stream::SymbolKey, std::int64_t> asked_;  // pair -> last asked (ms)
  std::int64_t last_sweep_ms_ = 0;
};

}  // namespace baro::worker
