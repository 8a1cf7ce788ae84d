// Each venue's own parameters of the one equation of liquidation.h (docs/risk.md): the rate r (the
// tier's maintenance rate, plus a fee on OKX, Bitget, Gate and KuCoin), the deduction D of the tier
// (only on venues that have one), the tier read at the liquidation price. risk::Assess applies
// them; the venues' published examples are reproduced through it
// (tests/risk/published_examples_test.cpp).
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "core/venue.h"
#include "risk/liquidation.h"

namespace baro::risk {

// What the formulas need to know about one venue's contract: its maintenance tiers (with
// deductions), the fee its formula adds to the rate (0 where none), and its maximum leverage.
struct VenueRiskSpec {
  std::vector<Tier> tiers;
  double formula_fee_rate = 0;
  double max_leverage = 0;
};

// Tier tables given by floor and rate, with each tier's deduction from the venues' recursion
// D(n) = D(n−1) + floor(n)·(rate(n) − rate(n−1)) (Binance cum, Bybit mmDeduction, HyperLiquid
// maintenance_deduction).
std::vector<Tier> TiersWithDeductions(std::span<const std::pair<double, double>> floor_and_rate);

// Whether a venue's maintenance margin subtracts a tier deduction (HyperLiquid, Binance cum, Bybit
// mmDeduction, Gate `deduction`), or charges the whole position at the tier's rate (OKX, Bitget,
// KuCoin: their help pages and formulas have no deduction, docs/risk.md).
bool VenueHasDeductions(Venue venue);

// Tiers as the venue applies them: with the recursion's deductions where the venue has them, else
// every deduction 0.
std::vector<Tier> VenueTiers(Venue venue,
                             std::span<const std::pair<double, double>> floor_and_rate);

// HyperLiquid margin tables: floor and maximum leverage per tier; rate = 1/(2·max leverage).
std::vector<Tier> HyperliquidTiers(
    std::span<const std::pair<double, double>> floor_and_max_leverage);

}  // namespace baro::risk
