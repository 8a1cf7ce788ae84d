// Alert thresholds per signal and level, with the defaults of docs/risk.md (from the reference's
// alert design: Binance portfolio-margin ladder, KuCoin's 95 % cancellation, HyperLiquid's
// backstop), hysteresis margins that stop a value hovering at a threshold from flapping, and the
// repeat interval of each level. Users override any field per user, per connection and per position
// (JSON objects merged in that order).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"
#include "risk/levels.h"

namespace baro::risk {

// Index 0 = warning, 1 = critical, 2 = emergency.
using Ladder = std::array<double, 3>;

struct Thresholds {
  // Close to liquidation: price distance to the liquidation price as a fraction of mark (fires
  // at or below), and maintenance-margin usage (fires at or above). Either one fires.
  Ladder distance = {0.15, 0.07, 0.03};
  Ladder margin_usage = {0.67, 0.83, 0.95};
  // Too much leverage (effective leverage, fires above).
  Ladder leverage = {10, 20, 50};
  // Large loss: ROE on the position's initial margin (fires at or below).
  Ladder roe = {-0.5, -0.75, -0.9};

  // Hysteresis: to leave a level, the value must clear its threshold by this margin.
  double distance_hysteresis = 0.2;       // relative: warn at 15 %, clear above 18 %
  double margin_usage_hysteresis = 0.05;  // absolute
  double leverage_hysteresis = 0.1;       // relative
  double roe_hysteresis = 0.05;           // absolute

  // Repeat a still-firing level after this long (ms).
  std::array<std::int64_t, 3> repeat_ms = {4 * 3600 * 1000LL, 30 * 60 * 1000LL, 5 * 60 * 1000LL};

  // Debounce: a warning or critical level is announced only once it has held this long (ms), so a
  // one-check spike does not alert; emergency always goes out at once. 0: announce at once (with
  // checks every 2-3 minutes, hysteresis already stops flapping).
  std::int64_t confirm_ms = 0;
};

// Applies a JSON object of overrides, e.g. {"distance":[0.2,0.1,0.05],"repeat_ms":[...]} or
// {"leverage":[5,10,25]}. Ladders must be ordered from mild to severe. Unknown keys are errors.
// A connection's object may also hold per-position overrides under "positions", keyed by
// "<venue symbol>:<side>"; they are checked here but applied only by PositionOverrides.
Result<Thresholds> ApplyOverrides(const Thresholds& base, std::string_view json);
std::string ToJson(const Thresholds& t);

// The overrides stored for one position under a connection's "positions" ("" when none).
std::string PositionOverrides(std::string_view connection_json, std::string_view position_id);

}  // namespace baro::risk
