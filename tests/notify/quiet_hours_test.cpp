// Quiet hours in the user's own time zone.
#include "notify/quiet_hours.h"

#include <gtest/gtest.h>

namespace baro::notify {
namespace {

// 2024-01-15 12:30:00 UTC and 2024-07-15 12:30:00 UTC.
constexpr std::int64_t kWinter = 1705321800000;
constexpr std::int64_t kSummer = 1721046600000;

TEST(QuietHours, LocalTimeFollowsTheZoneAndItsDaylightSaving) {
  EXPECT_EQ(LocalMinuteOfDay(kWinter, "UTC"), 12 * 60 + 30);
  EXPECT_EQ(LocalMinuteOfDay(kWinter, "Asia/Seoul"), 21 * 60 + 30);  // UTC+9, no DST
  EXPECT_EQ(LocalMinuteOfDay(kSummer, "Asia/Seoul"), 21 * 60 + 30);
  EXPECT_EQ(LocalMinuteOfDay(kWinter, "America/New_York"), 7 * 60 + 30);  // EST
  EXPECT_EQ(LocalMinuteOfDay(kSummer, "America/New_York"), 8 * 60 + 30);  // EDT
}

TEST(QuietHours, UnknownOrUnsafeZoneIsUtc) {
  EXPECT_EQ(LocalMinuteOfDay(kWinter, ""), 12 * 60 + 30);
  EXPECT_EQ(LocalMinuteOfDay(kWinter, "Mars/Olympus_Mons"), 12 * 60 + 30);
  EXPECT_EQ(LocalMinuteOfDay(kWinter, "../../etc/passwd"), 12 * 60 + 30);
}

TEST(QuietHours, WindowIsHalfOpenAndMayWrapPastMidnight) {
  EXPECT_FALSE(InQuietHours(100, std::nullopt, 200));
  EXPECT_FALSE(InQuietHours(100, 100, 100));  // empty window
  EXPECT_TRUE(InQuietHours(100, 100, 200));
  EXPECT_FALSE(InQuietHours(200, 100, 200));
  // 22:00 - 07:00
  EXPECT_TRUE(InQuietHours(23 * 60, 22 * 60, 7 * 60));
  EXPECT_TRUE(InQuietHours(0, 22 * 60, 7 * 60));
  EXPECT_TRUE(InQuietHours(6 * 60 + 59, 22 * 60, 7 * 60));
  EXPECT_FALSE(InQuietHours(7 * 60, 22 * 60, 7 * 60));
  EXPECT_FALSE(InQuietHours(12 * 60, 22 * 60, 7 * 60));
}

}  // namespace
}  // namespace baro::notify
