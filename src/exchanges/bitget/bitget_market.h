// Bitget public market data for hand-entered positions: GET
// /api/v2/mix/market/tickers?productType=USDT-FUTURES (every contract's markPrice; exchanges.md
// §5.8).
#pragma once

#include <string_view>
#include <vector>

#include "core/result.h"
#include "market/market_data.h"
#include "net/http_client.h"

namespace baro::exchanges::bitget {

Result<std::vector<market::Instrument>> ParseTickers(std::string_view body);
Result<std::vector<market::Instrument>> LoadInstruments(net::HttpClient& http,
                                                        const net::Url& base);

}  // namespace baro::exchanges::bitget
