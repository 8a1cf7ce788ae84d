// The venues Baro reads from, and the vocabulary of a position: side and margin mode.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace baro {

enum class Venue { kHyperliquid, kBinance, kBybit, kOkx, kBitget, kGate, kKucoin };

std::span<const Venue> AllVenues();
std::string_view ToString(Venue venue);                       // "hyperliquid", "binance", ...
std::optional<Venue> VenueFromString(std::string_view name);  // inverse of ToString
// The venue's name as the exchange writes it, for text a person reads ("HyperLiquid", "OKX").
std::string_view DisplayName(Venue venue);
bool VenueNeedsPassphrase(Venue venue);  // OKX, Bitget, KuCoin
bool VenueUsesApiKey(Venue venue);       // all but HyperLiquid

enum class Side { kLong, kShort };
std::string_view ToString(Side side);  // "long" / "short"
std::optional<Side> SideFromString(std::string_view s);
inline double Sign(Side side) {
  return side == Side::kLong ? 1.0 : -1.0;
}

enum class MarginMode { kIsolated, kCross };
std::string_view ToString(MarginMode mode);  // "isolated" / "cross"
std::optional<MarginMode> MarginModeFromString(std::string_view s);

}  // namespace baro
