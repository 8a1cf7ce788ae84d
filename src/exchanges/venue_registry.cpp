// The one list of venues this build can read. A venue is a folder with its client; this table is
// the only place that names them all.
#include "exchanges/binance/binance_client.h"
#include "exchanges/bitget/bitget_client.h"
#include "exchanges/bybit/bybit_client.h"
#include "exchanges/gate/gate_client.h"
#include "exchanges/hyperliquid/hyperliquid_client.h"
#include "exchanges/kucoin/kucoin_client.h"
#include "exchanges/okx/okx_client.h"
#include "exchanges/venue_client.h"

namespace baro::exchanges {

std::string_view ToString(KeyVerdict v) {
  switch (v) {
    case KeyVerdict::kAccepted:
      return "accepted";
    case KeyVerdict::kAcceptedWithWarning:
      return "accepted_with_warning";
    case KeyVerdict::kRefused:
      return "refused";
    case KeyVerdict::kUnverified:
      return "unverified";
  }
  return "refused";
}

std::span<const ReadEndpoint> AllowedReads(Venue venue) {
  switch (venue) {
    case Venue::kHyperliquid:
      return hyperliquid::AllowedReads();
    case Venue::kBinance:
      return binance::AllowedReads();
    case Venue::kBybit:
      return bybit::AllowedReads();
    case Venue::kOkx:
      return okx::AllowedReads();
    case Venue::kBitget:
      return bitget::AllowedReads();
    case Venue::kGate:
      return gate::AllowedReads();
    case Venue::kKucoin:
      return kucoin::AllowedReads();
  }
  return {};
}

std::string BinanceCoinFuturesBase(const VenueEndpoints& e) {
  if (!e.binance_coin_futures.empty()) return e.binance_coin_futures;
  return e.binance_futures == kBinanceFuturesHost ? std::string(kBinanceCoinFuturesHost)
                                                  : e.binance_futures;
}

Result<std::unique_ptr<VenueClient>> MakeVenueClient(Venue venue, const VenueEndpoints& e,
                                                     VenueLink& link) {
  auto make = [&](const std::string& base, auto factory) -> Result<std::unique_ptr<VenueClient>> {
    auto url = net::ParseUrl(base);
    if (!url) return url.error();
    return std::unique_ptr<VenueClient>(factory(*url));
  };
  switch (venue) {
    case Venue::kHyperliquid:
      return make(e.hyperliquid,
                  [&](net::Url u) { return new hyperliquid::HyperliquidClient(u, link); });
    case Venue::kBinance: {
      auto futures = net::ParseUrl(e.binance_futures);
      auto coin_futures = net::ParseUrl(BinanceCoinFuturesBase(e));
      auto spot = net::ParseUrl(e.binance_spot);
      if (!futures) return futures.error();
      if (!coin_futures) return coin_futures.error();
      if (!spot) return spot.error();
      return std::unique_ptr<VenueClient>(
          new binance::BinanceClient(*futures, *coin_futures, *spot, link));
    }
    case Venue::kBybit:
      return make(e.bybit, [&](net::Url u) { return new bybit::BybitClient(u, link); });
    case Venue::kOkx:
      return make(e.okx, [&](net::Url u) { return new okx::OkxClient(u, link); });
    case Venue::kBitget:
      return make(e.bitget, [&](net::Url u) { return new bitget::BitgetClient(u, link); });
    case Venue::kGate:
      return make(e.gate, [&](net::Url u) { return new gate::GateClient(u, link); });
    case Venue::kKucoin: {
      auto futures = net::ParseUrl(e.kucoin_futures);
      auto spot = net::ParseUrl(e.kucoin_spot);
      if (!futures) return futures.error();
      if (!spot) return spot.error();
      return std::unique_ptr<VenueClient>(new kucoin::KucoinClient(*futures, *spot, link));
    }
    default:
      return MakeError(
          ErrorCode::kInvalidInput,
          std::string(ToString(venue)) + " connections are not available in this build yet");
  }
}

}  // namespace baro::exchanges
