// Each venue's own liquidation formula (docs/risk.md §1), all instances of the one equation of
// liquidation.h: what differs per venue is the rate r (maintenance rate of the tier, plus a fee on
// OKX, Bitget, Gate and KuCoin), the deduction D of the tier, and where the tier is read (at the
// liquidation price on every current formula). The published older forms that read the maintenance
// margin at the entry price (Bybit's classic page, KuCoin's older page) and Bybit's current UTA
// form with added margin are here too, so their worked examples can be reproduced exactly.
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

struct IsolatedPosition {
  Side side = Side::kLong;
  double size = 0;  // base units
  double entry = 0;
  double margin = 0;  // isolated margin (for a hand-entered position: size·entry/leverage)
};

// The venue's estimate, tier chosen at the liquidation price; nullopt when there is none.
std::optional<double> VenueLiquidationPrice(Venue venue, const IsolatedPosition& p,
                                            const VenueRiskSpec& spec);

// Bybit UTA isolated (risk.md §1.3a): M = EP·Q/Lev + extra/(1 ∓ taker), r = MMR, D = mmDeduction.
std::optional<double> BybitUtaLiquidationPrice(Side side, double size, double entry,
                                               double leverage, double extra_margin,
                                               double taker_fee, const Tier& tier);

// Maintenance margin read at entry (Bybit classic, KuCoin older page):
// LP = EP ∓ (IM − MM)/Q ∓ extra/Q with IM = Q·EP/Lev and MM = Q·EP·MMR − D.
std::optional<double> AtEntryLiquidationPrice(Side side, double size, double entry, double leverage,
                                              double mmr, double deduction, double extra_margin);

// Tier tables given by floor and rate, with each tier's deduction from the venues' recursion
// D(n) = D(n−1) + floor(n)·(rate(n) − rate(n−1)) (Binance cum, Bybit mmDeduction, HyperLiquid
// maintenance_deduction).
std::vector<Tier> TiersWithDeductions(std::span<const std::pair<double, double>> floor_and_rate);

// HyperLiquid margin tables: floor and maximum leverage per tier; rate = 1/(2·max leverage).
std::vector<Tier> HyperliquidTiers(
    std::span<const std::pair<double, double>> floor_and_max_leverage);

}  // namespace baro::risk
