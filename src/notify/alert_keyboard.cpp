#include "notify/alert_keyboard.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <cctype>

#include "i18n/i18n.h"

namespace baro::notify {
namespace {

// The page's positions, or the card of one position: #/positions/<key>, the key percent-encoded
// outside A-Z a-z 0-9 - _ . ~ : (https://www.rfc-editor.org/rfc/rfc3986#section-3.5).
std::string PositionsUrl(const std::string& page_url, const std::string& position_key) {
  std::string url = page_url + "/#/positions";
  if (position_key.empty()) return url;
  url += '/';
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : position_key) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == ':') {
      url += static_cast<char>(c);
    } else {
      url += '%';
      url += kHex[c >> 4];
      url += kHex[c & 15];
    }
  }
  return url;
}

boost::json::array OpenRow(const std::string& page_url, const std::string& locale,
                           const std::string& position_key = "") {
  boost::json::array row;
  row.push_back(boost::json::object{{"text", i18n::Text(locale, "telegram.button.open")},
                                    {"url", PositionsUrl(page_url, position_key)}});
  return row;
}

}  // namespace

std::string OpenKeyboard(const std::string& page_url, const std::string& locale,
                         const std::string& position_key) {
  if (page_url.empty()) return "";
  boost::json::array rows;  // not rows{OpenRow(...)}: that may copy the row instead of nesting it
  rows.push_back(OpenRow(page_url, locale, position_key));
  return boost::json::serialize(boost::json::object{{"inline_keyboard", rows}});
}

std::string AlertKeyboard(std::vector<AlertItem> items, const std::string& page_url,
                          const std::string& locale) {
  std::stable_sort(items.begin(), items.end(), MoreUrgent);
  boost::json::array rows;
  for (const auto& item : items) {
    if (rows.size() >= kMaxKeyboardPositions) break;
    risk::Level level = risk::Level::kOk;
    for (const auto& e : item.events) level = std::max(level, e.level);
    if (level == risk::Level::kOk || item.position_key.empty()) continue;  // a recovery
    const std::string tail =
        ":" + std::to_string(static_cast<int>(level)) + ":" + item.position_key;
    if (tail.size() + 1 > kMaxCallbackDataBytes) continue;
    const std::string who = items.size() > 1 ? item.position.symbol + " · " : "";
    rows.push_back(boost::json::array{
        boost::json::object{{"text", who + i18n::Text(locale, "telegram.button.snooze")},
                            {"callback_data", "z" + tail}},
        boost::json::object{{"text", who + i18n::Text(locale, "telegram.button.mute_position")},
                            {"callback_data", "u" + tail}}});
  }
  // About one position, "Open" goes to its card; about several, to the list.
  std::string only_key;
  for (const auto& item : items) {
    if (item.position_key.empty() || (!only_key.empty() && item.position_key != only_key)) {
      only_key.clear();
      break;
    }
    only_key = item.position_key;
  }
  if (!page_url.empty()) rows.push_back(OpenRow(page_url, locale, only_key));
  if (rows.empty()) return "";
  return boost::json::serialize(boost::json::object{{"inline_keyboard", rows}});
}

}  // namespace baro::notify
