// The bot's /status and /positions text: every watched position, most urgent first (worst level,
// then the smallest distance to liquidation), each as a few short lines a phone shows without
// wrapping the key figure: venue · account, coin, side and size; distance to liquidation with its
// level; mark → liquidation (≈ when estimated); PnL and ROE; when it was last checked. Long lists
// are cut into several messages, each within Telegram's 4096 characters and each ending with the
// reference-only notice.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "store/records.h"

namespace baro::notify {

// `labels` names each connection's account by connection id. `now` dates "checked … ago".
std::vector<std::string> RenderStatus(std::vector<store::PositionSnapshot> positions,
                                      const std::map<store::Id, std::string>& labels,
                                      const std::string& locale, std::int64_t now);

// Most urgent first: emergency, critical, warning, price unavailable, safe; then the smaller
// distance to liquidation (unknown last).
bool MoreUrgentSnapshot(const store::PositionSnapshot& a, const store::PositionSnapshot& b);

// "BTC" matches the coin (base asset or venue symbol, any case); "okx" or "OKX" the venue.
bool MatchesFilter(const store::PositionSnapshot& position, const std::string& filter);

}  // namespace baro::notify
