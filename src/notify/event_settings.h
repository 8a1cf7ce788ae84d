// Per-event settings, as freqtrade's notification_settings (https://www.freqtrade.io/en/stable/
// telegram-usage/#control-telegram-noise): each kind of alert message is "on" (sent with sound,
// unless quiet hours make it silent), "silent" (sent without sound) or "off" (not sent; the alert
// is still recorded and shown on the page and by /alerts). The kinds follow the outbox lanes:
// "warning", "critical", and "recovery" (recoveries and notices). An emergency is always sent
// with sound, and command replies are not alerts. Kept with the account's alert states under
// bot:events, set with /settings, honoured by the sender.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/records.h"

namespace baro::notify {

inline constexpr char kEventSettingsKey[] = "bot:events";

enum class EventSetting { kOn, kSilent, kOff };

struct EventSettings {
  std::map<std::string, EventSetting> by_kind;  // missing: on
  EventSetting For(const std::string& kind) const;
};

// The kinds a user may set, in the order /settings lists them.
const std::vector<std::string>& EventKinds();
// The kind of an alert message of outbox `level`; none for an emergency (always sent).
std::optional<std::string> EventKindOfLevel(int level);
std::optional<EventSetting> ParseEventSetting(std::string_view text);  // on, silent, off
std::string EventSettingName(EventSetting setting);

EventSettings ReadEventSettings(const std::vector<store::AlertState>& states);
std::string ToJson(const EventSettings& settings);

}  // namespace baro::notify
