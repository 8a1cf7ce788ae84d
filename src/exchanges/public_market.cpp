#include "exchanges/public_market.h"

#include "exchanges/binance/binance_market.h"
#include "exchanges/bitget/bitget_market.h"
#include "exchanges/bybit/bybit_market.h"
#include "exchanges/gate/gate_market.h"
#include "exchanges/hyperliquid/hyperliquid_market.h"
#include "exchanges/kucoin/kucoin_market.h"
#include "exchanges/okx/okx_market.h"

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

Result<std::vector<market::Instrument>> LoadInstruments(Venue venue, VenueLink& link,
                                                        const PublicEndpoints& endpoints) {
  PublicLink http(link, PublicReads(venue));
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
    case Venue::kOkx: {
      auto base = url(endpoints.okx);
      if (!base) return base.error();
      return okx::LoadInstruments(http, *base);
    }
    case Venue::kBitget: {
      auto base = url(endpoints.bitget);
      if (!base) return base.error();
      return bitget::LoadInstruments(http, *base);
    }
    case Venue::kGate: {
      auto base = url(endpoints.gate);
      if (!base) return base.error();
      return gate::LoadInstruments(http, *base);
    }
    case Venue::kKucoin: {
      auto base = url(endpoints.kucoin_futures);
      if (!base) return base.error();
      return kucoin::LoadInstruments(http, *base);
    }
  }
  return MakeError(ErrorCode::kInternal, "unknown venue");
}

Result<risk::VenueRiskSpec> LoadTiers(Venue venue, const std::string& symbol, VenueLink& link,
                                      const PublicEndpoints& endpoints) {
  PublicLink http(link, PublicReads(venue));
  auto with = [&](const std::string& base_text, auto load) -> Result<risk::VenueRiskSpec> {
    auto base = net::ParseUrl(base_text);
    if (!base) return base.error();
    return load(http, *base, symbol);
  };
  switch (venue) {
    case Venue::kBybit:
      return with(endpoints.bybit, bybit::LoadTiers);
    case Venue::kBitget:
      return with(endpoints.bitget, bitget::LoadTiers);
    case Venue::kGate:
      return with(endpoints.gate, gate::LoadTiers);
    case Venue::kKucoin:
      return with(endpoints.kucoin_futures, kucoin::LoadTiers);
    case Venue::kHyperliquid:
      return with(endpoints.hyperliquid, hyperliquid::LoadTiers);
    case Venue::kOkx:
      return with(endpoints.okx, okx::LoadTiers);
    case Venue::kBinance:
      break;
  }
  return MakeError(ErrorCode::kNotFound,
                   std::string(ToString(venue)) + " tiers come from the snapshot");
}

}  // namespace baro::exchanges
