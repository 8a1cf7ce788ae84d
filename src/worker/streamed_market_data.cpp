#include "worker/streamed_market_data.h"

#include <set>

namespace baro::worker {

StreamedMarketData::StreamedMarketData(market::MarketData& rest, stream::MarkStreamer& streamer,
                                       const Clock& clock, std::int64_t watch_ttl_ms,
                                       std::size_t max_pairs)
    : rest_(rest),
      streamer_(streamer),
      clock_(clock),
      watch_ttl_ms_(watch_ttl_ms),
      max_pairs_(max_pairs) {}

void StreamedMarketData::Remember(Venue venue, const std::string& symbol, std::int64_t now_ms) {
  std::set<stream::SymbolKey> watch;
  {
    std::lock_guard lock(mu_);
    stream::SymbolKey key{venue, symbol};
    auto it = asked_.find(key);
    const bool added = it == asked_.end() && asked_.size() < max_pairs_;
    if (it != asked_.end()) it->second = now_ms;
    if (added) asked_.emplace(std::move(key), now_ms);
    const bool sweep = now_ms - last_sweep_ms_ >= watch_ttl_ms_ / 2;
    if (sweep) {
      last_sweep_ms_ = now_ms;
      for (auto a = asked_.begin(); a != asked_.end();) {
        a = now_ms - a->second > watch_ttl_ms_ ? asked_.erase(a) : std::next(a);
      }
    }
    if (!added && !sweep) return;
    for (const auto& [pair, at] : asked_) watch.insert(pair);
  }
  streamer_.Watch(watch);
}

Result<market::Instrument> StreamedMarketData::Find(Venue venue, std::string_view symbol) {
  auto found = rest_.Find(venue, symbol);
  if (!found) return found;
  const std::int64_t now = clock_.NowMs();
  Remember(venue, found->symbol, now);
  const stream::StreamedMark live = streamer_.Lookup(venue, found->symbol);
  if (live.state == stream::MarkState::kFresh) {
    found->mark_price = live.mark;
    found->read_at_ms = now - live.age_ms;
  }
  return found;
}

}  // namespace baro::worker
