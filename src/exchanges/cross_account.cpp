#include "exchanges/cross_account.h"

namespace baro::exchanges {

Account CrossOnly(Account all, std::span<const Position> positions) {
  double cross_upnl = 0;
  for (const auto& p : positions) {
    if (p.margin_account != all.name) continue;
    if (p.margin_mode == MarginMode::kIsolated) {
      all.equity -= p.isolated_margin.value_or(0) + p.unrealized_pnl;
    } else {
      cross_upnl += p.unrealized_pnl;
    }
  }
  all.cross_wallet_balance = all.equity - cross_upnl;
  if (!all.margin_ratio && all.equity > 0 && all.maintenance_margin > 0) {
    all.margin_ratio = all.maintenance_margin / all.equity;
  }
  return all;
}

}  // namespace baro::exchanges
