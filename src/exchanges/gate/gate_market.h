// Gate public market data for hand-entered positions: GET /api/v4/futures/usdt/contracts (every
// contract's mark_price, leverage_max, maintenance_rate and order_price_round, its price tick;
// exchanges.md §6.2).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "exchanges/public_link.h"
#include "market/market_data.h"
#include "net/http_client.h"
#include "risk/venue_formulas.h"

namespace baro::exchanges::gate {

Result<std::vector<market::Instrument>> ParseContractMarks(std::string_view body);
Result<std::vector<market::Instrument>> LoadInstruments(PublicLink& http, const net::Url& base);

// Maintenance tiers of one symbol: GET /api/v4/futures/usdt/risk_limit_tiers (risk_limit is each
// tier's value cap, with its maintenance_rate and deduction; risk.md §1.6).
Result<risk::VenueRiskSpec> ParseTiers(std::string_view body);
Result<risk::VenueRiskSpec> LoadTiers(PublicLink& http, const net::Url& base,
                                      const std::string& symbol);

}  // namespace baro::exchanges::gate
