// KuCoin public market data for hand-entered positions: GET /api/v1/contracts/active (every
// contract's markPrice, maxLeverage and maintainMargin; exchanges.md §7.8).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "exchanges/public_link.h"
#include "market/market_data.h"
#include "net/http_client.h"
#include "risk/venue_formulas.h"

namespace baro::exchanges::kucoin {

Result<std::vector<market::Instrument>> ParseActiveContracts(std::string_view body);
Result<std::vector<market::Instrument>> LoadInstruments(PublicLink& http, const net::Url& base);

// Maintenance tiers of one symbol: GET /api/v1/contracts/risk-limit/{symbol}
// (minRiskLimit/maxRiskLimit in USDT, maintainMargin per level; risk.md §1.7).
Result<risk::VenueRiskSpec> ParseTiers(std::string_view body);
Result<risk::VenueRiskSpec> LoadTiers(PublicLink& http, const net::Url& base,
                                      const std::string& symbol);

}  // namespace baro::exchanges::kucoin
