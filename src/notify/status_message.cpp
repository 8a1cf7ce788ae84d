#include "notify/status_message.h"

#include <algorithm>
#include <cctype>

#include "i18n/i18n.h"
#include "notify/html.h"
#include "notify/number_format.h"

namespace baro::notify {
namespace {

int Rank(const std::string& level) {
  if (level == "emergency") return 4;
  if (level == "critical") return 3;
  if (level == "warning") return 2;
  if (level == "unavailable") return 1;
  return 0;
}

std::string Icon(const std::string& level) {
  switch (Rank(level)) {
    case 4:
      return "🟥";
    case 3:
      return "🟧";
    case 2:
      return "🟨";
    case 1:
      return "⚪";
    default:
      return "🟩";
  }
}

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string T(const std::string& locale, std::string_view key, const i18n::Args& args = {}) {
  return EscapeHtml(i18n::Text(locale, key, args));
}

std::string Ago(std::int64_t now, std::int64_t at, const std::string& locale) {
  if (at <= 0) return T(locale, "status.checked_never");
  const std::int64_t minutes = std::max<std::int64_t>(0, (now - at) / 60000);
  if (minutes < 1) return T(locale, "status.checked_now");
  if (minutes < 120) return T(locale, "status.checked_minutes", {{"n", std::to_string(minutes)}});
  return T(locale, "status.checked_hours", {{"n", std::to_string(minutes / 60)}});
}

std::string Block(const store::PositionSnapshot& s, const std::map<store::Id, std::string>& labels,
                  const std::string& locale, std::int64_t now) {
  const Position& p = s.position;
  const bool manual = !s.connection_id.has_value();
  std::string where =
      manual ? i18n::Text(locale, "alert.venue.manual") : VenueDisplayName(ToString(p.venue));
  if (!manual) {
    auto it = labels.find(*s.connection_id);
    if (it != labels.end() && !it->second.empty()) where += " · " + it->second;
  }
  if (!p.margin_account.empty()) where += " · " + p.margin_account;
  const std::string coin = p.base.empty() ? p.symbol : p.base;
  std::string out = Icon(s.level) + " " + EscapeHtml(where) + "\n<b>" + EscapeHtml(coin) + "</b> " +
                    T(locale, "alert.side." + std::string(ToString(p.side))) + " " +
                    FormatNumber(p.size, 8);
  const std::string level =
      Rank(s.level) == 1 ? T(locale, "status.unavailable") : T(locale, "alert.level." + s.level);
  if (s.distance_to_liquidation >= 0) {
    out += "\n" + T(locale, "status.line.distance",
                    {{"distance", FormatPercent(s.distance_to_liquidation)}, {"level", level}});
  } else {
    out += "\n" + T(locale, "status.line.no_distance", {{"level", level}});
  }
  std::string liquidation = "—";
  if (p.liquidation_price) {
    liquidation = (s.liquidation_estimated ? "≈" : "") + FormatPrice(*p.liquidation_price);
  }
  out += "\n" + T(locale,
                  s.liquidation_estimated ? "status.line.prices_estimated" : "status.line.prices",
                  {{"mark", FormatPrice(p.mark_price)}, {"liquidation", liquidation}});
  // ROE on the initial margin, size × entry ÷ leverage, as the page computes it.
  const double margin = p.leverage > 0 ? p.size * p.entry_price / p.leverage : 0;
  out += "\n" + T(locale, "status.line.pnl",
                  {{"pnl", FormatSigned(p.unrealized_pnl)},
                   {"roe", margin > 0 ? FormatPercent(p.unrealized_pnl / margin) : "—"},
                   {"checked", Ago(now, s.observed_at, locale)}});
  return out;
}

}  // namespace

bool MoreUrgentSnapshot(const store::PositionSnapshot& a, const store::PositionSnapshot& b) {
  if (Rank(a.level) != Rank(b.level)) return Rank(a.level) > Rank(b.level);
  const bool ka = a.distance_to_liquidation >= 0, kb = b.distance_to_liquidation >= 0;
  if (ka != kb) return ka;
  return a.distance_to_liquidation < b.distance_to_liquidation;
}

bool MatchesFilter(const store::PositionSnapshot& position, const std::string& filter) {
  const std::string f = Lower(filter);
  if (f.empty()) return true;
  const Position& p = position.position;
  if (Lower(std::string(ToString(p.venue))) == f && position.connection_id) return true;
  if (f == "manual" && !position.connection_id) return true;
  return Lower(p.base) == f || Lower(p.symbol) == f || Lower(p.symbol).starts_with(f);
}

std::vector<std::string> RenderStatus(std::vector<store::PositionSnapshot> positions,
                                      const std::map<store::Id, std::string>& labels,
                                      const std::string& locale, std::int64_t now) {
  std::stable_sort(positions.begin(), positions.end(), MoreUrgentSnapshot);
  std::vector<std::string> blocks;
  for (const auto& s : positions) blocks.push_back(Block(s, labels, locale, now));
  const std::string header =
      "<b>" + T(locale, "status.title", {{"count", std::to_string(positions.size())}}) + "</b>";
  const std::string footer = "<i>" + T(locale, "alert.footer") + "</i>";
  if (blocks.empty()) return {header + "\n\n" + T(locale, "status.empty") + "\n\n" + footer};
  auto parts = PackMessages(header, blocks, footer, kTelegramMaxChars - 16);  // room for "(i/n)"
  if (parts.size() > 1) {
    // "(1/3)" after the title of each part, so a reader knows more follows.
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const std::string page =
          " (" + std::to_string(i + 1) + "/" + std::to_string(parts.size()) + ")";
      parts[i].insert(header.size(), page);
    }
  }
  return parts;
}

}  // namespace baro::notify
