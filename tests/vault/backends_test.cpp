#include "vault/backends.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"
#include "vault/vault.h"

namespace baro::vault {
namespace {

TEST(BackendsTest, LocalSplitsSealingFromOpening) {
  testing::TempDir dir;
  VaultOptions options;
  options.local = {dir.File("kek.pub"), dir.File("kek.key")};
  ASSERT_TRUE(InitLocalKeys(options.local).ok());
  auto wrapper = MakeKeyWrapper(options);
  auto unwrapper = MakeKeyUnwrapper(options);
  ASSERT_TRUE(wrapper.ok() && unwrapper.ok());
  const SecretContext row{"u", "c", Venue::kHyperliquid, SecretField::kApiSecret};
  auto sealed = Vault::EncryptOnly(*wrapper).Seal(SecretBytes(std::string_view("k")), row);
  ASSERT_TRUE(sealed.ok());
  auto opened = Vault::DecryptOnly(*unwrapper).Open(*sealed, row);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(opened->view(), "k");
}

TEST(BackendsTest, MissingCredentialsAreReported) {
  testing::TempDir dir;
  VaultOptions options;
  options.backend = KekBackend::kGcpKms;
  options.gcp_credentials.credentials_file = dir.File("absent.json");
  options.gcp_kms.key_name = "projects/p/locations/global/keyRings/r/cryptoKeys/k";
  auto wrapper = MakeKeyWrapper(options);
  ASSERT_FALSE(wrapper.ok());
  EXPECT_EQ(wrapper.error().code, ErrorCode::kNotFound);
  options.backend = KekBackend::kVaultTransit;
  options.vault_transit_token_file = dir.File("absent-token");
  auto unwrapper = MakeKeyUnwrapper(options);
  ASSERT_FALSE(unwrapper.ok());
  EXPECT_EQ(unwrapper.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace baro::vault
