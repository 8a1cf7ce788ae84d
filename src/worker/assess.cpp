#include "worker/assess.h"

#include <map>
#include <optional>

#include "risk/cross_margin.h"

namespace baro::worker {
namespace {

// Estimated liquidation prices for the cross positions the venue gave none for: the others of the
// same cross account held at their marks, except a hedge position's opposite leg on the same
// symbol, which moves with the mark too. Each separately margined account (a HIP-3 dex, a margin
// asset) is estimated on its own, from the cross wallet the venue reports or, without one, from
// the cross equity less the cross positions' uPnL.
std::vector<std::optional<double>> CrossEstimates(const Observation& o) {
  std::vector<std::optional<double>> out(o.positions.size());
  std::map<std::string, std::vector<std::size_t>> by_account;
  for (std::size_t i = 0; i < o.positions.size(); ++i) {
    const Position& p = o.positions[i].position;
    if (p.margin_mode != MarginMode::kCross || p.mark_price <= 0) continue;
    by_account[p.margin_account].push_back(i);
  }
  for (const auto& [name, index] : by_account) {
    const Account* account = AccountFor(o, o.positions[index.front()].position);
    if (account == nullptr || account->equity <= 0) continue;
    std::vector<risk::CrossLeg> legs;
    double wallet = account->equity;
    for (std::size_t i : index) {
      const ObservedPosition& op = o.positions[i];
      const Position& p = op.position;
      legs.push_back(
          {p.side, p.size, p.entry_price, p.mark_price, op.tiers, op.fee_rate, p.symbol});
      wallet -= Sign(p.side) * p.size * (p.mark_price - p.entry_price);
    }
    if (account->cross_wallet_balance) wallet = *account->cross_wallet_balance;
    for (std::size_t k = 0; k < legs.size(); ++k) {
      if (o.positions[index[k]].position.liquidation_price) continue;  // the venue's stands
      out[index[k]] = risk::CrossLiquidationPrice(legs, wallet, k);
    }
  }
  return out;
}

}  // namespace

std::vector<AssessedPosition> AssessAll(const Observation& o, const risk::Thresholds& defaults) {
  auto base = risk::ApplyOverrides(defaults, o.user.thresholds_json);
  const risk::Thresholds user_thresholds = base ? *base : defaults;
  const auto estimates = CrossEstimates(o);
  std::vector<AssessedPosition> out;
  out.reserve(o.positions.size());
  for (std::size_t i = 0; i < o.positions.size(); ++i) {
    const ObservedPosition& op = o.positions[i];
    auto t = risk::ApplyOverrides(user_thresholds, op.thresholds_json);
    if (t && !op.position_thresholds_json.empty()) {
      t = risk::ApplyOverrides(*t, op.position_thresholds_json);
    }
    AssessedPosition a{&op, op.position, t ? *t : user_thresholds, {}};
    if (estimates[i]) a.position.liquidation_price = estimates[i];
    const Account* account = o.connection ? AccountFor(o, op.position) : nullptr;
    a.risk = risk::Assess({.position = a.position,
                           .account = account,
                           .tiers = op.tiers,
                           .fee_rate = op.fee_rate,
                           .tiers_estimated = op.tiers_estimated},
                          a.thresholds);
    if (estimates[i]) a.risk.liquidation_estimated = true;
    out.push_back(std::move(a));
  }
  return out;
}

const Account* AccountFor(const Observation& o, const Position& p) {
  if (p.margin_account.empty()) return o.account ? &*o.account : nullptr;
  for (const auto& a : o.other_accounts) {
    if (a.name == p.margin_account) return &a;
  }
  return nullptr;
}

}  // namespace baro::worker
