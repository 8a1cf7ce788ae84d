#include "risk/cross_margin.h"

namespace baro::risk {
namespace {

// The price at which the account's cross equity meets its maintenance when every leg on the
// symbol of legs[index] moves with the price and the others stay at their marks: the root of
// wallet + Σ fixed (uPnL − maintenance) + Σ moving (uPnL(P) − maintenance(P)), found by bisection
// on the side the net position loses on (below the mark for a net long, above it otherwise).
std::optional<double> HedgedLiquidationPrice(std::span<const CrossLeg> legs, double wallet,
                                             std::size_t index) {
  const std::string_view symbol = legs[index].symbol;
  const double mark = legs[index].mark;
  double fixed = wallet;
  double net = 0;
  for (const auto& leg : legs) {
    if (leg.symbol == symbol) {
      net += Sign(leg.side) * leg.size;
    } else {
      fixed += LegUnrealizedPnl(leg, leg.mark) - LegMaintenance(leg, leg.mark);
    }
  }
  auto room = [&](double price) {
    double r = fixed;
    for (const auto& leg : legs) {
      if (leg.symbol == symbol) r += LegUnrealizedPnl(leg, price) - LegMaintenance(leg, price);
    }
    return r;
  };
  if (mark <= 0) return std::nullopt;
  if (room(mark) <= 0) return mark;  // already at or past liquidation
  double safe = mark;
  double lost = 0;
  if (net > 0) {
    if (room(0) > 0) return std::nullopt;  // cannot be liquidated on the way down
    lost = 0;
  } else {
    lost = mark;
    for (int i = 0; i < 64 && room(lost) > 0; ++i) lost *= 2;
    if (room(lost) > 0) return std::nullopt;
  }
  for (int i = 0; i < 200; ++i) {
    const double mid = (safe + lost) / 2;
    (room(mid) > 0 ? safe : lost) = mid;
  }
  return (safe + lost) / 2;
}

}  // namespace

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
  for (std::size_t j = 0; j < legs.size(); ++j) {
    if (j != index && !legs[index].symbol.empty() && legs[j].symbol == legs[index].symbol)
      return HedgedLiquidationPrice(legs, wallet_balance, index);
  }
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
