#include "vault/gcp_kms.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "fakes/kms/fake_cloud_kms.h"
#include "support/temp_dir.h"
#include "vault/envelope.h"
#include "vault/opener.h"
#include "vault/rotation.h"
#include "vault/vault.h"

namespace baro::vault {
namespace {

constexpr const char* kKey =
    "projects/baro-test/locations/global/keyRings/baro/cryptoKeys/data-keys";

std::shared_ptr<AccessTokenSource> Token(std::string_view t) {
  return std::make_shared<StaticTokenSource>(SecretBytes(t));
}

const SecretBytes& Secret() {
  static const SecretBytes s(std::string_view("gcp-sample-api-secret-0b7d"));
  return s;
}

SecretContext Row() {
  return {"user-3", "conn-9", Venue::kBybit, SecretField::kApiSecret};
}

class GcpKmsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(kms_.Start().ok());
    kms_.AddKey(kKey);
    kms_.GrantToken("encrypter-token", kKey, {.encrypt = true});
    kms_.GrantToken("decrypter-token", kKey, {.decrypt = true});
    options_.endpoint = kms_.BaseUrl();
    options_.key_name = kKey;
  }

  std::unique_ptr<GcpKmsKeyWrapper> Wrapper(std::string_view token) {
    auto w = GcpKmsKeyWrapper::Create(options_, Token(token));
    EXPECT_TRUE(w.ok());
    return std::move(*w);
  }
  std::unique_ptr<GcpKmsKeyUnwrapper> Unwrapper(std::string_view token) {
    auto u = GcpKmsKeyUnwrapper::Create(options_, Token(token));
    EXPECT_TRUE(u.ok());
    return std::move(*u);
  }

  ManualClock clock_{SystemClock::Instance().NowMs()};  // shared by the fake and the client
  fakes::FakeCloudKms kms_{clock_};
  GcpKmsOptions options_;
};

TEST_F(GcpKmsTest, SealsWithEncrypterAndOpensWithDecrypter) {
  auto wrapper = Wrapper("encrypter-token");
  auto unwrapper = Unwrapper("decrypter-token");
  auto sealed = Seal(Secret(), Row(), *wrapper);
  ASSERT_TRUE(sealed.ok()) << sealed.error().message;
  EXPECT_EQ(sealed->data_key.backend, KekBackend::kGcpKms);
  EXPECT_EQ(sealed->data_key.key_id, std::string(kKey) + "/cryptoKeyVersions/1");
  auto opened = OpenText(sealed->ToText(), Row(), *unwrapper);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(opened->view(), Secret().view());
  EXPECT_EQ(kms_.encrypt_calls(), 1u);
  EXPECT_EQ(kms_.decrypt_calls(), 1u);
}

TEST_F(GcpKmsTest, EncryptOnlyCredentialCannotDecrypt) {
  auto wrapper = Wrapper("encrypter-token");
  auto sealed = Seal(Secret(), Row(), *wrapper);
  ASSERT_TRUE(sealed.ok());
  auto wrong_side = Unwrapper("encrypter-token");
  auto opened = Open(*sealed, Row(), *wrong_side);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kForbidden);
  EXPECT_NE(opened.error().message.find("PERMISSION_DENIED"), std::string::npos);
  EXPECT_NE(opened.error().message.find("useToDecrypt"), std::string::npos);
  EXPECT_EQ(kms_.decrypt_calls(), 0u);
}

TEST_F(GcpKmsTest, DecryptOnlyCredentialCannotEncrypt) {
  auto wrong_side = Wrapper("decrypter-token");
  auto sealed = Seal(Secret(), Row(), *wrong_side);
  ASSERT_FALSE(sealed.ok());
  EXPECT_EQ(sealed.error().code, ErrorCode::kForbidden);
  EXPECT_NE(sealed.error().message.find("useToEncrypt"), std::string::npos);
}

TEST_F(GcpKmsTest, UnknownTokenIsUnauthenticated) {
  auto sealed = Seal(Secret(), Row(), *Wrapper("nobody"));
  ASSERT_FALSE(sealed.ok());
  EXPECT_EQ(sealed.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(sealed.error().message.find("nobody"), std::string::npos);  // no token in errors
}

TEST_F(GcpKmsTest, MovedTamperedAndForeignCiphertextsFail) {
  auto wrapper = Wrapper("encrypter-token");
  auto unwrapper = Unwrapper("decrypter-token");
  auto sealed = Seal(Secret(), Row(), *wrapper);
  ASSERT_TRUE(sealed.ok());

  SecretContext moved = Row();
  moved.user_id = "user-4";
  auto opened = Open(*sealed, moved, *unwrapper);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kCrypto);  // KMS refuses: AAD differs
  EXPECT_NE(opened.error().message.find("Decryption failed"), std::string::npos);

  SealedSecret tampered = *sealed;
  tampered.data_key.bytes[30] ^= 0x20;
  opened = Open(tampered, Row(), *unwrapper);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kCrypto);

  SealedSecret payload = *sealed;
  payload.ciphertext[0] ^= 0x01;
  opened = Open(payload, Row(), *unwrapper);
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.error().message.find("authentication failed"), std::string::npos);

  SealedSecret foreign = *sealed;
  foreign.data_key.key_id =
      "projects/x/locations/global/keyRings/r/cryptoKeys/other/"
      "cryptoKeyVersions/1";
  opened = Open(foreign, Row(), *unwrapper);
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.error().message.find("configured for"), std::string::npos);
}

TEST_F(GcpKmsTest, ChecksumMismatchInAnswerIsDetectedAndRetried) {
  auto wrapper = Wrapper("encrypter-token");
  auto unwrapper = Unwrapper("decrypter-token");
  kms_.CorruptNextChecksums(1);  // first encrypt answer bad, the retry good
  auto sealed = Seal(Secret(), Row(), *wrapper);
  ASSERT_TRUE(sealed.ok()) << sealed.error().message;
  EXPECT_EQ(kms_.encrypt_calls(), 2u);

  kms_.CorruptNextChecksums(100);
  auto opened = Open(*sealed, Row(), *unwrapper);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kBadResponse);
  EXPECT_NE(opened.error().message.find("plaintextCrc32c mismatch"), std::string::npos);
  EXPECT_EQ(kms_.decrypt_calls(), static_cast<std::size_t>(options_.integrity_attempts));

  auto failed = Seal(Secret(), Row(), *wrapper);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error().message.find("ciphertextCrc32c mismatch"), std::string::npos);
}

TEST_F(GcpKmsTest, UnverifiedRequestChecksumsAreNotTrusted) {
  kms_.SetIgnoreRequestChecksums(true);
  auto sealed = Seal(Secret(), Row(), *Wrapper("encrypter-token"));
  ASSERT_FALSE(sealed.ok());
  EXPECT_NE(sealed.error().message.find("not verified"), std::string::npos);
}

TEST_F(GcpKmsTest, RotationToANewPrimaryVersionInTheFetcher) {
  auto wrapper = Wrapper("encrypter-token");
  auto sealed = Seal(Secret(), Row(), *wrapper);
  ASSERT_TRUE(sealed.ok());
  ASSERT_EQ(kms_.RotateKey(kKey), 2);
  // The fetcher holds the decrypter; for rotation it is also given an encrypter credential.
  auto unwrapper = Unwrapper("decrypter-token");
  auto rewrapped = RewrapDataKey(*sealed, Row(), *unwrapper, *wrapper);
  ASSERT_TRUE(rewrapped.ok()) << rewrapped.error().message;
  EXPECT_EQ(rewrapped->data_key.key_id, std::string(kKey) + "/cryptoKeyVersions/2");
  EXPECT_EQ(rewrapped->ciphertext, sealed->ciphertext);
  auto opened = Open(*rewrapped, Row(), *unwrapper);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(opened->view(), Secret().view());
}

TEST_F(GcpKmsTest, RejectsMalformedKeyName) {
  options_.key_name = "data-keys";
  auto w = GcpKmsKeyWrapper::Create(options_, Token("encrypter-token"));
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().code, ErrorCode::kInvalidInput);
}

// Service-account credentials: JWT bearer grant against the fake token endpoint, cached token.
class GcpServiceAccountTest : public GcpKmsTest {
 protected:
  void SetUp() override {
    GcpKmsTest::SetUp();
    encrypter_ =
        fakes::MakeFakeServiceAccount("api@baro-test.iam.gserviceaccount.com", kms_.TokenUrl());
    decrypter_ =
        fakes::MakeFakeServiceAccount("fetcher@baro-test.iam.gserviceaccount.com", kms_.TokenUrl());
    kms_.AddServiceAccount(encrypter_, kKey, {.encrypt = true}, /*expires_in_seconds=*/3600);
    kms_.AddServiceAccount(decrypter_, kKey, {.decrypt = true}, /*expires_in_seconds=*/3600);
  }

  std::shared_ptr<ServiceAccountTokenSource> Source(const fakes::FakeServiceAccount& account,
                                                    const std::string& file) {
    testing::WriteFile(file, account.key_file_json);
    ::chmod(file.c_str(), 0600);
    ServiceAccountTokenOptions options;
    options.credentials_file = file;  // token endpoint taken from the file's token_uri
    auto source = ServiceAccountTokenSource::Load(options, clock_);
    EXPECT_TRUE(source.ok()) << (source.ok() ? "" : source.error().message);
    return std::shared_ptr<ServiceAccountTokenSource>(std::move(*source));
  }

  fakes::FakeServiceAccount encrypter_, decrypter_;
  testing::TempDir dir_;
};

TEST_F(GcpServiceAccountTest, SeparateServiceAccountsForEachSide) {
  auto api = Source(encrypter_, dir_.File("api.json"));
  auto fetcher = Source(decrypter_, dir_.File("fetcher.json"));
  auto wrapper = GcpKmsKeyWrapper::Create(options_, api);
  auto unwrapper = GcpKmsKeyUnwrapper::Create(options_, fetcher);
  ASSERT_TRUE(wrapper.ok() && unwrapper.ok());
  auto sealed = Seal(Secret(), Row(), **wrapper);
  ASSERT_TRUE(sealed.ok()) << sealed.error().message;
  auto opened = Open(*sealed, Row(), **unwrapper);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(opened->view(), Secret().view());

  // The API side's service account has no decrypt permission.
  auto api_unwrapper = GcpKmsKeyUnwrapper::Create(options_, api);
  ASSERT_TRUE(api_unwrapper.ok());
  auto refused = Open(*sealed, Row(), **api_unwrapper);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
}

TEST_F(GcpServiceAccountTest, TokenIsCachedUntilShortlyBeforeExpiry) {
  auto api = Source(encrypter_, dir_.File("api.json"));
  auto wrapper = GcpKmsKeyWrapper::Create(options_, api);
  ASSERT_TRUE(wrapper.ok());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Seal(Secret(), Row(), **wrapper).ok());
  EXPECT_EQ(api->tokens_fetched(), 1u);
  EXPECT_EQ(kms_.tokens_issued(), 1u);
  // Default refresh margin is 300 s: at 3600 - 301 s the cached token is still used ...
  clock_.Advance((3600 - 301) * 1000);
  ASSERT_TRUE(Seal(Secret(), Row(), **wrapper).ok());
  EXPECT_EQ(api->tokens_fetched(), 1u);
  // ... and past the margin a new one is fetched.
  clock_.Advance(2 * 1000);
  ASSERT_TRUE(Seal(Secret(), Row(), **wrapper).ok());
  EXPECT_EQ(api->tokens_fetched(), 2u);
}

TEST_F(GcpServiceAccountTest, UnknownAccountIsRefusedByTheTokenEndpoint) {
  auto stranger =
      fakes::MakeFakeServiceAccount("stranger@x.iam.gserviceaccount.com", kms_.TokenUrl());
  auto source = Source(stranger, dir_.File("stranger.json"));
  auto token = source->Token();
  ASSERT_FALSE(token.ok());
  EXPECT_EQ(token.error().code, ErrorCode::kUnauthenticated);
  EXPECT_NE(token.error().message.find("invalid_grant"), std::string::npos);
}

TEST_F(GcpServiceAccountTest, ForgedSignatureIsRefused) {
  // Same e-mail as the registered encrypter, but a different private key.
  auto forged = fakes::MakeFakeServiceAccount(encrypter_.email, kms_.TokenUrl());
  auto token = Source(forged, dir_.File("forged.json"))->Token();
  ASSERT_FALSE(token.ok());
  EXPECT_NE(token.error().message.find("Invalid JWT Signature"), std::string::npos);
}

TEST_F(GcpServiceAccountTest, CredentialsFileMustBePrivate) {
  const std::string file = dir_.File("open.json");
  testing::WriteFile(file, encrypter_.key_file_json);
  ::chmod(file.c_str(), 0644);
  ServiceAccountTokenOptions options;
  options.credentials_file = file;
  auto source = ServiceAccountTokenSource::Load(options, clock_);
  ASSERT_FALSE(source.ok());
  EXPECT_EQ(source.error().code, ErrorCode::kForbidden);
}

}  // namespace
}  // namespace baro::vault
