// Where the formulas get their tiers: the venues' public tier data, cached per venue and symbol
// and read again once older than its lifetime (default one day, option
// worker.tier_lifetime_s), with the bundled dated snapshot as fallback when a venue cannot be read
// and the venue's default for symbols neither lists. Thread-safe.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "risk/tier_snapshot.h"

namespace baro::risk {

// Reads one symbol's tiers from the venue (kUnavailable when it cannot, kNotFound when the venue
// publishes none for that symbol).
using TierLoader = std::function<Result<VenueRiskSpec>(Venue venue, const std::string& symbol)>;

enum class TierOrigin { kVenue, kSnapshot, kDefault };

struct TierLookup {
  VenueRiskSpec spec;
  TierOrigin origin = TierOrigin::kDefault;
};

class TierBook {
 public:
  TierBook(TierLoader loader, const Clock& clock, std::int64_t lifetime_ms)
      : loader_(std::move(loader)), clock_(clock), lifetime_ms_(lifetime_ms) {}

  // `first_tier_rate`: the instrument's first maintenance rate from public market data, if any.
  TierLookup Find(Venue venue, const std::string& symbol, std::optional<double> first_tier_rate);

 private:
  struct Entry {
    VenueRiskSpec spec;
    std::int64_t loaded_at = 0;
  };
  TierLoader loader_;
  const Clock& clock_;
  std::int64_t lifetime_ms_;
  std::mutex mutex_;
  std::map<std::pair<Venue, std::string>, Entry> cache_;
  std::map<std::pair<Venue, std::string>, std::int64_t> failed_at_;
};

}  // namespace baro::risk
