// Secret files (the bot token, the metrics token) are refused when their group or others can read
// or write them, as the private key files are (docs/security.md).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "config/config.h"
#include "support/temp_dir.h"

namespace baro::config {
namespace {

TEST(SecretFile, RefusedWhenGroupOrOthersCanReadIt) {
  testing::TempDir dir;
  const std::string file = dir.File("bot_token");
  testing::WriteFile(file, "123456:ABC-secret-token\n");
  for (mode_t mode : {0644, 0640, 0604, 0660, 0606, 0620}) {
    ASSERT_EQ(::chmod(file.c_str(), mode), 0);
    auto token = ReadSecret(file, "X", {});
    ASSERT_FALSE(token.ok()) << std::oct << mode;
    EXPECT_EQ(token.error().code, ErrorCode::kForbidden);
    EXPECT_NE(token.error().message.find("chmod 600"), std::string::npos);
    EXPECT_EQ(token.error().message.find("ABC-secret"), std::string::npos);
  }
  for (mode_t mode : {0600, 0400}) {
    ASSERT_EQ(::chmod(file.c_str(), mode), 0);
    auto token = ReadSecret(file, "X", {});
    ASSERT_TRUE(token.ok()) << std::oct << mode << ": " << token.error().message;
    EXPECT_EQ(token->view(), "123456:ABC-secret-token");
  }
}

}  // namespace
}  // namespace baro::config
