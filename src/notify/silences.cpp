#include "notify/silences.h"

#include <algorithm>
#include <boost/json/serialize.hpp>

#include "core/json_util.h"

namespace baro::notify {
namespace {

constexpr std::string_view kPositionPrefix = "bot:quiet:";

std::optional<Silence> Parse(const std::string& state_json) {
  auto v = json::Parse(state_json);
  if (!v || !v->is_object()) return std::nullopt;
  Silence s;
  s.until = json::GetInt(*v, "until").value_or(0);
  s.up_to = risk::LevelFromString(json::GetString(*v, "up_to").value_or(""))
                .value_or(risk::Level::kCritical);
  // A silence never reaches an emergency, whatever was stored.
  s.up_to = std::min(s.up_to, risk::Level::kCritical);
  if (s.until <= 0) return std::nullopt;
  return s;
}

bool Covers(const Silence& s, risk::Level level, std::int64_t now) {
  return now < s.until && level < risk::Level::kEmergency && level <= s.up_to;
}

}  // namespace

std::string PositionSilenceKey(std::string_view position_key) {
  return std::string(kPositionPrefix) + std::string(position_key);
}

Silences ReadSilences(const std::vector<store::AlertState>& states) {
  Silences out;
  for (const auto& st : states) {
    if (st.key == kMuteStateKey) {
      out.account = Parse(st.state_json);
    } else if (st.key.starts_with(kPositionPrefix)) {
      if (auto s = Parse(st.state_json)) {
        out.positions[st.key.substr(kPositionPrefix.size())] = *s;
      }
    }
  }
  return out;
}

std::string ToJson(const Silence& silence) {
  return boost::json::serialize(boost::json::object{
      {"until", silence.until}, {"up_to", std::string(risk::ToString(silence.up_to))}});
}

bool HeldBack(const Silences& silences, std::string_view position_key, risk::Level level,
              std::int64_t now) {
  if (silences.account && Covers(*silences.account, level, now)) return true;
  auto it = silences.positions.find(position_key);
  return it != silences.positions.end() && Covers(it->second, level, now);
}

std::vector<AlertItem> WithoutHeldBack(std::vector<AlertItem> items, const Silences& silences,
                                       std::int64_t now) {
  std::vector<AlertItem> out;
  for (auto& item : items) {
    std::erase_if(item.events, [&](const risk::AlertEvent& e) {
      return HeldBack(silences, item.position_key, e.level, now);
    });
    if (!item.events.empty()) out.push_back(std::move(item));
  }
  return out;
}

}  // namespace baro::notify
