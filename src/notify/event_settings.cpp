#include "notify/event_settings.h"

#include <boost/json/serialize.hpp>

#include "core/json_util.h"

namespace baro::notify {

EventSetting EventSettings::For(const std::string& kind) const {
  auto it = by_kind.find(kind);
  return it == by_kind.end() ? EventSetting::kOn : it->second;
}

const std::vector<std::string>& EventKinds() {
  static const std::vector<std::string> kinds = {"warning", "critical", "recovery"};
  return kinds;
}

std::optional<std::string> EventKindOfLevel(int level) {
  if (level >= 3) return std::nullopt;  // emergency
  if (level == 2) return "critical";
  if (level == 1) return "warning";
  return "recovery";
}

std::optional<EventSetting> ParseEventSetting(std::string_view text) {
  if (text == "on") return EventSetting::kOn;
  if (text == "silent") return EventSetting::kSilent;
  if (text == "off") return EventSetting::kOff;
  return std::nullopt;
}

std::string EventSettingName(EventSetting setting) {
  switch (setting) {
    case EventSetting::kSilent:
      return "silent";
    case EventSetting::kOff:
      return "off";
    case EventSetting::kOn:
      break;
  }
  return "on";
}

EventSettings ReadEventSettings(const std::vector<store::AlertState>& states) {
  EventSettings out;
  for (const auto& s : states) {
    if (s.key != kEventSettingsKey) continue;
    auto v = json::Parse(s.state_json);
    if (!v || !v->is_object()) continue;
    for (const auto& kind : EventKinds()) {
      if (auto text = json::GetString(*v, kind)) {
        if (auto setting = ParseEventSetting(*text)) out.by_kind[kind] = *setting;
      }
    }
  }
  return out;
}

std::string ToJson(const EventSettings& settings) {
  boost::json::object o;
  for (const auto& [kind, setting] : settings.by_kind) o[kind] = EventSettingName(setting);
  return boost::json::serialize(o);
}

}  // namespace baro::notify
