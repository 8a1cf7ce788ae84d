// The inline keyboard under an alert (https://core.telegram.org/bots/api#inlinekeyboardmarkup):
// for each position that got worse, "Snooze" (telegram.snooze_s) and "Mute this position" (callback
// buttons whose data is "<z|u>:<level>:<position key>", at most 64 bytes, else left out), and "Open
// in Baro", a URL button to the page's positions: to the position's own card (#/positions/<key>)
// when the alert is about one position. A message that only tells of recoveries gets "Open" alone.
#pragma once

#include <string>
#include <vector>

#include "notify/alert_message.h"

namespace baro::notify {

inline constexpr std::size_t kMaxKeyboardPositions = 4;   // rows of buttons, most urgent first
inline constexpr std::size_t kMaxCallbackDataBytes = 64;  // Telegram's limit on callback_data

// InlineKeyboardMarkup as JSON text; empty when there is nothing to offer.
std::string AlertKeyboard(std::vector<AlertItem> items, const std::string& page_url,
                          const std::string& locale);
// Only the "Open in Baro" button ("" without a page URL), to one position's card when a key is
// given.
std::string OpenKeyboard(const std::string& page_url, const std::string& locale,
                         const std::string& position_key = "");

}  // namespace baro::notify
