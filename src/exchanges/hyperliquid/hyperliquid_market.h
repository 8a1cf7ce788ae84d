// HyperLiquid public market data: POST /info {"type":"metaAndAssetCtxs"} returns [meta, assetCtxs],
// where assetCtxs[i] belongs to meta.universe[i] (markPx, and maxLeverage per coin). Maintenance
// rate = 1/(2·maxLeverage) (docs/risk.md §1.1).
#pragma once

#include <string_view>
#include <vector>

#include "core/result.h"
#include "market/market_data.h"
#include "net/http_client.h"

namespace baro::exchanges::hyperliquid {

Result<std::vector<market::Instrument>> ParseMetaAndAssetCtxs(std::string_view body);
Result<std::vector<market::Instrument>> LoadInstruments(net::HttpClient& http,
                                                        const net::Url& base);

}  // namespace baro::exchanges::hyperliquid
