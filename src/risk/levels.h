// Risk levels, ordered so that a worse level compares greater, and the three signals Baro watches.
#pragma once

#include <optional>
#include <string_view>

namespace baro::risk {

enum class Level { kOk = 0, kWarning = 1, kCritical = 2, kEmergency = 3 };
std::string_view ToString(Level level);  // "ok", "warning", "critical", "emergency"
std::optional<Level> LevelFromString(std::string_view s);

enum class Signal { kLiquidation, kLeverage, kLoss };
std::string_view ToString(Signal signal);  // "liquidation", "leverage", "loss"
std::optional<Signal> SignalFromString(std::string_view s);
inline constexpr Signal kAllSignals[] = {Signal::kLiquidation, Signal::kLeverage, Signal::kLoss};

}  // namespace baro::risk
