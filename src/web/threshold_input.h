// Alert-threshold overrides as the API reads and shows them, at the three places a user sets them:
// the user (PATCH /me/settings), a connection (PATCH /connections/{id}) and one position
// (PATCH /positions/thresholds). Overrides are JSON objects of ladders (risk/thresholds.h); a
// venue position's own overrides are kept with its connection under "positions".
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "risk/thresholds.h"
#include "web/request_context.h"

namespace baro::web {

// Reads `value` (an object of overrides, or null to clear them) into the stored text ("" for
// null). Invalid input gives a message naming what is wrong, in the caller's language.
struct ThresholdInput {
  std::optional<std::string> json;  // set when valid
  std::string error;                // set when not
};
ThresholdInput ReadThresholds(const boost::json::value& value, const RequestContext& ctx);

// The overrides object stored in `json`, without any per-position map, or null when none.
boost::json::value OverridesJson(std::string_view json);

// The user's effective thresholds (defaults with the user's overrides), as ladders.
boost::json::value EffectiveThresholdsJson(std::string_view user_json);

// Replaces the connection-level part of a connection's stored overrides, keeping its positions.
std::string WithConnectionOverrides(std::string_view stored, std::string_view overrides);
// Sets (or, for "", removes) one position's overrides inside a connection's stored overrides.
// How many other positions than `position_id` have overrides of their own in `stored`.
std::size_t PositionOverrideCount(std::string_view stored, std::string_view position_id);

std::string WithPositionOverrides(std::string_view stored, std::string_view position_id,
                                  std::string_view overrides);

}  // namespace baro::web
