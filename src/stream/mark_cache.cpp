#include "stream/mark_cache.h"

namespace baro::stream {

void MarkCache::Track(const std::set<SymbolKey>& keys) {
  std::lock_guard lock(mu_);
  for (auto it = entries_.begin(); it != entries_.end();) {
    it = keys.contains(it->first) ? std::next(it) : entries_.erase(it);
  }
  for (const auto& key : keys) entries_.try_emplace(key);
}

std::optional<double> MarkCache::Apply(Venue venue, const MarkUpdate& update,
                                       std::int64_t received_ms) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(SymbolKey{venue, update.symbol});
  if (it == entries_.end()) return std::nullopt;
  Entry& e = it->second;
  if (!update.mark) {
    // The venue says the mark has not changed: it is confirmed, if one is known.
    if (e.has_mark) {
      e.confirmed_ms = received_ms;
      e.confirmed_since_sweep = true;
    }
    return std::nullopt;
  }
  const bool changed = !e.has_mark || e.mark != *update.mark;
  e.has_mark = true;
  e.mark = *update.mark;
  e.venue_time_ms = update.venue_time_ms;
  e.confirmed_ms = received_ms;
  e.confirmed_since_sweep = true;
  if (!changed) return std::nullopt;
  return e.mark;
}

StreamedMark MarkCache::Lookup(Venue venue, const std::string& symbol, std::int64_t now_ms) const {
  std::lock_guard lock(mu_);
  auto it = entries_.find(SymbolKey{venue, symbol});
  if (it == entries_.end() || !it->second.has_mark) return {};
  const Entry& e = it->second;
  StreamedMark out;
  out.mark = e.mark;
  out.venue_time_ms = e.venue_time_ms;
  out.age_ms = now_ms - e.confirmed_ms;
  out.state = out.age_ms > stale_after_ms_ ? MarkState::kStale : MarkState::kFresh;
  return out;
}

std::map<Venue, MarkCache::Fallbacks> MarkCache::Sweep(std::int64_t now_ms) {
  std::lock_guard lock(mu_);
  std::map<Venue, Fallbacks> out;
  for (auto& [key, e] : entries_) {
    Fallbacks& f = out[key.first];
    const bool fresh = e.has_mark && now_ms - e.confirmed_ms <= stale_after_ms_;
    if (!fresh) ++f.on_rest;
    if (!fresh && (e.fresh_at_sweep || e.confirmed_since_sweep)) ++f.went_stale;
    e.fresh_at_sweep = fresh;
    e.confirmed_since_sweep = false;
  }
  return out;
}

std::size_t MarkCache::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

}  // namespace baro::stream
