#include "notify/alert_message.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "i18n/i18n.h"
#include "notify/html.h"
#include "notify/number_format.h"

namespace baro::notify {
namespace {

std::string LevelIcon(risk::Level l) {
  switch (l) {
    case risk::Level::kEmergency:
      return "🟥";
    case risk::Level::kCritical:
      return "🟧";
    case risk::Level::kWarning:
      return "🟨";
    case risk::Level::kOk:
      return "🟩";
  }
  return "";
}

std::string T(const std::string& locale, std::string_view key, const i18n::Args& args = {}) {
  return EscapeHtml(i18n::Text(locale, key, args));
}

std::string EventText(const risk::AlertEvent& e, const std::string& locale) {
  const std::string signal =
      i18n::Text(locale, "alert.signal." + std::string(risk::ToString(e.signal)));
  const std::string level =
      i18n::Text(locale, "alert.level." + std::string(risk::ToString(e.level)));
  return T(locale, "alert.event." + std::string(risk::ToString(e.kind)),
           {{"signal", signal}, {"level", level}});
}

// "HyperLiquid · main": the venue's brand name and the account's label; hand-entered positions
// are named as such.
std::string Where(std::string_view venue_id, const std::string& account_label,
                  const std::string& locale) {
  const std::string venue =
      venue_id == "manual" ? i18n::Text(locale, "alert.venue.manual") : VenueDisplayName(venue_id);
  return EscapeHtml(venue) + (account_label.empty() ? "" : " · " + EscapeHtml(account_label));
}

std::string Block(const AlertItem& item, const std::string& locale) {
  const Position& p = item.position;
  const risk::PositionRisk& r = item.risk;
  risk::Level shown = risk::Level::kOk;
  for (const auto& e : item.events) shown = std::max(shown, e.level);
  std::string label = item.account_label;
  if (label.empty() && p.account != "manual") label = p.account;
  std::string out = LevelIcon(shown) + " <b>" + EscapeHtml(p.symbol) + "</b> " +
                    T(locale, std::string("alert.side.") + std::string(ToString(p.side))) + " · " +
                    Where(p.account == "manual" ? "manual" : ToString(p.venue), label, locale);
  for (const auto& e : item.events) out += "\n" + EventText(e, locale);
  // The key figure, distance to liquidation, has a line of its own.
  if (r.liquidation_price) {
    out += "\n" + T(locale,
                    r.liquidation_estimated ? "alert.line.liquidation_estimated"
                                            : "alert.line.liquidation",
                    {{"price", FormatPriceAt(*r.liquidation_price, item.price)},
                     {"distance", r.distance ? FormatPercent(*r.distance) : std::string("—")}});
  } else {
    out += "\n" + T(locale, "alert.line.no_liquidation");
  }
  out += "\n" + T(locale, "alert.line.size_entry_mark",
                  {{"size", FormatNumber(p.size, 8)},
                   {"entry", FormatPriceAt(p.entry_price, item.price)},
                   {"mark", FormatPriceAt(r.mark, item.price)}});
  if (r.tiers_estimated) out += "\n" + T(locale, "alert.line.tiers_estimated");
  // The configured leverage, as the page shows it; the effective figure only when the venue
  // reports no setting.
  const double leverage = p.leverage > 0 ? p.leverage : r.effective_leverage;
  out += "\n" + T(locale, "alert.line.leverage_pnl",
                  {{"leverage", FormatLeverage(leverage)},
                   {"pnl", FormatSigned(r.unrealized_pnl)},
                   {"roe", FormatPercent(r.roe)}});
  return out;
}

}  // namespace

bool MoreUrgent(const AlertItem& a, const AlertItem& b) {
  if (a.risk.worst() != b.risk.worst()) return a.risk.worst() > b.risk.worst();
  const double da = a.risk.distance.value_or(INFINITY), db = b.risk.distance.value_or(INFINITY);
  return da < db;
}

std::vector<std::string> RenderAlerts(std::vector<AlertItem> items,
                                      const std::vector<Notice>& notices,
                                      const std::string& locale) {
  std::stable_sort(items.begin(), items.end(), MoreUrgent);
  std::vector<std::string> blocks;
  for (const auto& item : items) blocks.push_back(Block(item, locale));
  for (const auto& n : notices) {
    const std::string where = Where(n.venue, n.account_label, locale);
    switch (n.kind) {
      case NoticeKind::kClosed:
        blocks.push_back("⚪ <b>" + EscapeHtml(n.symbol) + "</b> · " + where + "\n" +
                         T(locale, "alert.notice.closed"));
        break;
      case NoticeKind::kStale:
        blocks.push_back(
            "⚠️ " + where + "\n" +
            (n.detail.empty() ? T(locale, "alert.notice.stale") : EscapeHtml(n.detail)));
        break;
      case NoticeKind::kNeedsAttention:
        blocks.push_back("⚠️ " + where + "\n" +
                         T(locale, "alert.notice.needs_attention", {{"detail", n.detail}}));
        break;
    }
  }
  if (blocks.empty()) return {};
  return PackMessages("<b>" + T(locale, "alert.title") + "</b>", blocks,
                      "<i>" + T(locale, "alert.footer") + "</i>");
}

std::string Summary(const AlertItem& item, const risk::AlertEvent& event,
                    const std::string& locale) {
  return item.position.symbol + " " +
         i18n::Text(locale, "alert.side." + std::string(ToString(item.position.side))) + " · " +
         i18n::Text(
             locale, "alert.event." + std::string(risk::ToString(event.kind)),
             {{"signal",
               i18n::Text(locale, "alert.signal." + std::string(risk::ToString(event.signal)))},
              {"level",
               i18n::Text(locale, "alert.level." + std::string(risk::ToString(event.level)))}});
}

}  // namespace baro::notify
