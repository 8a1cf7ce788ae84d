// Deep-link tokens: format, randomness, hashed storage, expiry and single use.
#include "notify/link_tokens.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "memory_store.h"

namespace baro::notify {
namespace {

constexpr std::int64_t kNow = 1'700'000'000'000;

TEST(LinkTokens, LinkIsTheBotDeepLinkWithAValidStartParameter) {
  memory::MemoryTelegram repo;
  auto link = IssueLink(repo, 7, "baro_test_bot", kNow, LinkTokenOptions{});
  ASSERT_TRUE(link.ok());
  EXPECT_EQ(link->url, "https://t.me/baro_test_bot?start=" + link->token);
  EXPECT_TRUE(std::regex_match(link->token, std::regex("[A-Za-z0-9_-]{1,64}")));
  EXPECT_EQ(link->token.size(), 43u);  // 256 bits in base64url without padding
  EXPECT_TRUE(ValidStartPayload(link->token));
  EXPECT_EQ(link->expires_at, kNow + 15 * 60 * 1000);  // the default lifetime
}

TEST(LinkTokens, OnlyTheHashIsStored) {
  memory::MemoryTelegram repo;
  auto link = IssueLink(repo, 7, "b", kNow, LinkTokenOptions{});
  ASSERT_TRUE(link.ok());
  ASSERT_EQ(repo.tokens.size(), 1u);
  const auto& [hash, row] = *repo.tokens.begin();
  EXPECT_EQ(hash, HashLinkToken(link->token));
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_EQ(hash.find(link->token), std::string::npos);
  EXPECT_EQ(row.user_id, 7);
  // SHA-256("abc"), FIPS 180-2 test vector.
  EXPECT_EQ(HashLinkToken("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(LinkTokens, TokensAreRandomAndSizesFollowTheOptions) {
  memory::MemoryTelegram repo;
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i)
    seen.insert(IssueLink(repo, 1, "b", kNow, LinkTokenOptions{})->token);
  EXPECT_EQ(seen.size(), 200u);
  auto smallest = IssueLink(repo, 1, "b", kNow, LinkTokenOptions{.random_bytes = 16});
  EXPECT_EQ(smallest->token.size(), 22u);  // 128 bits
  auto largest = IssueLink(repo, 1, "b", kNow, LinkTokenOptions{.random_bytes = 48});
  EXPECT_EQ(largest->token.size(), 64u);  // the most Telegram accepts
  EXPECT_FALSE(IssueLink(repo, 1, "b", kNow, LinkTokenOptions{.random_bytes = 15}).ok());
  EXPECT_FALSE(IssueLink(repo, 1, "b", kNow, LinkTokenOptions{.random_bytes = 49}).ok());
  EXPECT_FALSE(IssueLink(repo, 1, "b", kNow, LinkTokenOptions{.ttl_ms = 0}).ok());
}

TEST(LinkTokens, ATokenBindsOnceAndOnlyBeforeItExpires) {
  memory::MemoryTelegram repo;
  auto link = IssueLink(repo, 7, "b", kNow, 60'000);
  ASSERT_TRUE(link.ok());
  const std::string hash = HashLinkToken(link->token);
  EXPECT_FALSE(repo.ConsumeLinkToken(hash, kNow + 60'000).ok());  // expired at expires_at
  EXPECT_EQ(*repo.ConsumeLinkToken(hash, kNow + 59'999), 7);
  EXPECT_FALSE(repo.ConsumeLinkToken(hash, kNow + 1).ok());  // used
}

TEST(LinkTokens, StartPayloadRule) {
  EXPECT_TRUE(ValidStartPayload("Az09_-"));
  EXPECT_TRUE(ValidStartPayload(std::string(64, 'a')));
  EXPECT_FALSE(ValidStartPayload(std::string(65, 'a')));
  EXPECT_FALSE(ValidStartPayload(""));
  EXPECT_FALSE(ValidStartPayload("a b"));
  EXPECT_FALSE(ValidStartPayload("a=b"));
  EXPECT_FALSE(ValidStartPayload("é"));
}

}  // namespace
}  // namespace baro::notify
