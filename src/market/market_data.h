// Public market data per venue: which symbols exist, their mark price and maximum leverage. Used to
// validate hand-entered positions and to price them on every check. Backed by each venue's public
// endpoints through a cache with a time-to-live (exchanges.market_data_ttl_s), so one fetch of a
// venue's whole mark-price table serves every position in that venue. When a refresh fails the last
// table keeps serving, but only while its prices are younger than exchanges.mark_max_age_s: past
// that, Find answers kUnavailable ("mark prices unavailable since <time read>") until the venue
// answers again, so no position is judged on a frozen price.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "core/venue.h"

namespace baro::market {

struct Instrument {
  std::string symbol;  // the venue's own symbol
  std::string base;
  std::string quote;
  double mark_price = 0;
  double max_leverage = 0;                        // 0 when the venue does not say
  std::optional<double> maintenance_margin_rate;  // first tier, for a first estimate
  std::int64_t read_at_ms = 0;                    // when the mark price was read (Unix ms)
  // How the venue quotes the price, where its table says: a fixed step (`price_tick`, e.g. 0.1),
  // or HyperLiquid's rule of at most `price_significant` significant figures and at most
  // `price_max_decimals` decimals. 0, 0 and -1 when the table does not say.
  double price_tick = 0;
  int price_significant = 0;
  int price_max_decimals = -1;
};

class MarketData {
 public:
  virtual ~MarketData() = default;
  // kInvalidInput with a clear message for an unknown symbol; kUnavailable when the venue cannot be
  // reached.
  virtual Result<Instrument> Find(Venue venue, std::string_view symbol) = 0;
  // The venue's whole instrument table as Find reads it, ordered by symbol; kUnavailable where a
  // source has no table to list.
  virtual Result<std::vector<Instrument>> List(Venue venue);
};

// A venue's full instrument table, as one public read.
using InstrumentLoader = std::function<Result<std::vector<Instrument>>(Venue)>;

class CachedMarketData final : public MarketData {
 public:
  static constexpr std::int64_t kDefaultMaxAgeMs = 300'000;

  // `max_age_ms`: how old a price may be before it is unusable (exchanges.mark_max_age_s).
  CachedMarketData(InstrumentLoader loader, const Clock& clock, std::int64_t ttl_ms,
                   std::int64_t max_age_ms = kDefaultMaxAgeMs);
  Result<Instrument> Find(Venue venue, std::string_view symbol) override;
  Result<std::vector<Instrument>> List(Venue venue) override;

 private:
  struct Table {
    std::map<std::string, Instrument, std::less<>> by_symbol;
    std::int64_t fetched_at = 0;
    bool loaded = false;
  };
  InstrumentLoader loader_;
  const Clock& clock_;
  std::int64_t ttl_ms_;
  std::int64_t max_age_ms_;
  std::mutex mu_;
  std::map<Venue, Table> tables_;

  // The venue's table, loaded again when older than the TTL; the caller holds `lock` on mu_.
  Result<Table*> Fresh(Venue venue, std::unique_lock<std::mutex>& lock);
};

// "2026-12-04 11:05:00 UTC": the time shown with a price that is too old to use.
std::string FormatUtc(std::int64_t unix_ms);

// Normalizes what a user types ("btc", "BTC-USDT", "btcusdt") to the venue's symbol form.
std::string NormalizeSymbol(Venue venue, std::string_view typed);

}  // namespace baro::market
