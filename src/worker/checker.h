// One check of one monitor: gather its positions (hand-entered ones priced from public mark prices;
// a connection's read through the fetcher), assess each, run the alert policy per signal, and write
// the new policy states, the alert records and the Telegram message(s) in one transaction, then the
// position snapshots for the page. Positions without a venue-reported liquidation price get Baro's
// estimate with the venue's own formula and tiers; a cross position's estimate counts the other
// cross positions of the same account. A connection that cannot be read keeps its last snapshot,
// counts a failure, and after worker.failures_before_attention failures is shown as needing
// attention and the user is told once.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <vector>

#include "core/clock.h"
#include "core/position.h"
#include "market/market_data.h"
#include "risk/thresholds.h"
#include "risk/tier_book.h"
#include "store/store.h"
#include "worker/schedule.h"
#include "worker/threshold_cache.h"

namespace baro::worker {

// Positions a read could not watch (exchanges::ReadGap): a product Baro does not read, or a
// separately margined account whose read failed.
struct ReadGap {
  std::string product;         // as the venue names it
  int positions = 0;           // open positions not watched; 0 when not known
  std::string margin_account;  // a failed account's name: its positions keep their last state
  std::string error;           // the failed read's error code; empty for a product not read
};

struct ConnectionRead {
  std::vector<Position> positions;
  std::optional<Account> account;
  std::map<std::string, std::vector<risk::Tier>> tiers;  // the account's own, by venue symbol
  // Further separately margined accounts (Account::name = Position::margin_account).
  std::vector<Account> other_accounts;
  std::vector<ReadGap> gaps;
};

// Reads a connection's positions (through the fetcher in production).
using ConnectionReader = std::function<Result<ConnectionRead>(const store::Connection&)>;

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
};

class Checker {
 public:
  Checker(CheckerOptions options, store::Store& store, market::MarketData& market,
          ConnectionReader read_connection, const Clock& clock);

  // Never throws; failures are logged and recorded as connection health. A read refused for rate
  // limits says when to try again (CheckOutcome::not_before_ms).
  CheckOutcome Check(const store::Monitor& monitor, std::int64_t now);

 private:
  struct Observed;
  Result<std::vector<Observed>> ManualPositions(const store::Monitor& m);
  void Evaluate(const store::User& user, const store::Monitor& monitor,
                const std::optional<store::Connection>& connection, std::vector<Observed> observed,
                const ConnectionRead* read, std::int64_t now);
  void NoteGaps(const store::User& user, const store::Connection& connection,
                const std::vector<ReadGap>& gaps, std::int64_t now);
  void RecordFailure(store::Connection connection, const Error& error, std::int64_t now);
  void EstimateCrossLiquidation(std::vector<Observed>& observed, const ConnectionRead& read);
  void NoteMarketData(const store::User& user, const store::Monitor& monitor, bool readable,
                      std::int64_t now);

  CheckerOptions options_;
  store::Store& store_;
  market::MarketData& market_;
  ConnectionReader read_connection_;
  const Clock& clock_;
  risk::TierBook tiers_;
  ThresholdCache thresholds_;
};

}  // namespace baro::worker
