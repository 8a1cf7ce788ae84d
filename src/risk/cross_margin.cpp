#include "risk/cross_margin.h"

namespace baro::risk {

double LegUnrealizedPnl(const CrossLeg& leg, double price) {
  return Sign(leg.side) * leg.size * (price - leg.entry);
}

double LegMaintenance(const CrossLeg& leg, double price) {
  static constexpr Tier kDefault{0, 1e300, 0.005, 0};
  const double notional = leg.size * price;
  const Tier& tier = leg.tiers.empty() ? kDefault : TierFor(leg.tiers, notional);
  return notional * (tier.mmr + leg.fee_rate) - tier.deduction;
}

std::optional<double> CrossLiquidationPrice(std::span<const CrossLeg> legs, double wallet_balance,
                                            std::size_t index) {
  if (index >= legs.size()) return std::nullopt;
  double available = wallet_balance;
  for (std::size_t j = 0; j < legs.size(); ++j) {
    if (j == index) continue;
    available += LegUnrealizedPnl(legs[j], legs[j].mark) - LegMaintenance(legs[j], legs[j].mark);
  }
  const CrossLeg& leg = legs[index];
  static constexpr Tier kDefault{0, 1e300, 0.005, 0};
  const std::span<const Tier> tiers =
      leg.tiers.empty() ? std::span<const Tier>(&kDefault, 1) : leg.tiers;
  return EstimateLiquidationPrice(leg.side, leg.size, leg.entry, available, tiers, leg.fee_rate);
}

}  // namespace baro::risk
