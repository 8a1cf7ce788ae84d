// Bitget public market data for hand-entered positions: GET
// /api/v2/mix/market/tickers?productType=USDT-FUTURES (every contract's markPrice; exchanges.md
// §5.8).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "exchanges/public_link.h"
#include "market/market_data.h"
#include "net/http_client.h"
#include "risk/venue_formulas.h"

namespace baro::exchanges::bitget {

Result<std::vector<market::Instrument>> ParseTickers(std::string_view body);
Result<std::vector<market::Instrument>> LoadInstruments(PublicLink& http, const net::Url& base);

// Maintenance tiers of one symbol: GET /api/v2/mix/market/query-position-lever (startUnit/endUnit
// in USDT, keepMarginRate per level; risk.md §1.5).
Result<risk::VenueRiskSpec> ParseTiers(std::string_view body);
Result<risk::VenueRiskSpec> LoadTiers(PublicLink& http, const net::Url& base,
                                      const std::string& symbol);

}  // namespace baro::exchanges::bitget
