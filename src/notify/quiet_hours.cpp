#include "notify/quiet_hours.h"

#include <cstdlib>
#include <ctime>
#include <mutex>

namespace baro::notify {

int LocalMinuteOfDay(std::int64_t now_ms, const std::string& time_zone) {
  // libstdc++ 12 has no std::chrono time-zone database, so the C library's tzfile reader is used.
  // It reads TZ from the environment: the switch is serialized, and nothing else in the process
  // uses local time.
  static std::mutex mu;
  std::lock_guard lock(mu);
  const char* old = std::getenv("TZ");
  std::string saved = old ? old : "";
  const bool valid = !time_zone.empty() && time_zone.find("..") == std::string::npos;
  ::setenv("TZ", valid ? time_zone.c_str() : "UTC", 1);
  ::tzset();
  std::time_t secs = static_cast<std::time_t>(now_ms / 1000);
  std::tm tm{};
  ::localtime_r(&secs, &tm);
  if (old) {
    ::setenv("TZ", saved.c_str(), 1);
  } else {
    ::unsetenv("TZ");
  }
  ::tzset();
  return tm.tm_hour * 60 + tm.tm_min;
}

bool InQuietHours(int minute, std::optional<int> start, std::optional<int> end) {
  if (!start || !end || *start == *end) return false;
  if (*start < *end) return minute >= *start && minute < *end;
  return minute >= *start || minute < *end;
}

}  // namespace baro::notify
