#include "risk/tier_book.h"

#include <algorithm>
#include <cmath>

#include "log/logger.h"
#include "metrics/metrics.h"

namespace baro::risk {

bool TiersKnowRate(const std::vector<Tier>& tiers, double rate) {
  return std::any_of(tiers.begin(), tiers.end(), [rate](const Tier& t) {
    return std::abs(t.mmr - rate) <= 1e-9 * std::max(1.0, std::abs(rate));
  });
}

void TierBook::Store(std::map<Key, Entry>& cache, const Key& key, Entry entry) {
  cache[key] = std::move(entry);
  while (cache.size() > max_symbols_) {
    // Full: the entry read longest ago goes.
    auto oldest = std::min_element(cache.begin(), cache.end(), [](const auto& a, const auto& b) {
      return a.second.loaded_at < b.second.loaded_at;
    });
    cache.erase(oldest);
  }
}

// The freshest figure wins: tiers that do not know the venue's reported rate take it as their
// first tier's rate, and no later tier is charged less.
TierLookup TierBook::Reconcile(Venue venue, TierLookup found,
                               std::optional<double> reported_rate) const {
  if (!reported_rate || *reported_rate <= 0 || found.spec.tiers.empty() ||
      TiersKnowRate(found.spec.tiers, *reported_rate)) {
    return found;
  }
  std::vector<std::pair<double, double>> rates;
  for (const Tier& t : found.spec.tiers) {
    rates.emplace_back(t.notional_floor,
                       rates.empty() ? *reported_rate : std::max(t.mmr, *reported_rate));
  }
  found.spec.tiers = VenueTiers(venue, rates);
  return found;
}

TierLookup TierBook::Find(Venue venue, const std::string& symbol,
                          std::optional<double> reported_rate) {
  static auto& failures = metrics::Default().Counter(
      "baro_tier_read_failures_total",
      "Reads of a venue's public maintenance tiers that failed, by venue and reason.",
      {"venue", "reason"});
  const Key key{venue, symbol};
  const std::int64_t now = clock_.NowMs();
  bool try_venue = static_cast<bool>(loader_);
  {
    std::lock_guard lock(mutex_);
    auto it = cache_.find(key);
    if (it != cache_.end() && now - it->second.loaded_at < lifetime_ms_) {
      const bool disagrees = reported_rate && *reported_rate > 0 &&
                             !TiersKnowRate(it->second.spec.tiers, *reported_rate);
      if (!disagrees || it->second.reloaded_for == reported_rate) {
        return Reconcile(venue, {it->second.spec, TierOrigin::kVenue, false}, reported_rate);
      }
      // The venue reports a rate its cached tiers do not know: read them again, once per figure.
      it->second.reloaded_for = reported_rate;
    } else {
      // A venue that could not be read is asked again only after the lifetime.
      auto failed = failed_at_.find(key);
      if (failed != failed_at_.end() && now - failed->second < lifetime_ms_) try_venue = false;
    }
  }
  if (try_venue) {
    auto loaded = loader_(venue, symbol);
    std::lock_guard lock(mutex_);
    if (loaded && !loaded->tiers.empty()) {
      Store(cache_, key, {*loaded, now, reported_rate});
      failed_at_.erase(key);
      return Reconcile(venue, {*loaded, TierOrigin::kVenue, false}, reported_rate);
    }
    if (!loaded && loaded.error().code != ErrorCode::kNotFound) {
      failures.With({std::string(ToString(venue)), ToString(loaded.error().code)}).Add();
      log::Warn("risk.tier_read_failed", {{"venue", std::string(ToString(venue))},
                                          {"symbol", symbol},
                                          {"error", loaded.error().message}});
    }
    failed_at_[key] = now;
    if (failed_at_.size() > max_symbols_) failed_at_.clear();
  }
  std::lock_guard lock(mutex_);
  // An account's own tiers (the venue's answer to a signed read) before public data read long ago.
  if (auto it = accounts_.find(key); it != accounts_.end()) {
    return Reconcile(venue, {it->second.spec, TierOrigin::kAccount, false}, reported_rate);
  }
  // The last venue data, however old, before the snapshot.
  if (auto it = cache_.find(key); it != cache_.end()) {
    return Reconcile(venue, {it->second.spec, TierOrigin::kVenue, false}, reported_rate);
  }
  if (auto snapshot = SnapshotSpec(venue, symbol)) {
    return Reconcile(venue, {*snapshot, TierOrigin::kSnapshot, false}, reported_rate);
  }
  return {DefaultSpec(venue, reported_rate), TierOrigin::kDefault, !reported_rate.has_value()};
}

void TierBook::Remember(Venue venue, const std::string& symbol, std::vector<Tier> tiers) {
  if (tiers.empty()) return;
  VenueRiskSpec spec = DefaultSpec(venue, std::nullopt);
  spec.tiers = std::move(tiers);
  std::lock_guard lock(mutex_);
  Store(accounts_, {venue, symbol}, {std::move(spec), clock_.NowMs(), std::nullopt});
}

}  // namespace baro::risk
