// Public market data per venue (no key): the instrument table with mark prices and maximum
// leverage, read from each venue's public endpoint. One function per venue folder; LoadInstruments
// picks it. Every read goes through a PublicLink (exchanges/public_link.h): built only for an
// endpoint in the venue's table of public reads, and charged to the venue's budget in `link`.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "core/venue.h"
#include "exchanges/venue_link.h"
#include "market/market_data.h"
#include "net/http_client.h"
#include "risk/venue_formulas.h"

namespace baro::exchanges {

// Public base URLs, from the configuration.
struct PublicEndpoints {
  std::string hyperliquid = "https://api.hyperliquid.xyz";
  std::string binance_futures = "https://fapi.binance.com";
  std::string bybit = "https://api.bybit.com";
  std::string okx = "https://www.okx.com";
  std::string bitget = "https://api.bitget.com";
  std::string gate = "https://api.gateio.ws";
  std::string kucoin_futures = "https://api-futures.kucoin.com";
};

Result<std::vector<market::Instrument>> LoadInstruments(Venue venue, VenueLink& link,
                                                        const PublicEndpoints& endpoints);

// One symbol's maintenance tiers from the venue's public endpoint: HyperLiquid (meta margin
// tables), Bybit, OKX (in contracts, converted), Bitget, Gate and KuCoin publish them; Binance's
// need a signed request (they come with a connected account's read), so Binance answers kNotFound.
Result<risk::VenueRiskSpec> LoadTiers(Venue venue, const std::string& symbol, VenueLink& link,
                                      const PublicEndpoints& endpoints);

// The error for a non-2xx public answer, with the venue's name and status only.
Error PublicReadError(std::string_view venue, int status);

}  // namespace baro::exchanges
