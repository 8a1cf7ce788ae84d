// KuCoin public market data for hand-entered positions: GET /api/v1/contracts/active (every
// contract's markPrice, maxLeverage and maintainMargin; exchanges.md §7.8).
#pragma once

#include <string_view>
#include <vector>

#include "core/result.h"
#include "market/market_data.h"
#include "net/http_client.h"

namespace baro::exchanges::kucoin {

Result<std::vector<market::Instrument>> ParseActiveContracts(std::string_view body);
Result<std::vector<market::Instrument>> LoadInstruments(net::HttpClient& http,
                                                        const net::Url& base);

}  // namespace baro::exchanges::kucoin
