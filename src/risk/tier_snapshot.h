// The bundled, dated snapshot of maintenance tiers, maximum leverage and formula fees per venue
// (docs/risk.md §3, each entry with its source and date): the fallback when a venue's public tier
// data cannot be read. Symbols the snapshot does not list get the venue's default spec, which
// uses the instrument's first-tier rate when the public market data gives one.
#pragma once

#include <optional>
#include <string_view>

#include "core/venue.h"
#include "risk/venue_formulas.h"

namespace baro::risk {

// The snapshot's date (the newest of its sources), shown with estimates made from it.
inline constexpr std::string_view kTierSnapshotDate = "2026-08-05";

// The snapshot's spec for a symbol (the venue's own name, e.g. "BTCUSDT", "BTC-USDT-SWAP"), or
// nullopt when it does not list the symbol.
std::optional<VenueRiskSpec> SnapshotSpec(Venue venue, std::string_view symbol);

// The most conservative first-tier rate among the snapshot's symbols of a venue (Binance: the
// highest first-bracket rate Binance lists, 3 %; elsewhere the BTC and ETH tables), the stand-in for a symbol in neither the
// venue's data nor the snapshot; for a venue the snapshot lists nothing for (OKX, Gate), the most
// conservative rate of the whole snapshot.
double ConservativeRate(Venue venue);

// The venue's default for unlisted symbols: one tier at `first_tier_rate` (a rate the venue
// reports, e.g. the instrument's first tier), else at ConservativeRate, and the venue's formula
// fee.
VenueRiskSpec DefaultSpec(Venue venue, std::optional<double> first_tier_rate);

}  // namespace baro::risk
