// The cross account alone, for venues whose account figures include isolated positions: their
// equity counts every isolated position's margin and uPnL (Bitget's accountEquity, KuCoin's
// accountEquity). Baro's Account is the cross account only (core/position.h), so those are taken
// out with the positions the same read returned.
#pragma once

#include <span>

#include "core/position.h"

namespace baro::exchanges {

// `all` with its equity reduced to the cross part (less each isolated position's margin and uPnL)
// and its cross wallet set to that equity less the cross positions' uPnL. A venue-reported margin
// ratio stands; otherwise maintenance / cross equity.
Account CrossOnly(Account all, std::span<const Position> positions);

}  // namespace baro::exchanges
