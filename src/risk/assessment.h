// Assess: the risk figures of one position and the level of each signal.
//  - liquidation price: the venue's when it reports one, otherwise Baro's estimate (flagged);
//  - distance to liquidation as a fraction of mark; margin usage (maintenance / position margin);
//  - effective leverage (notional / margin, or notional / equity for cross with account data);
//  - ROE on initial margin and unrealized PnL.
// Everything is judged on mark price, never last trade price.
#pragma once

#include <algorithm>
#include <optional>
#include <span>

#include "core/position.h"
#include "risk/levels.h"
#include "risk/liquidation.h"
#include "risk/thresholds.h"

namespace baro::risk {

struct PositionRisk {
  double mark = 0;
  std::optional<double> liquidation_price;
  bool liquidation_estimated = false;
  // The maintenance rates behind the estimate are a conservative stand-in (no venue, account or
  // snapshot tiers for the symbol): shown with the figures.
  bool tiers_estimated = false;
  std::optional<double> distance;      // s·(mark − LP)/mark; absent without an LP
  std::optional<double> margin_usage;  // maintenance margin / (margin + uPnL)
  double effective_leverage = 0;
  double roe = 0;
  double unrealized_pnl = 0;
  double notional = 0;
  Level liquidation_level = Level::kOk;
  Level leverage_level = Level::kOk;
  Level loss_level = Level::kOk;

  Level worst() const { return std::max({liquidation_level, leverage_level, loss_level}); }
  Level LevelOf(Signal s) const {
    return s == Signal::kLiquidation ? liquidation_level
           : s == Signal::kLeverage  ? leverage_level
                                     : loss_level;
  }
};

struct AssessInput {
  const Position& position;
  const Account* account = nullptr;  // cross-margin account figures, when known
  std::span<const Tier> tiers;       // maintenance tiers for estimates; empty: 0.5 % flat
  double fee_rate = 0;               // added to the rate on venues whose formula includes a fee
  bool tiers_estimated = false;      // the tiers are a conservative stand-in (TierLookup)
};

PositionRisk Assess(const AssessInput& in, const Thresholds& t);

// The level a value reaches on a ladder, ignoring hysteresis.
Level LevelAtMost(double value, const Ladder& ladder);   // fires when value <= threshold
Level LevelAtLeast(double value, const Ladder& ladder);  // fires when value >= threshold

}  // namespace baro::risk
