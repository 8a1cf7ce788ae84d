// The cross account of venues whose account equity counts isolated positions (Bitget, KuCoin).
#include "exchanges/cross_account.h"

#include <gtest/gtest.h>

namespace baro::exchanges {
namespace {

TEST(CrossAccount, IsolatedMarginAndUpnlLeaveTheCrossEquity) {
  // accountEquity 10,000 includes an isolated position holding 1,000 of margin with uPnL -100;
  // a cross position has uPnL +300. By hand: cross equity 10,000 - (1,000 - 100) = 9,100; cross
  // wallet 9,100 - 300 = 8,800; requirement 91 over 9,100 = 0.01.
  Account all;
  all.equity = 10'000;
  all.maintenance_margin = 91;
  Position isolated;
  isolated.margin_mode = MarginMode::kIsolated;
  isolated.isolated_margin = 1'000;
  isolated.unrealized_pnl = -100;
  Position cross;
  cross.margin_mode = MarginMode::kCross;
  cross.unrealized_pnl = 300;
  const std::vector<Position> positions{isolated, cross};
  Account a = CrossOnly(all, positions);
  EXPECT_DOUBLE_EQ(a.equity, 9'100);
  EXPECT_DOUBLE_EQ(*a.cross_wallet_balance, 8'800);
  EXPECT_DOUBLE_EQ(*a.margin_ratio, 0.01);
  // A venue-reported ratio stands.
  all.margin_ratio = 0.5;
  EXPECT_DOUBLE_EQ(*CrossOnly(all, positions).margin_ratio, 0.5);
}

}  // namespace
}  // namespace baro::exchanges
