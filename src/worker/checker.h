// One check of one monitor, in three stages that a re-assessment on a new mark price can share:
// observe (worker/observe.h: read the positions, their tiers and thresholds, and the stored state),
// assess and decide (worker/assess.h, worker/decide.h: pure), and commit (Store::CommitCheck: the
// connection's health, the policy's states, the alerts and their Telegram messages, and the
// position snapshots for the page, in one transaction). Positions without a venue-reported
// liquidation price get Baro's estimate with the venue's own formula and tiers; a cross
// position's estimate counts the other cross positions of the same account. A connection that
// cannot be read keeps its last snapshot, counts a failure, and after
// worker.failures_before_attention failures is shown as needing attention and the user is told
// once.
#pragma once

#include <functional>
#include <string>

#include "core/clock.h"
#include "market/market_data.h"
#include "risk/thresholds.h"
#include "risk/tier_book.h"
#include "store/store.h"
#include "worker/decide.h"
#include "worker/observe.h"
#include "worker/schedule.h"

namespace baro::worker {

struct CheckerOptions {
  risk::Thresholds defaults;
  int failures_before_attention = 3;
  // Maintenance tiers for estimates: the venues' public tier data (when a loader is given), kept
  // for tier_lifetime_ms, else the dated snapshot (risk/tier_book.h).
  risk::TierLoader tier_loader;
  std::int64_t tier_lifetime_ms = 24 * 3600 * 1000LL;
  std::size_t tier_cache_max_symbols = risk::TierBook::kDefaultMaxSymbols;
  std::size_t threshold_cache_connections = 10000;  // worker/threshold_cache.h
  // server.public_url: alerts carry buttons (notify/alert_keyboard.h) linking to the page.
  std::string page_url;
  // Told each observation once its check is committed (the tick path keeps them:
  // worker/tick_assessor.h); a failed read is told too, so it can be forgotten.
  std::function<void(const Observation&)> observed;
};

class Checker {
 public:
  Checker(CheckerOptions options, store::Store& store, market::MarketData& market,
          ConnectionReader read_connection, const Clock& clock);

  // Never throws; failures are logged and recorded as connection health. A read refused for rate
  // limits says when to try again (CheckOutcome::not_before_ms).
  CheckOutcome Check(const store::Monitor& monitor, std::int64_t now);
  // The same, and the monitor is rescheduled under `lease` in the check's own transaction
  // (CheckOutcome::completed): one write transaction per check, and none after a lost lease.
  CheckOutcome Check(const store::Monitor& monitor, const CheckLease& lease);

 private:
  CheckOutcome Run(const store::Monitor& monitor, std::int64_t now, const CheckLease* lease);
  CheckerOptions options_;
  store::Store& store_;
  Observer observer_;
  PricePrecisionLookup price_precision_;
};

}  // namespace baro::worker
