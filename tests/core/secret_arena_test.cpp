#include "core/secret_arena.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "core/secret.h"

namespace baro {
namespace {

int MappingCount() {
  std::ifstream maps("/proc/self/maps");
  int n = 0;
  for (std::string line; std::getline(maps, line);) ++n;
  return n;
}

TEST(SecretArena, HandsOutZeroedSlotsOfTheSmallestSizeThatFitsAndWipesThemOnFree) {
  SecretArena arena(64 * 1024);
  auto* a = static_cast<unsigned char*>(arena.Allocate(40));
  ASSERT_NE(a, nullptr);
  EXPECT_TRUE(arena.Owns(a));
  for (int i = 0; i < 64; ++i) ASSERT_EQ(a[i], 0) << i;  // a whole 64-byte slot, zeroed
  std::memset(a, 0xAB, 64);
  EXPECT_EQ(arena.slots_in_use(), 1u);
  ASSERT_TRUE(arena.Free(a));
  EXPECT_EQ(arena.slots_in_use(), 0u);
  // The memory stays mapped in the arena: what the secret held is gone.
  for (int i = 0; i < 64; ++i) ASSERT_EQ(a[i], 0) << i;
  // A 300-byte secret takes a 1,024-byte slot, elsewhere in the region.
  auto* b = static_cast<unsigned char*>(arena.Allocate(300));
  ASSERT_NE(b, nullptr);
  EXPECT_GE(b - a, 64);
  EXPECT_TRUE(arena.Free(b));
}

TEST(SecretArena, IsBoundedAndSaysSoInsteadOfGrowing) {
  // 16 KiB in four size classes: one page (4 KiB) each, so exactly one 4,096-byte slot.
  SecretArena arena(16 * 1024);
  void* big = arena.Allocate(4096);
  ASSERT_NE(big, nullptr);
  EXPECT_EQ(arena.Allocate(4096), nullptr);  // full: the caller falls back
  EXPECT_EQ(arena.Allocate(4097), nullptr);  // larger than any slot
  int outside = 0;
  EXPECT_FALSE(arena.Free(&outside));  // not the arena's: left alone
  EXPECT_TRUE(arena.Free(big));
  EXPECT_NE(arena.Allocate(4096), nullptr);
}

TEST(SecretArena, AnEmptyArenaAlwaysFallsBack) {
  SecretArena arena(0);
  EXPECT_EQ(arena.capacity(), 0u);
  EXPECT_EQ(arena.Allocate(1), nullptr);
}

// The fetcher opens a key per read: secrets must not cost a mapping each (sodium_malloc's guarded
// allocations did, with mprotect/munmap and a TLB flush on every free).
TEST(SecretBytes, ManyLiveSecretsDoNotAddAMappingEach) {
  const int before = MappingCount();
  std::vector<SecretBytes> secrets;
  for (int i = 0; i < 500; ++i) secrets.emplace_back(std::string(64, 'k'));
  const int during = MappingCount();
  EXPECT_LT(during - before, 50);
  for (const auto& s : secrets) ASSERT_EQ(s.view(), std::string(64, 'k'));
}

TEST(SecretBytes, ASecretLargerThanAnySlotStillWorks) {
  SecretBytes big(std::string(10'000, 'x'));
  EXPECT_FALSE(SecretArena::Process().Owns(big.data()));
  EXPECT_EQ(big.view(), std::string(10'000, 'x'));
  SecretBytes small(std::string_view("abc"));
  EXPECT_TRUE(SecretArena::Process().Owns(small.data()));
}

TEST(SecretArenaDeathTest, WritingPastTheRegionHitsAGuardPage) {
  SecretArena arena(16 * 1024);
  auto* last = static_cast<unsigned char*>(arena.Allocate(4096));  // the region's last page
  ASSERT_NE(last, nullptr);
  EXPECT_DEATH(last[4096] = 1, "");
  arena.Free(last);
}

}  // namespace
}  // namespace baro
