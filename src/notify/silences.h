// What a user asked the bot to hold back: /mute for the whole account (until a time), and a
// snooze or mute of one position from an alert's buttons. A silence holds back alerts up to the
// level it names and never an emergency: an escalation past that level, and every emergency,
// always goes out. Silences are kept with the user's alert states (store::AlertRepository) under
// keys of their own ("bot:mute", "bot:quiet:<position key>"), which the risk policy never reads.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "notify/alert_message.h"
#include "risk/levels.h"
#include "store/records.h"

namespace baro::notify {

inline constexpr char kMuteStateKey[] = "bot:mute";
inline constexpr std::int64_t kForever = std::numeric_limits<std::int64_t>::max();

std::string PositionSilenceKey(std::string_view position_key);

struct Silence {
  std::int64_t until = 0;                      // ms since the epoch; kForever: until lifted
  risk::Level up_to = risk::Level::kCritical;  // held back: this level and below, never emergency
};

struct Silences {
  std::optional<Silence> account;
  std::map<std::string, Silence, std::less<>> positions;  // by position key
};

Silences ReadSilences(const std::vector<store::AlertState>& states);
std::string ToJson(const Silence& silence);  // the state_json of a silence; until 0 lifts it

bool HeldBack(const Silences& silences, std::string_view position_key, risk::Level level,
              std::int64_t now);
// The items with the events held back removed; items left with no event are dropped.
std::vector<AlertItem> WithoutHeldBack(std::vector<AlertItem> items, const Silences& silences,
                                       std::int64_t now);

}  // namespace baro::notify
