// Quiet hours in the user's own time zone.
#include "notify/quiet_hours.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <cstdlib>
#include <future>
#include <thread>

#include "support/temp_dir.h"

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

// Only names of the installed IANA database: never a path, a device, a FIFO or a POSIX TZ string,
// which the C library would open or parse (https://www.iana.org/time-zones; tzset(3)).
TEST(QuietHours, OnlyZonesOfTheDatabaseAreKnown) {
  for (const char* zone : {"UTC", "Asia/Seoul", "America/New_York", "Europe/Berlin"}) {
    EXPECT_TRUE(IsKnownTimeZone(zone)) << zone;
  }
  testing::TempDir dir;
  const std::string fifo = dir.File("tz.fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (const std::string& zone :
       {std::string(), std::string("Mars/Olympus_Mons"), std::string("../../etc/passwd"),
        std::string("/proc/self/fd/2"), std::string("/dev/zero"), fifo,
        std::string(":/etc/localtime"), std::string("EST5EDT,M3.2.0,M11.1.0"),
        std::string("Asia/Seoul/../Tokyo"), std::string("Asia//Seoul"), std::string("asia/seoul"),
        std::string("UTC\n")}) {
    EXPECT_FALSE(IsKnownTimeZone(zone)) << zone;
  }
}

// A FIFO as the zone once froze the process in the C library's tzfile reader. Now it is not a
// zone and local time never reads it; the environment's TZ is never touched.
TEST(QuietHours, AFifoAsZoneNeitherBlocksNorTouchesTheEnvironment) {
  testing::TempDir dir;
  const std::string fifo = dir.File("tz.fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  ::setenv("TZ", "Europe/Paris", 1);
  auto result = std::make_shared<std::promise<int>>();
  auto minute = result->get_future();
  std::thread([result, fifo] { result->set_value(LocalMinuteOfDay(kWinter, fifo)); }).detach();
  ASSERT_EQ(minute.wait_for(std::chrono::seconds(10)), std::future_status::ready)
      << "local time blocked on a FIFO";
  EXPECT_EQ(minute.get(), 12 * 60 + 30);  // treated as UTC
  ASSERT_NE(std::getenv("TZ"), nullptr);
  EXPECT_STREQ(std::getenv("TZ"), "Europe/Paris");
  ::unsetenv("TZ");
}

// Many threads at once, each in its own zone: every answer is its zone's, with no shared state.
TEST(QuietHours, ConcurrentZonesDoNotInterfere) {
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([t, &wrong] {
      for (int i = 0; i < 200; ++i) {
        const bool seoul = (t + i) % 2 == 0;
        const int expected = seoul ? 21 * 60 + 30 : 7 * 60 + 30;  // UTC+9, EST (UTC-5)
        if (LocalMinuteOfDay(kWinter, seoul ? "Asia/Seoul" : "America/New_York") != expected) {
          ++wrong;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace baro::notify
