// OKX public market data for hand-entered positions: GET /api/v5/public/mark-price?instType=SWAP
// (every swap's markPx; exchanges.md §4.8, okx.com/docs-v5 "Get mark price").
#pragma once

#include <string_view>
#include <vector>

#include "core/result.h"
#include "market/market_data.h"
#include "net/http_client.h"

namespace baro::exchanges::okx {

Result<std::vector<market::Instrument>> ParseMarkPrices(std::string_view body);
Result<std::vector<market::Instrument>> LoadInstruments(net::HttpClient& http,
                                                        const net::Url& base);

}  // namespace baro::exchanges::okx
