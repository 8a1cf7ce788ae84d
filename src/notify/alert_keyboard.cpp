#include "notify/alert_keyboard.h"

#include <algorithm>
#include <boost/json/serialize.hpp>

#include "i18n/i18n.h"

namespace baro::notify {
namespace {

boost::json::array OpenRow(const std::string& page_url, const std::string& locale) {
  boost::json::array row;
  row.push_back(boost::json::object{{"text", i18n::Text(locale, "telegram.button.open")},
                                    {"url", page_url + "/#/positions"}});
  return row;
}

}  // namespace

std::string OpenKeyboard(const std::string& page_url, const std::string& locale) {
  if (page_url.empty()) return "";
  boost::json::array rows;  // not rows{OpenRow(...)}: that may copy the row instead of nesting it
  rows.push_back(OpenRow(page_url, locale));
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
  if (!page_url.empty()) rows.push_back(OpenRow(page_url, locale));
  if (rows.empty()) return "";
  return boost::json::serialize(boost::json::object{{"inline_keyboard", rows}});
}

}  // namespace baro::notify
