#include "risk/assessment.h"

#include <algorithm>
#include <cmath>

namespace baro::risk {
namespace {

constexpr Tier kDefaultTier{0, 1e300, 0.005, 0};

}  // namespace

Level LevelAtMost(double value, const Ladder& l) {
  if (value <= l[2]) return Level::kEmergency;
  if (value <= l[1]) return Level::kCritical;
  if (value <= l[0]) return Level::kWarning;
  return Level::kOk;
}

Level LevelAtLeast(double value, const Ladder& l) {
  if (value >= l[2]) return Level::kEmergency;
  if (value >= l[1]) return Level::kCritical;
  if (value >= l[0]) return Level::kWarning;
  return Level::kOk;
}

PositionRisk Assess(const AssessInput& in, const Thresholds& t) {
  const Position& p = in.position;
  const std::span<const Tier> tiers =
      in.tiers.empty() ? std::span<const Tier>(&kDefaultTier, 1) : in.tiers;
  PositionRisk r;
  const double s = Sign(p.side);
  r.mark = p.mark_price > 0 ? p.mark_price : p.entry_price;
  r.notional = p.size * r.mark;
  r.unrealized_pnl = s * p.size * (r.mark - p.entry_price);
  const double leverage = p.leverage > 0 ? p.leverage : 1;
  const double initial_margin = p.size * p.entry_price / leverage;
  const double margin = p.isolated_margin.value_or(initial_margin);

  if (p.liquidation_price && *p.liquidation_price > 0) {
    r.liquidation_price = p.liquidation_price;
  } else {
    r.liquidation_price =
        EstimateLiquidationPrice(p.side, p.size, p.entry_price, margin, tiers, in.fee_rate);
    r.liquidation_estimated = r.liquidation_price.has_value();
  }
  if (r.liquidation_price && r.mark > 0) r.distance = s * (r.mark - *r.liquidation_price) / r.mark;

  const Tier& tier = TierFor(tiers, r.notional);
  const double maintenance =
      p.maintenance_margin.value_or(r.notional * (tier.mmr + in.fee_rate) - tier.deduction);
  r.tiers_estimated =
      in.tiers_estimated && (r.liquidation_estimated || !p.maintenance_margin.has_value());
  const bool cross_with_account =
      p.margin_mode == MarginMode::kCross && in.account != nullptr && in.account->equity > 0;
  if (cross_with_account && in.account->margin_ratio) {
    r.margin_usage = *in.account->margin_ratio;
  } else if (margin + r.unrealized_pnl > 0) {
    r.margin_usage = maintenance / (margin + r.unrealized_pnl);
  } else {
    r.margin_usage = 1.0;  // margin exhausted
  }
  const double equity = cross_with_account ? in.account->equity : margin + r.unrealized_pnl;
  r.effective_leverage = equity > 0 ? r.notional / equity : INFINITY;
  r.roe = initial_margin > 0 ? r.unrealized_pnl / initial_margin : 0;

  Level by_distance = r.distance ? LevelAtMost(*r.distance, t.distance) : Level::kOk;
  Level by_usage = r.margin_usage ? LevelAtLeast(*r.margin_usage, t.margin_usage) : Level::kOk;
  r.liquidation_level = std::max(by_distance, by_usage);
  r.leverage_level = LevelAtLeast(r.effective_leverage, t.leverage);
  r.loss_level = LevelAtMost(r.roe, t.roe);
  return r;
}

}  // namespace baro::risk
