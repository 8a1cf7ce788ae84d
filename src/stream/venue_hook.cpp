#include "stream/venue_hook.h"

#include <algorithm>

#include "stream/venues/venue_streams.h"

namespace baro::stream {
namespace {

template <typename Frame>
std::vector<std::string> Chunked(std::span<const std::string> symbols, std::size_t per_message,
                                 Frame frame) {
  std::vector<std::string> out;
  const std::size_t step = std::max<std::size_t>(per_message, 1);
  for (std::size_t i = 0; i < symbols.size(); i += step) {
    out.push_back(frame(symbols.subspan(i, std::min(step, symbols.size() - i))));
  }
  return out;
}

}  // namespace

std::vector<std::string> VenueHook::Subscribe(std::span<const std::string> symbols,
                                              std::int64_t now_ms) {
  return Chunked(symbols, limits().symbols_per_message, [&](std::span<const std::string> chunk) {
    return SubscribeFrame(chunk, true, now_ms);
  });
}

std::vector<std::string> VenueHook::Unsubscribe(std::span<const std::string> symbols,
                                                std::int64_t now_ms) {
  return Chunked(symbols, limits().symbols_per_message, [&](std::span<const std::string> chunk) {
    return SubscribeFrame(chunk, false, now_ms);
  });
}

std::unique_ptr<VenueHook> MakeVenueHook(Venue venue, const StreamEndpoints& endpoints) {
  switch (venue) {
    case Venue::kHyperliquid:
      return MakeHyperliquidHook(endpoints.hyperliquid);
    case Venue::kBinance:
      return MakeBinanceHook(endpoints.binance);
    case Venue::kBybit:
      return MakeBybitHook(endpoints.bybit);
    case Venue::kOkx:
      return MakeOkxHook(endpoints.okx);
    case Venue::kBitget:
      return MakeBitgetHook(endpoints.bitget);
    case Venue::kGate:
      return MakeGateHook(endpoints.gate);
    case Venue::kKucoin:
      return MakeKucoinHook(endpoints.kucoin_token_api);
  }
  return nullptr;
}

}  // namespace baro::stream
