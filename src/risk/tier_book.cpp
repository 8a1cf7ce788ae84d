#include "risk/tier_book.h"

namespace baro::risk {

TierLookup TierBook::Find(Venue venue, const std::string& symbol,
                          std::optional<double> first_tier_rate) {
  const auto key = std::make_pair(venue, symbol);
  const std::int64_t now = clock_.NowMs();
  {
    std::lock_guard lock(mutex_);
    auto it = cache_.find(key);
    if (it != cache_.end() && now - it->second.loaded_at < lifetime_ms_) {
      return {it->second.spec, TierOrigin::kVenue};
    }
  }
  // A venue that could not be read is asked again only after the lifetime, not on every check.
  bool try_venue = static_cast<bool>(loader_);
  {
    std::lock_guard lock(mutex_);
    auto failed = failed_at_.find(key);
    if (failed != failed_at_.end() && now - failed->second < lifetime_ms_) try_venue = false;
  }
  if (try_venue) {
    auto loaded = loader_(venue, symbol);
    std::lock_guard lock(mutex_);
    if (loaded && !loaded->tiers.empty()) {
      cache_[key] = {*loaded, now};
      failed_at_.erase(key);
      return {*loaded, TierOrigin::kVenue};
    }
    failed_at_[key] = now;
    // Keep serving the last venue data we had, however old, before the snapshot.
    auto it = cache_.find(key);
    if (it != cache_.end()) return {it->second.spec, TierOrigin::kVenue};
  } else {
    std::lock_guard lock(mutex_);
    auto it = cache_.find(key);
    if (it != cache_.end()) return {it->second.spec, TierOrigin::kVenue};
  }
  if (auto snapshot = SnapshotSpec(venue, symbol)) return {*snapshot, TierOrigin::kSnapshot};
  return {DefaultSpec(venue, first_tier_rate), TierOrigin::kDefault};
}

}  // namespace baro::risk
