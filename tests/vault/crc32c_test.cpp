#include "vault/crc32c.h"

#include <gtest/gtest.h>

namespace baro::vault {
namespace {

// Check values from the CRC catalogue (CRC-32/ISCSI) and recomputed offline.
TEST(Crc32cTest, KnownValues) {
  EXPECT_EQ(Crc32c("123456789"), 3808858755u);
  EXPECT_EQ(Crc32c(""), 0u);
  EXPECT_EQ(Crc32c("hello world"), 3381945770u);
  EXPECT_EQ(Crc32c("the quick brown fox\n"), 4180622553u);
}

TEST(Crc32cTest, DetectsASingleBitFlip) {
  std::string data(64, 'a');
  const auto base = Crc32c(data);
  data[17] ^= 0x04;
  EXPECT_NE(Crc32c(data), base);
}

}  // namespace
}  // namespace baro::vault
