// Cross margin: an estimated liquidation price per position that counts the other positions'
// maintenance margin and unrealized PnL, held at their current marks (docs/risk.md §1.2 Binance's
// cross formula and §1.1 HyperLiquid's `margin_available`). A per-position estimate that ignores
// the others overstates the room left when they lose.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "core/venue.h"
#include "risk/liquidation.h"

namespace baro::risk {

struct CrossLeg {
  Side side = Side::kLong;
  double size = 0;  // base units
  double entry = 0;
  double mark = 0;
  std::span<const Tier> tiers;
  double fee_rate = 0;  // on venues whose formula adds one
  // The instrument: a hedge position's opposite leg (same symbol) moves with the same mark, so it
  // is not held at its mark in the estimate. Empty: never matched.
  std::string_view symbol;
};

double LegUnrealizedPnl(const CrossLeg& leg, double price);
double LegMaintenance(const CrossLeg& leg, double price);

// The liquidation price of legs[index] with the others held at their marks: the equation of
// liquidation.h with M = wallet + Σ others (uPnL − maintenance), tier chosen at the price.
std::optional<double> CrossLiquidationPrice(std::span<const CrossLeg> legs, double wallet_balance,
                                            std::size_t index);

}  // namespace baro::risk
