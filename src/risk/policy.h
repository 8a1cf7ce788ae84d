// The alert policy: a pure state machine per (position, signal). It is edge-triggered: an alert
// goes out when a position enters a worse level (at once, even inside a cooldown); a level that
// persists is repeated only after that level's repeat interval; a value hovering at a threshold
// does not flap (to leave a level it must clear the threshold by the hysteresis margin); and a
// recovery to safe sends one "back to safe" message. The state round-trips through JSON, so the
// store keeps it and a restart neither repeats nor forgets an alert.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "risk/assessment.h"

namespace baro::risk {

struct AlertState {
  Level level = Level::kOk;     // the level held now (hysteresis applied)
  Level notified = Level::kOk;  // the level last announced
  std::int64_t notified_at = 0;
  std::int64_t since = 0;  // when `level` was entered

  std::string ToJson() const;
  static Result<AlertState> FromJson(std::string_view text);
  bool operator==(const AlertState&) const = default;
};

enum class EventKind { kEscalated, kRepeated, kRecovered };
std::string_view ToString(EventKind kind);

struct AlertEvent {
  Signal signal = Signal::kLiquidation;
  EventKind kind = EventKind::kEscalated;
  Level level = Level::kOk;     // the level now
  Level previous = Level::kOk;  // the level announced before
};

struct Decision {
  AlertState state;
  std::optional<AlertEvent> event;
};

// The level `signal` holds given the previous state's level and the new figures, with hysteresis.
Level HeldLevel(Signal signal, Level previous, const PositionRisk& risk, const Thresholds& t);

Decision Decide(Signal signal, const AlertState& state, const PositionRisk& risk,
                const Thresholds& t, std::int64_t now_ms);

}  // namespace baro::risk
