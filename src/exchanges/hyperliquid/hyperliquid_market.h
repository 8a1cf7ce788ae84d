// HyperLiquid public market data: POST /info {"type":"metaAndAssetCtxs"} returns [meta, assetCtxs],
// where assetCtxs[i] belongs to meta.universe[i] (markPx, and maxLeverage per coin). Maintenance
// rate = 1/(2·maxLeverage) (docs/risk.md §1.1).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "exchanges/public_link.h"
#include "market/market_data.h"
#include "net/http_client.h"
#include "risk/venue_formulas.h"

namespace baro::exchanges::hyperliquid {

Result<std::vector<market::Instrument>> ParseMetaAndAssetCtxs(std::string_view body);
Result<std::vector<market::Instrument>> LoadInstruments(PublicLink& http, const net::Url& base);

// A coin's margin tiers from POST /info {"type":"meta"}: the coin's `marginTableId` names one of
// `marginTables` ([id, {"marginTiers":[{"lowerBound","maxLeverage"}]}]); an id below 50 is a single
// tier at that maximum leverage (gitbook "Margin tiers"). Maintenance rate 1/(2·max leverage) per
// tier, deductions from the shared recursion.
Result<risk::VenueRiskSpec> ParseMarginTiers(std::string_view meta_body, std::string_view coin);
Result<risk::VenueRiskSpec> LoadTiers(PublicLink& http, const net::Url& base,
                                      const std::string& coin);

}  // namespace baro::exchanges::hyperliquid
