#include "notify/alert_message.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "i18n/i18n.h"
#include "notify/html.h"

namespace baro::notify {
namespace {

std::string Num(double v) {
  char buf[64];
  const double a = std::abs(v);
  const int decimals = a >= 1000 ? 2 : a >= 1 ? 4 : a >= 0.01 ? 6 : 8;
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

std::string Percent(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", fraction * 100);
  return buf;
}

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

std::string Block(const AlertItem& item, const std::string& locale) {
  const Position& p = item.position;
  const risk::PositionRisk& r = item.risk;
  risk::Level shown = risk::Level::kOk;
  for (const auto& e : item.events) shown = std::max(shown, e.level);
  std::string out = LevelIcon(shown) + " <b>" + EscapeHtml(p.symbol) + "</b> " +
                    T(locale, std::string("alert.side.") + std::string(ToString(p.side))) + " · " +
                    EscapeHtml(std::string(ToString(p.venue))) +
                    (item.account_label.empty() ? "" : " · " + EscapeHtml(item.account_label));
  for (const auto& e : item.events) out += "\n" + EventText(e, locale);
  out += "\n" + T(locale, "alert.line.size_entry_mark",
                  {{"size", Num(p.size)}, {"entry", Num(p.entry_price)}, {"mark", Num(r.mark)}});
  if (r.liquidation_price) {
    out += "\n" + T(locale,
                    r.liquidation_estimated ? "alert.line.liquidation_estimated"
                                            : "alert.line.liquidation",
                    {{"price", Num(*r.liquidation_price)},
                     {"distance", r.distance ? Percent(*r.distance) : std::string("—")}});
  } else {
    out += "\n" + T(locale, "alert.line.no_liquidation");
  }
  if (r.tiers_estimated) out += "\n" + T(locale, "alert.line.tiers_estimated");
  char lev[32];
  std::snprintf(lev, sizeof lev, "%.1fx", r.effective_leverage);
  out += "\n" + T(locale, "alert.line.leverage_pnl",
                  {{"leverage", std::isfinite(r.effective_leverage) ? std::string(lev) : "∞"},
                   {"pnl", (r.unrealized_pnl >= 0 ? "+" : "") + Num(r.unrealized_pnl)},
                   {"roe", Percent(r.roe)}});
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
    const std::string where =
        EscapeHtml(n.venue) + (n.account_label.empty() ? "" : " · " + EscapeHtml(n.account_label));
    switch (n.kind) {
      case NoticeKind::kClosed:
        blocks.push_back("⚪ <b>" + EscapeHtml(n.symbol) + "</b> · " + where + "\n" +
                         T(locale, "alert.notice.closed"));
        break;
      case NoticeKind::kStale:
        blocks.push_back("⚠️ " + where + "\n" +
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
  return item.position.symbol + " " + std::string(ToString(item.position.side)) + " · " +
         i18n::Text(
             locale, "alert.event." + std::string(risk::ToString(event.kind)),
             {{"signal",
               i18n::Text(locale, "alert.signal." + std::string(risk::ToString(event.signal)))},
              {"level",
               i18n::Text(locale, "alert.level." + std::string(risk::ToString(event.level)))}});
}

}  // namespace baro::notify
