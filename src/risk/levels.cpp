#include "risk/levels.h"

namespace baro::risk {

std::string_view ToString(Level level) {
  switch (level) {
    case Level::kOk:
      return "ok";
    case Level::kWarning:
      return "warning";
    case Level::kCritical:
      return "critical";
    case Level::kEmergency:
      return "emergency";
  }
  return "ok";
}

std::optional<Level> LevelFromString(std::string_view s) {
  for (Level l : {Level::kOk, Level::kWarning, Level::kCritical, Level::kEmergency}) {
    if (ToString(l) == s) return l;
  }
  return std::nullopt;
}

std::string_view ToString(Signal signal) {
  switch (signal) {
    case Signal::kLiquidation:
      return "liquidation";
    case Signal::kLeverage:
      return "leverage";
    case Signal::kLoss:
      return "loss";
  }
  return "liquidation";
}

std::optional<Signal> SignalFromString(std::string_view s) {
  for (Signal x : kAllSignals) {
    if (ToString(x) == s) return x;
  }
  return std::nullopt;
}

}  // namespace baro::risk
