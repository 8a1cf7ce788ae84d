// Quiet hours in the user's own time zone: during them, alerts below critical are sent silently
// (Telegram disable_notification); critical and emergency alerts always ring.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace baro::notify {

// Minutes after local midnight at `now_ms` in the IANA zone `time_zone` (e.g. "Asia/Seoul"); an
// unknown zone is treated as UTC.
int LocalMinuteOfDay(std::int64_t now_ms, const std::string& time_zone);

// Whether `minute` falls in [start, end), wrapping past midnight when start > end.
bool InQuietHours(int minute, std::optional<int> start, std::optional<int> end);

}  // namespace baro::notify
