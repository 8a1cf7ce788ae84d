// Gate public market data for hand-entered positions: GET /api/v4/futures/usdt/contracts (every
// contract's mark_price, leverage_max and maintenance_rate; exchanges.md §6.2).
#pragma once

#include <string_view>
#include <vector>

#include "core/result.h"
#include "market/market_data.h"
#include "net/http_client.h"

namespace baro::exchanges::gate {

Result<std::vector<market::Instrument>> ParseContractMarks(std::string_view body);
Result<std::vector<market::Instrument>> LoadInstruments(net::HttpClient& http,
                                                        const net::Url& base);

}  // namespace baro::exchanges::gate
