#include "core/venue.h"

#include <array>

namespace baro {
namespace {
constexpr std::array kVenues = {Venue::kHyperliquid, Venue::kBinance, Venue::kBybit, Venue::kOkx,
                                Venue::kBitget,      Venue::kGate,    Venue::kKucoin};
}

std::span<const Venue> AllVenues() {
  return kVenues;
}

std::string_view ToString(Venue venue) {
  switch (venue) {
    case Venue::kHyperliquid:
      return "hyperliquid";
    case Venue::kBinance:
      return "binance";
    case Venue::kBybit:
      return "bybit";
    case Venue::kOkx:
      return "okx";
    case Venue::kBitget:
      return "bitget";
    case Venue::kGate:
      return "gate";
    case Venue::kKucoin:
      return "kucoin";
  }
  return "unknown";
}

std::optional<Venue> VenueFromString(std::string_view name) {
  for (Venue v : kVenues) {
    if (ToString(v) == name) return v;
  }
  return std::nullopt;
}

std::string_view DisplayName(Venue venue) {
  switch (venue) {
    case Venue::kHyperliquid:
      return "HyperLiquid";
    case Venue::kBinance:
      return "Binance";
    case Venue::kBybit:
      return "Bybit";
    case Venue::kOkx:
      return "OKX";
    case Venue::kBitget:
      return "Bitget";
    case Venue::kGate:
      return "Gate";
    case Venue::kKucoin:
      return "KuCoin";
  }
  return ToString(venue);
}

bool VenueNeedsPassphrase(Venue venue) {
  return venue == Venue::kOkx || venue == Venue::kBitget || venue == Venue::kKucoin;
}

bool VenueUsesApiKey(Venue venue) {
  return venue != Venue::kHyperliquid;
}

std::string_view ToString(Side side) {
  return side == Side::kLong ? "long" : "short";
}

std::optional<Side> SideFromString(std::string_view s) {
  if (s == "long") return Side::kLong;
  if (s == "short") return Side::kShort;
  return std::nullopt;
}

std::string_view ToString(MarginMode mode) {
  return mode == MarginMode::kIsolated ? "isolated" : "cross";
}

std::optional<MarginMode> MarginModeFromString(std::string_view s) {
  if (s == "isolated") return MarginMode::kIsolated;
  if (s == "cross") return MarginMode::kCross;
  return std::nullopt;
}

}  // namespace baro
