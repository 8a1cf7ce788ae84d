// Binance USD-M public market data: GET /fapi/v1/premiumIndex (no symbol: every symbol's
// markPrice). Maximum leverage and the first maintenance tier come from the venue's signed
// leverage-bracket endpoint, so for hand-entered positions a dated bundled table is used
// (docs/risk.md §3, brackets of 2024-10-24): 125x and 0.40 % for BTCUSDT and ETHUSDT, and the
// venue-wide ceiling of 125x with 0.50 % for other symbols.
#pragma once

#include <string_view>
#include <vector>

#include "core/result.h"
#include "exchanges/public_link.h"
#include "market/market_data.h"
#include "net/http_client.h"

namespace baro::exchanges::binance {

Result<std::vector<market::Instrument>> ParsePremiumIndex(std::string_view body);
Result<std::vector<market::Instrument>> LoadInstruments(PublicLink& http, const net::Url& base);

}  // namespace baro::exchanges::binance
