// Quiet hours in the user's own time zone: during them, alerts below critical are sent silently
// (Telegram disable_notification); critical and emergency alerts always ring.
//
// Zones come from the IANA time-zone database installed on the machine (/usr/share/zoneinfo, the
// tzdata package), read through Howard Hinnant's date library built with USE_OS_TZDB
// (https://howardhinnant.github.io/date/tz.html). Only names found in that database are zones: a
// path, a device, a FIFO or a POSIX TZ string never is, and the process environment's TZ is never
// read or changed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace baro::notify {

// Whether `time_zone` is the name of a zone of the installed database, e.g.
// "Asia/Seoul" or "UTC". The API stores no other.
bool IsKnownTimeZone(std::string_view time_zone);

// Minutes after local midnight at `now_ms` in the zone `time_zone`; a name that is not a known
// zone is treated as UTC.
int LocalMinuteOfDay(std::int64_t now_ms, const std::string& time_zone);

// "2026-12-04 23:05": the local date and time at `ms` in `time_zone` (UTC when unknown).
std::string LocalDateTime(std::int64_t ms, const std::string& time_zone);

// Whether `minute` falls in [start, end), wrapping past midnight when start > end.
bool InQuietHours(int minute, std::optional<int> start, std::optional<int> end);

}  // namespace baro::notify
