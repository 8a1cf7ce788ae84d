#include "risk/liquidation.h"

#include <cmath>

namespace baro::risk {

std::optional<double> LiquidationPrice(Side side, double size, double entry, double margin,
                                       double rate, double deduction) {
  const double s = Sign(side);
  const double denom = size * (s - rate);
  if (size <= 0 || denom == 0) return std::nullopt;
  const double lp = (s * size * entry - margin - deduction) / denom;
  if (!std::isfinite(lp) || lp <= 0) return std::nullopt;
  return lp;
}

const Tier& TierFor(std::span<const Tier> tiers, double notional) {
  for (const Tier& t : tiers) {
    if (notional >= t.notional_floor && notional < t.notional_cap) return t;
  }
  return tiers.back();
}

std::optional<double> EstimateLiquidationPrice(Side side, double size, double entry, double margin,
                                               std::span<const Tier> tiers, double extra_rate) {
  if (tiers.empty()) return std::nullopt;
  for (const Tier& t : tiers) {
    auto lp = LiquidationPrice(side, size, entry, margin, t.mmr + extra_rate, t.deduction);
    if (!lp) continue;
    const double notional = *lp * size;
    if (notional >= t.notional_floor && notional < t.notional_cap) return lp;
  }
  // No tier is self-consistent (possible at tier edges): use the tier of the entry notional. A
  // price from a tier whose bounds it falls outside is never returned.
  const Tier& at_entry = TierFor(tiers, entry * size);
  return LiquidationPrice(side, size, entry, margin, at_entry.mmr + extra_rate, at_entry.deduction);
}

}  // namespace baro::risk
