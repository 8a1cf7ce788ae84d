#include "vault/vault_transit.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "fakes/kms/fake_vault_transit.h"
#include "support/temp_dir.h"
#include "vault/envelope.h"
#include "vault/opener.h"
#include "vault/rotation.h"

namespace baro::vault {
namespace {

const SecretBytes& Secret() {
  static const SecretBytes s(std::string_view("transit-sample-passphrase-51c"));
  return s;
}

SecretContext Row() {
  return {"user-8", "conn-2", Venue::kKucoin, SecretField::kPassphrase};
}

class VaultTransitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(vault_.Start().ok());
    vault_.AddKey("baro-data-keys");
    vault_.AddToken("hvs.api-encrypt-only", {.encrypt_keys = {"baro-data-keys"}});
    vault_.AddToken("hvs.fetcher-decrypt-only", {.decrypt_keys = {"baro-data-keys"}});
    options_.address = vault_.BaseUrl();
  }

  std::unique_ptr<VaultTransitKeyWrapper> Wrapper(std::string_view token) {
    auto w = VaultTransitKeyWrapper::Create(options_, SecretBytes(token));
    EXPECT_TRUE(w.ok());
    return std::move(*w);
  }
  std::unique_ptr<VaultTransitKeyUnwrapper> Unwrapper(std::string_view token) {
    auto u = VaultTransitKeyUnwrapper::Create(options_, SecretBytes(token));
    EXPECT_TRUE(u.ok());
    return std::move(*u);
  }

  fakes::FakeVaultTransit vault_;
  VaultTransitOptions options_;
};

TEST_F(VaultTransitTest, SealsWithEncryptTokenAndOpensWithDecryptToken) {
  auto sealed = Seal(Secret(), Row(), *Wrapper("hvs.api-encrypt-only"));
  ASSERT_TRUE(sealed.ok()) << sealed.error().message;
  EXPECT_EQ(sealed->data_key.backend, KekBackend::kVaultTransit);
  EXPECT_EQ(sealed->data_key.key_id, "baro-data-keys:v1");
  EXPECT_EQ(sealed->data_key.bytes.rfind("vault:v1:", 0), 0u);
  auto opened = OpenText(sealed->ToText(), Row(), *Unwrapper("hvs.fetcher-decrypt-only"));
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(opened->view(), Secret().view());
}

TEST_F(VaultTransitTest, EncryptOnlyTokenCannotDecrypt) {
  auto sealed = Seal(Secret(), Row(), *Wrapper("hvs.api-encrypt-only"));
  ASSERT_TRUE(sealed.ok());
  auto opened = Open(*sealed, Row(), *Unwrapper("hvs.api-encrypt-only"));
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kForbidden);
  EXPECT_NE(opened.error().message.find("permission denied"), std::string::npos);
  EXPECT_EQ(opened.error().message.find("hvs."), std::string::npos);  // no token in errors
  EXPECT_EQ(vault_.decrypt_calls(), 0u);
}

TEST_F(VaultTransitTest, DecryptOnlyTokenCannotEncrypt) {
  auto sealed = Seal(Secret(), Row(), *Wrapper("hvs.fetcher-decrypt-only"));
  ASSERT_FALSE(sealed.ok());
  EXPECT_EQ(sealed.error().code, ErrorCode::kForbidden);
  EXPECT_NE(sealed.error().message.find("permission denied"), std::string::npos);
  EXPECT_EQ(vault_.encrypt_calls(), 0u);
}

TEST_F(VaultTransitTest, MovedAndTamperedCiphertextsFail) {
  auto sealed = Seal(Secret(), Row(), *Wrapper("hvs.api-encrypt-only"));
  ASSERT_TRUE(sealed.ok());
  auto unwrapper = Unwrapper("hvs.fetcher-decrypt-only");
  SecretContext moved = Row();
  moved.field = SecretField::kApiSecret;
  auto opened = Open(*sealed, moved, *unwrapper);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kCrypto);
  EXPECT_NE(opened.error().message.find("unable to decrypt"), std::string::npos);

  SealedSecret tampered = *sealed;
  tampered.data_key.bytes[12] = tampered.data_key.bytes[12] == 'A' ? 'B' : 'A';
  opened = Open(tampered, Row(), *unwrapper);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kCrypto);

  SealedSecret other_key = *sealed;
  other_key.data_key.key_id = "other-key:v1";
  opened = Open(other_key, Row(), *unwrapper);
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.error().message.find("configured for baro-data-keys"), std::string::npos);
}

TEST_F(VaultTransitTest, RewrapAfterKeyRotation) {
  auto wrapper = Wrapper("hvs.api-encrypt-only");
  auto sealed = Seal(Secret(), Row(), *wrapper);
  ASSERT_TRUE(sealed.ok());
  ASSERT_EQ(vault_.RotateKey("baro-data-keys"), 2);
  auto unwrapper = Unwrapper("hvs.fetcher-decrypt-only");
  auto rewrapped = RewrapDataKey(*sealed, Row(), *unwrapper, *wrapper);
  ASSERT_TRUE(rewrapped.ok()) << rewrapped.error().message;
  EXPECT_EQ(rewrapped->data_key.key_id, "baro-data-keys:v2");
  auto opened = Open(*rewrapped, Row(), *unwrapper);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(opened->view(), Secret().view());
}

TEST_F(VaultTransitTest, TokenFileMustBePrivate) {
  testing::TempDir dir;
  const std::string file = dir.File("token");
  testing::WriteFile(file, "hvs.fetcher-decrypt-only\n");
  ::chmod(file.c_str(), 0640);
  EXPECT_EQ(ReadVaultTokenFile(file).error().code, ErrorCode::kForbidden);
  ::chmod(file.c_str(), 0600);
  auto token = ReadVaultTokenFile(file);
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(token->view(), "hvs.fetcher-decrypt-only");
}

}  // namespace
}  // namespace baro::vault
