#include "exchanges/public_market.h"

#include "exchanges/binance/binance_market.h"
#include "exchanges/bybit/bybit_market.h"
#include "exchanges/hyperliquid/hyperliquid_market.h"

namespace baro::exchanges {

Error PublicReadError(std::string_view venue, int status) {
  if (status == 429 || status == 418) {
    return MakeError(ErrorCode::kRateLimited,
                     std::string(venue) + ": rate limited (HTTP " + std::to_string(status) + ")");
  }
  return MakeError(
      ErrorCode::kUnavailable,
      std::string(venue) + ": public data unavailable (HTTP " + std::to_string(status) + ")");
}

Result<std::vector<market::Instrument>> LoadInstruments(Venue venue, net::HttpClient& http,
                                                        const PublicEndpoints& endpoints) {
  auto url = [](const std::string& text) { return net::ParseUrl(text); };
  switch (venue) {
    case Venue::kHyperliquid: {
      auto base = url(endpoints.hyperliquid);
      if (!base) return base.error();
      return hyperliquid::LoadInstruments(http, *base);
    }
    case Venue::kBinance: {
      auto base = url(endpoints.binance_futures);
      if (!base) return base.error();
      return binance::LoadInstruments(http, *base);
    }
    case Venue::kBybit: {
      auto base = url(endpoints.bybit);
      if (!base) return base.error();
      return bybit::LoadInstruments(http, *base);
    }
    default:
      return MakeError(ErrorCode::kUnavailable, std::string(ToString(venue)) +
                                                    " has no public market data in this build yet");
  }
}

}  // namespace baro::exchanges
