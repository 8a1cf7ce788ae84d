// The Telegram text of one check's alerts for one chat: every position that changed, ordered by
// urgency, each with venue, account, symbol, side, size, entry, mark, liquidation price (marked
// when estimated), distance, leverage, PnL and what changed; valid Telegram HTML within 4096
// characters (split cleanly when longer), ending with the reference-only notice. Texts come from
// the catalogs.
#pragma once

#include <string>
#include <vector>

#include "core/position.h"
#include "notify/number_format.h"
#include "risk/assessment.h"
#include "risk/policy.h"

namespace baro::notify {

struct AlertItem {
  std::string account_label;
  Position position;
  risk::PositionRisk risk;
  std::vector<risk::AlertEvent> events;  // what changed for this position in this check
  std::string position_key;              // store::PositionSnapshot::position_key
  // How the venue quotes this symbol (from market::Instrument's price_* fields): entry, mark and
  // liquidation prices are shown at it; unknown: FormatPrice's precision that follows the size.
  PricePrecision price;
};

enum class NoticeKind { kClosed, kStale, kNeedsAttention };

// A message about a position or connection rather than a risk level.
struct Notice {
  NoticeKind kind;
  std::string venue;
  std::string account_label;
  std::string symbol;  // for kClosed
  std::string detail;  // for kNeedsAttention: the error, already translated
};

// The urgency used to order items: worst level first, then the smallest distance to liquidation.
bool MoreUrgent(const AlertItem& a, const AlertItem& b);

std::vector<std::string> RenderAlerts(std::vector<AlertItem> items,
                                      const std::vector<Notice>& notices,
                                      const std::string& locale);

// A short plain-text line for the alert history.
std::string Summary(const AlertItem& item, const risk::AlertEvent& event,
                    const std::string& locale);

}  // namespace baro::notify
