#include "risk/policy.h"

#include <boost/json/serialize.hpp>

#include "core/json_util.h"

namespace baro::risk {
namespace {

std::size_t Index(Level l) {
  return static_cast<std::size_t>(l) - 1;
}  // warning = 0

// Whether the figures have cleared level `l` (so the signal may drop below it).
bool Cleared(Signal signal, Level l, const PositionRisk& r, const Thresholds& t) {
  const std::size_t i = Index(l);
  switch (signal) {
    case Signal::kLiquidation: {
      const bool distance_clear =
          !r.distance || *r.distance > t.distance[i] * (1 + t.distance_hysteresis);
      const bool usage_clear =
          !r.margin_usage || *r.margin_usage < t.margin_usage[i] - t.margin_usage_hysteresis;
      return distance_clear && usage_clear;
    }
    case Signal::kLeverage:
      return r.effective_leverage < t.leverage[i] * (1 - t.leverage_hysteresis);
    case Signal::kLoss:
      return r.roe > t.roe[i] + t.roe_hysteresis;
  }
  return true;
}

}  // namespace

std::string_view ToString(EventKind kind) {
  switch (kind) {
    case EventKind::kEscalated:
      return "escalated";
    case EventKind::kRepeated:
      return "repeated";
    case EventKind::kRecovered:
      return "recovered";
  }
  return "escalated";
}

std::string AlertState::ToJson() const {
  return boost::json::serialize(boost::json::object{{"level", ToString(level)},
                                                    {"notified", ToString(notified)},
                                                    {"notified_at", notified_at},
                                                    {"since", since}});
}

Result<AlertState> AlertState::FromJson(std::string_view text) {
  auto v = json::Parse(text);
  if (!v) return v.error();
  AlertState s;
  auto level = LevelFromString(json::GetString(*v, "level").value_or(""));
  auto notified = LevelFromString(json::GetString(*v, "notified").value_or(""));
  if (!level || !notified) return MakeError(ErrorCode::kBadResponse, "alert state lacks levels");
  s.level = *level;
  s.notified = *notified;
  s.notified_at = json::GetInt(*v, "notified_at").value_or(0);
  s.since = json::GetInt(*v, "since").value_or(0);
  return s;
}

Level HeldLevel(Signal signal, Level previous, const PositionRisk& risk, const Thresholds& t) {
  const Level raw = risk.LevelOf(signal);
  if (raw >= previous) return raw;
  // Dropping: stay at the highest level between raw and previous that is not yet cleared.
  for (int l = static_cast<int>(previous); l > static_cast<int>(raw); --l) {
    if (!Cleared(signal, static_cast<Level>(l), risk, t)) return static_cast<Level>(l);
  }
  return raw;
}

Decision Decide(Signal signal, const AlertState& state, const PositionRisk& risk,
                const Thresholds& t, std::int64_t now) {
  Decision d{state, std::nullopt};
  const Level level = HeldLevel(signal, state.level, risk, t);
  if (level != state.level) {
    d.state.level = level;
    d.state.since = now;
  }
  const bool confirmed =
      level == Level::kEmergency || t.confirm_ms <= 0 || now - d.state.since >= t.confirm_ms;
  if (level > state.notified && !confirmed) {
    // Not yet held long enough to announce: judged again at the next check.
  } else if (level > state.notified) {
    d.event = AlertEvent{signal, EventKind::kEscalated, level, state.notified};
    d.state.notified = level;
    d.state.notified_at = now;
  } else if (level == Level::kOk && state.notified > Level::kOk) {
    d.event = AlertEvent{signal, EventKind::kRecovered, level, state.notified};
    d.state.notified = Level::kOk;
    d.state.notified_at = now;
  } else if (level > Level::kOk && level == state.notified &&
             now - state.notified_at >= t.repeat_ms[Index(level)]) {
    d.event = AlertEvent{signal, EventKind::kRepeated, level, state.notified};
    d.state.notified_at = now;
  } else if (level < state.notified) {
    // Easing from a worse level to a milder, still-firing one: no message (only recovery to safe
    // is announced), but a later return to the worse level is announced again.
    d.state.notified = level;
  }
  return d;
}

}  // namespace baro::risk
