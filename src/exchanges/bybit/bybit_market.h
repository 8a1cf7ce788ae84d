// Bybit v5 public market data for hand-entered positions: GET /v5/market/tickers?category=linear
// (every linear symbol's markPrice in one answer; exchanges.md §3.8, bybit-exchange/docs
// docs/v5/market/tickers.mdx). The maximum leverage and first maintenance tier come from the
// bundled tier table (risk.md §3: BTCUSDT 100x / 0.5 %); other symbols get no maximum (0: not
// checked) and the venue's lowest published rate, 0.5 %.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "exchanges/public_link.h"
#include "market/market_data.h"
#include "net/http_client.h"
#include "risk/venue_formulas.h"

namespace baro::exchanges::bybit {

Result<std::vector<market::Instrument>> ParseTickers(std::string_view body);
Result<std::vector<market::Instrument>> LoadInstruments(PublicLink& http, const net::Url& base);

// Maintenance tiers of one symbol: GET /v5/market/risk-limit?category=linear&symbol=
// (riskLimitValue is each tier's notional cap; bybit-exchange/docs docs/v5/market/risk-limit.mdx,
// risk.md §1.3).
Result<risk::VenueRiskSpec> ParseTiers(std::string_view body);
Result<risk::VenueRiskSpec> LoadTiers(PublicLink& http, const net::Url& base,
                                      const std::string& symbol);

}  // namespace baro::exchanges::bybit
