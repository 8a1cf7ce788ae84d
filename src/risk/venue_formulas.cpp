#include "risk/venue_formulas.h"

#include <cmath>

namespace baro::risk {

std::optional<double> VenueLiquidationPrice(Venue, const IsolatedPosition& p,
                                            const VenueRiskSpec& spec) {
  // Every venue's current formula is the one equation with its own r and D, the tier read at the
  // liquidation price; the spec carries the venue's fee (zero where the formula has none).
  return EstimateLiquidationPrice(p.side, p.size, p.entry, p.margin, spec.tiers,
                                  spec.formula_fee_rate);
}

std::optional<double> BybitUtaLiquidationPrice(Side side, double size, double entry,
                                               double leverage, double extra_margin,
                                               double taker_fee, const Tier& tier) {
  if (leverage <= 0) return std::nullopt;
  const double s = Sign(side);
  const double margin = entry * size / leverage + extra_margin / (1 - s * taker_fee);
  return LiquidationPrice(side, size, entry, margin, tier.mmr, tier.deduction);
}

std::optional<double> AtEntryLiquidationPrice(Side side, double size, double entry, double leverage,
                                              double mmr, double deduction, double extra_margin) {
  if (size <= 0 || leverage <= 0) return std::nullopt;
  const double s = Sign(side);
  const double im = size * entry / leverage;
  const double mm = size * entry * mmr - deduction;
  const double lp = entry - s * (im - mm) / size - s * extra_margin / size;
  if (!std::isfinite(lp) || lp <= 0) return std::nullopt;
  return lp;
}

std::vector<Tier> TiersWithDeductions(std::span<const std::pair<double, double>> floor_and_rate) {
  std::vector<Tier> out;
  double deduction = 0;
  for (std::size_t i = 0; i < floor_and_rate.size(); ++i) {
    const auto [floor, rate] = floor_and_rate[i];
    if (i > 0) deduction += floor * (rate - floor_and_rate[i - 1].second);
    Tier t;
    t.notional_floor = floor;
    t.notional_cap = i + 1 < floor_and_rate.size() ? floor_and_rate[i + 1].first : 1e300;
    t.mmr = rate;
    t.deduction = deduction;
    out.push_back(t);
  }
  return out;
}

std::vector<Tier> HyperliquidTiers(
    std::span<const std::pair<double, double>> floor_and_max_leverage) {
  std::vector<std::pair<double, double>> rates;
  for (const auto& [floor, max_leverage] : floor_and_max_leverage) {
    rates.emplace_back(floor, HyperliquidMaintenanceRate(max_leverage));
  }
  return TiersWithDeductions(rates);
}

}  // namespace baro::risk
