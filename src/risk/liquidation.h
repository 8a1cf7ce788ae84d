// Liquidation-price estimates, from the one equation every venue's isolated formula solves
// (docs/risk.md §0):  M + s·Q·(P − EP) = Q·P·r − D, so  LP = (s·Q·EP − M − D) / (Q·(s − r)),
// with the maintenance tier chosen at the liquidation price, not at entry.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "core/position.h"

namespace baro::risk {

// One maintenance-margin tier: notional in [floor, cap) uses rate `mmr` and deduction `deduction`.
struct Tier {
  double notional_floor = 0;
  double notional_cap = 1e300;
  double mmr = 0.005;
  double deduction = 0;
};

// LP for one (r, D): nullopt when the position cannot be liquidated (a long whose margin covers the
// whole notional gives LP <= 0).
std::optional<double> LiquidationPrice(Side side, double size, double entry, double margin,
                                       double rate, double deduction);

// LP with the tier that contains the notional at the liquidation price. `extra_rate` is added to
// each tier's rate for venues whose formula includes a closing or liquidation fee.
std::optional<double> EstimateLiquidationPrice(Side side, double size, double entry, double margin,
                                               std::span<const Tier> tiers, double extra_rate = 0);

// The maintenance rate and deduction of the tier holding `notional`.
const Tier& TierFor(std::span<const Tier> tiers, double notional);

// HyperLiquid: maintenance rate is half the initial margin rate at max leverage.
inline double HyperliquidMaintenanceRate(double max_leverage) {
  return 1.0 / (2.0 * max_leverage);
}

}  // namespace baro::risk
