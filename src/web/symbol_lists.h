// Each venue's perpetual symbols for the symbol picker of the hand-entered position form (GET
// /api/v1/venues/{venue}/symbols), from the public market table the API already prices positions
// with (market::MarketData::List; never a keyed client). One list per venue is kept for
// exchanges.market_list_ttl_s, so opening the form does not read the venue each time; when a
// reload fails the last list keeps serving. Perpetual: an instrument whose base and quote the
// venue's table names (dated futures such as Binance's "BTCUSDT_250328" have none).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/venue.h"
#include "market/market_data.h"

namespace baro::web {

struct SymbolEntry {
  std::string symbol;  // the venue's own
  std::string base;
  std::string quote;
  double max_leverage = 0;  // 0 when the venue does not say
};

struct SymbolList {
  std::vector<SymbolEntry> symbols;  // ordered by symbol
  std::int64_t read_at = 0;          // when the venue's table was read (Unix ms)
};

class SymbolLists {
 public:
  explicit SymbolLists(std::int64_t ttl_ms) : ttl_ms_(ttl_ms) {}

  Result<SymbolList> Get(market::MarketData& market, Venue venue, std::int64_t now);

 private:
  struct Kept {
    SymbolList list;
    std::int64_t kept_at = 0;
  };
  const std::int64_t ttl_ms_;
  std::mutex mu_;
  std::map<Venue, Kept> kept_;  // at most one per venue
};

}  // namespace baro::web
