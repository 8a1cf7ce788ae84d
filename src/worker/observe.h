// Observe: what one check reads for one monitor — its user, its positions (hand-entered ones
// priced from public mark prices; a connection's read through the fetcher), the maintenance tiers
// and threshold overrides they are judged on, and the stored state the decision continues from
// (the monitor's own alert states and the user's bot silences, the user's chats, and the last
// snapshots when the decision needs them). Everything a check reads, it reads here.
#pragma once

#include <functional>
#include <optional>

#include "core/clock.h"
#include "market/market_data.h"
#include "risk/tier_book.h"
#include "store/store.h"
#include "worker/observation.h"
#include "worker/threshold_cache.h"

namespace baro::worker {

// Reads a connection's positions (through the fetcher in production).
using ConnectionReader = std::function<Result<ConnectionRead>(const store::Connection&)>;

struct ObserverOptions {
  // Maintenance tiers for estimates: the venues' public tier data (when a loader is given), kept
  // for tier_lifetime_ms, else the dated snapshot (risk/tier_book.h).
  risk::TierLoader tier_loader;
  std::int64_t tier_lifetime_ms = 24 * 3600 * 1000LL;
  std::size_t tier_cache_max_symbols = risk::TierBook::kDefaultMaxSymbols;
  std::size_t threshold_cache_connections = 10000;  // worker/threshold_cache.h
};

// Reads into `o` the stored state its decision continues from: the monitor's own alert states (its
// positions', and its notes on stale prices or read gaps) and the user's bot silences, the user's
// chats, and the monitor's last snapshots when the decision keeps some of them (prices
// unavailable, or a margin account whose read failed). A re-assessment between checks reads it
// again, since a check or the bot may have changed it.
Status ReadStored(store::Store& store, Observation& o);

class Observer {
 public:
  Observer(ObserverOptions options, store::Store& store, market::MarketData& market,
           ConnectionReader read_connection, const Clock& clock);

  // A failed read of the positions is an observation with its error set. An error result is for
  // the store: kNotFound when the monitor's user or connection was deleted meanwhile, else a
  // failed store read (the check then writes nothing and runs again at its next time).
  Result<Observation> Observe(const store::Monitor& monitor);

 private:
  Result<std::vector<ObservedPosition>> ManualPositions(
      const std::vector<store::ManualPosition>& list);
  std::vector<ObservedPosition> ConnectionPositions(const store::Connection& c,
                                                    ConnectionRead& read);
  void FillCrossTiers(Observation& o);

  store::Store& store_;
  market::MarketData& market_;
  ConnectionReader read_connection_;
  risk::TierBook tiers_;
  ThresholdCache thresholds_;
};

}  // namespace baro::worker
