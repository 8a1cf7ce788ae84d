// Where the formulas get their tiers, freshest first:
//  - the venue's public tier data, cached per venue and symbol for its lifetime (option
//    worker.tier_lifetime_s), read again after it;
//  - the tiers a connected account brought with its read (Binance's brackets, which need a signed
//    request), kept by symbol for every user's lookups;
//  - the last venue data however old, then the bundled dated snapshot;
//  - for a symbol in none of them, one tier at the rate the venue reports now, else at the most
//    conservative rate of the snapshot's symbols, flagged as an estimate.
// A rate the venue reports now (a position's own maintenance rate, an instrument's first-tier rate,
// HyperLiquid's 1/(2 × max leverage)) beats cached tiers: tiers that do not know it are read again,
// and while they still disagree the reported rate replaces their first tier's. Venue reads that
// fail are counted in baro_tier_read_failures_total{venue,reason} and logged; a failed venue is
// asked again after the lifetime, not on every check. Bounded (at most max_symbols per cache) and
// thread-safe.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "risk/tier_snapshot.h"

namespace baro::risk {

// Reads one symbol's tiers from the venue (kUnavailable when it cannot, kNotFound when the venue
// publishes none for that symbol, kUnauthenticated when it refuses an unsigned read).
using TierLoader = std::function<Result<VenueRiskSpec>(Venue venue, const std::string& symbol)>;

enum class TierOrigin { kVenue, kAccount, kSnapshot, kDefault };

struct TierLookup {
  VenueRiskSpec spec;
  TierOrigin origin = TierOrigin::kDefault;
  // No venue, account or snapshot figure stands behind the tiers (the conservative stand-in): an
  // estimate made with them is labelled as such.
  bool estimated = false;
};

class TierBook {
 public:
  static constexpr std::size_t kDefaultMaxSymbols = 4096;

  TierBook(TierLoader loader, const Clock& clock, std::int64_t lifetime_ms,
           std::size_t max_symbols = kDefaultMaxSymbols)
      : loader_(std::move(loader)),
        clock_(clock),
        lifetime_ms_(lifetime_ms),
        max_symbols_(max_symbols) {}

  // `reported_rate`: a maintenance rate the venue reports now for this symbol, if any.
  TierLookup Find(Venue venue, const std::string& symbol, std::optional<double> reported_rate);

  // An account's own tiers for a symbol, as its venue reported them with a read.
  void Remember(Venue venue, const std::string& symbol, std::vector<Tier> tiers);

 private:
  using Key = std::pair<Venue, std::string>;
  struct Entry {
    VenueRiskSpec spec;
    std::int64_t loaded_at = 0;
    std::optional<double> reloaded_for;  // the reported rate a disagreement was last re-read for
  };
  void Store(std::map<Key, Entry>& cache, const Key& key, Entry entry);
  TierLookup Reconcile(Venue venue, TierLookup found, std::optional<double> reported_rate) const;

  TierLoader loader_;
  const Clock& clock_;
  std::int64_t lifetime_ms_;
  std::size_t max_symbols_;
  std::mutex mutex_;
  std::map<Key, Entry> cache_;     // the venues' public tiers
  std::map<Key, Entry> accounts_;  // tiers accounts brought with their reads
  std::map<Key, std::int64_t> failed_at_;
};

// Whether `rate` is one of the tiers' rates (the venue's figure and the tiers agree).
bool TiersKnowRate(const std::vector<Tier>& tiers, double rate);

}  // namespace baro::risk
