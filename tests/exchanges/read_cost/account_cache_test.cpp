// The cache of rarely-changing answers: bounded (least recently used forgotten first), keyed per
// connection, emptied for a connection whose key material changed, and the refresh / max-age rule
// of KeptOrRead.
#include "exchanges/account_cache.h"

#include <gtest/gtest.h>

namespace baro::exchanges {
namespace {

TEST(AccountCache, KeepsAtMostItsCapacityForgettingTheLeastRecentlyUsed) {
  AccountCache cache(2);
  cache.Put({"1", "a"}, "x", "one", 0);
  cache.Put({"2", "a"}, "x", "two", 0);
  ASSERT_TRUE(cache.Get({"1", "a"}, "x").has_value());  // 1 is now the most recently used
  cache.Put({"3", "a"}, "x", "three", 0);
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_FALSE(cache.Get({"2", "a"}, "x").has_value());
  EXPECT_EQ(cache.Get({"1", "a"}, "x")->value, "one");
  EXPECT_EQ(cache.Get({"3", "a"}, "x")->value, "three");
}

TEST(AccountCache, AnotherFingerprintDropsWhatWasKeptForTheConnection) {
  AccountCache cache;
  cache.Put({"1", "key-a"}, "x", "kept", 5);
  cache.Put({"1", "key-a"}, "y", "kept too", 5);
  EXPECT_FALSE(cache.Get({"1", "key-b"}, "x").has_value());
  EXPECT_FALSE(cache.Get({"1", "key-a"}, "y").has_value()) << "dropped, not set aside";
  cache.Put({"1", "key-b"}, "x", "new", 6);
  cache.Drop("1");
  EXPECT_EQ(cache.size(), 0u);
  cache.Put({"", "key-b"}, "x", "nobody", 6);
  EXPECT_EQ(cache.size(), 0u) << "no connection: nothing kept";
}

TEST(AccountCache, KeptOrReadRefreshesAtTheIntervalAndServesStaleUntilTheMaxAge) {
  AccountCache cache;
  const AccountKey key{"1", "f"};
  const CachePolicy policy{100, 300};
  int reads = 0;
  bool fail = false;
  auto read = [&]() -> Result<std::string> {
    ++reads;
    if (fail) return MakeError(ErrorCode::kUnavailable, "down");
    return "v" + std::to_string(reads);
  };
  bool stale = false;
  EXPECT_EQ(*KeptOrRead(cache, key, "x", 1000, policy, nullptr, read, &stale), "v1");
  EXPECT_EQ(*KeptOrRead(cache, key, "x", 1099, policy, nullptr, read, &stale), "v1");
  EXPECT_EQ(reads, 1);
  EXPECT_EQ(*KeptOrRead(cache, key, "x", 1100, policy, nullptr, read, &stale), "v2");
  EXPECT_FALSE(stale);
  // Not covering what is needed: read at once.
  auto covers_nothing = [](const std::string&) { return false; };
  EXPECT_EQ(*KeptOrRead(cache, key, "x", 1101, policy, covers_nothing, read, &stale), "v3");
  fail = true;
  EXPECT_EQ(*KeptOrRead(cache, key, "x", 1300, policy, nullptr, read, &stale), "v3");
  EXPECT_TRUE(stale);
  auto gone = KeptOrRead(cache, key, "x", 1401, policy, nullptr, read, &stale);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, ErrorCode::kUnavailable);
  // A clock that went back makes the kept answer due, not fresh.
  fail = false;
  EXPECT_EQ(*KeptOrRead(cache, key, "x", 900, policy, nullptr, read, &stale), "v6");
}

}  // namespace
}  // namespace baro::exchanges
