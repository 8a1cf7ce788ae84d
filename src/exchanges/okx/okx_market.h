// OKX public market data for hand-entered positions: GET /api/v5/public/mark-price?instType=SWAP
// (every swap's markPx; exchanges.md §4.8, okx.com/docs-v5 "Get mark price"), and a swap's
// maintenance tiers: GET
// /api/v5/public/position-tiers?instType=SWAP&tdMode=isolated|cross&instFamily=
// (https://www.okx.com/docs-v5/en/#public-data-rest-api-get-position-tiers), whose bounds minSz and
// maxSz count contracts, converted to notional with the contract's ctVal (GET
// /api/v5/public/instruments, https://www.okx.com/docs-v5/en/#public-data-rest-api-get-instruments)
// and the mark price at the time of the read.
#pragma once

#include <string_view>
#include <vector>

#include "core/result.h"
#include "exchanges/public_link.h"
#include "market/market_data.h"
#include "net/http_client.h"
#include "risk/venue_formulas.h"

namespace baro::exchanges::okx {

Result<std::vector<market::Instrument>> ParseMarkPrices(std::string_view body);
Result<std::vector<market::Instrument>> LoadInstruments(PublicLink& http, const net::Url& base);

// One swap's tiers from a position-tiers answer: tier floors at min contracts × ct_val × mark,
// the whole position at the tier's mmr (OKX has no deduction), OKX's 0.05 % fee in the formula.
Result<risk::VenueRiskSpec> ParseTiers(std::string_view body, double ct_val, double mark);
// Two tables of the same swap as one: at every floor of either, the higher of their rates.
risk::VenueRiskSpec HigherTiers(const risk::VenueRiskSpec& a, const risk::VenueRiskSpec& b);
// instrument: the swap's instId ("BTC-USDT-SWAP"); four public reads (contract value, mark price,
// the isolated and the cross tiers; tdMode is required and the documentation does not say the two
// agree), the higher rate of the two at every size kept, whichever mode a position is in.
Result<risk::VenueRiskSpec> LoadTiers(PublicLink& http, const net::Url& base,
                                      const std::string& instrument);

}  // namespace baro::exchanges::okx
