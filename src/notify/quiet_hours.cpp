#include "notify/quiet_hours.h"

#include <date/tz.h>

#include <algorithm>
#include <chrono>

#include "log/logger.h"

namespace baro::notify {
namespace {

// The installed database, read once (thread-safe: the library's own static initialisation), or
// nullptr when it cannot be read (tzdata missing): then every zone is UTC.
const date::tzdb* Database() {
  static const date::tzdb* db = []() -> const date::tzdb* {
    try {
      return &date::get_tzdb();
    } catch (const std::exception& e) {
      log::Error("time_zone.database_unreadable", {{"error", e.what()}});
      return nullptr;
    }
  }();
  return db;
}

// The zone named `name` in the database; nullptr if there is none. With the OS database every
// file under /usr/share/zoneinfo that holds zone data is a zone, backward-compatible names too.
const date::time_zone* FindZone(std::string_view name) {
  const date::tzdb* db = Database();
  if (db == nullptr || name.empty()) return nullptr;
  auto zone = std::find_if(db->zones.begin(), db->zones.end(),
                           [&](const date::time_zone& z) { return z.name() == name; });
  return zone != db->zones.end() ? &*zone : nullptr;
}

}  // namespace

bool IsKnownTimeZone(std::string_view time_zone) {
  return FindZone(time_zone) != nullptr;
}

int LocalMinuteOfDay(std::int64_t now_ms, const std::string& time_zone) {
  const std::chrono::sys_time<std::chrono::milliseconds> now{std::chrono::milliseconds(now_ms)};
  std::chrono::milliseconds since_midnight{};
  if (const date::time_zone* zone = FindZone(time_zone)) {
    const auto local = zone->to_local(now);
    since_midnight = local - date::floor<date::days>(local);
  } else {
    since_midnight = now - date::floor<date::days>(now);
  }
  return static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(since_midnight).count());
}

std::string LocalDateTime(std::int64_t ms, const std::string& time_zone) {
  const date::sys_time<std::chrono::minutes> at = date::floor<std::chrono::minutes>(
      date::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(ms)));
  if (const date::time_zone* zone = FindZone(time_zone)) {
    return date::format("%Y-%m-%d %H:%M", zone->to_local(at));
  }
  return date::format("%Y-%m-%d %H:%M", at);
}

bool InQuietHours(int minute, std::optional<int> start, std::optional<int> end) {
  if (!start || !end || *start == *end) return false;
  if (*start < *end) return minute >= *start && minute < *end;
  return minute >= *start || minute < *end;
}

}  // namespace baro::notify
