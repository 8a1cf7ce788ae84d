#include "vault/sealed_secret.h"

#include <gtest/gtest.h>

#include "vault/encoding.h"

namespace baro::vault {
namespace {

SealedSecret Sample() {
  SealedSecret s;
  s.data_key = {KekBackend::kGcpKms,
                "projects/p/locations/global/keyRings/r/cryptoKeys/k/"
                "cryptoKeyVersions/3",
                std::string("\x00\x01wrapped\xff", 10)};
  for (std::size_t i = 0; i < s.nonce.size(); ++i) s.nonce[i] = static_cast<unsigned char>(i * 7);
  // 27 bytes: "cipher", a NUL, "text-and-tag-16bytes" (a length of 29 read past the literal;
  // found by make test-sanitize: global-buffer-overflow).
  s.ciphertext = std::string("cipher\x00text-and-tag-16bytes", 27);
  return s;
}

TEST(SealedSecretTest, BinaryAndTextRoundTrip) {
  const SealedSecret s = Sample();
  for (auto parsed : {SealedSecret::FromBinary(s.ToBinary()), SealedSecret::FromText(s.ToText())}) {
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(parsed->version, kSealedSecretVersion);
    EXPECT_EQ(parsed->data_key.backend, KekBackend::kGcpKms);
    EXPECT_EQ(parsed->data_key.key_id, s.data_key.key_id);
    EXPECT_EQ(parsed->data_key.bytes, s.data_key.bytes);
    EXPECT_EQ(parsed->nonce, s.nonce);
    EXPECT_EQ(parsed->ciphertext, s.ciphertext);
  }
}

TEST(SealedSecretTest, LayoutStartsWithMagicVersionAndBackend) {
  const std::string bin = Sample().ToBinary();
  EXPECT_EQ(bin.substr(0, 4), "BARO");
  EXPECT_EQ(static_cast<unsigned char>(bin[4]), 1);
  EXPECT_EQ(static_cast<unsigned char>(bin[5]), 2);  // gcp-kms
}

TEST(SealedSecretTest, RejectsMalformedInput) {
  const std::string bin = Sample().ToBinary();
  std::string bad_magic = bin;
  bad_magic[0] = 'X';
  std::string bad_version = bin;
  bad_version[4] = 9;
  std::string bad_backend = bin;
  bad_backend[5] = 77;
  for (const std::string& input : {bad_magic, bad_version, bad_backend, bin + "x",
                                   bin.substr(0, bin.size() - 1), std::string()}) {
    auto parsed = SealedSecret::FromBinary(input);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(parsed.error().message.find("sealed secret is malformed"), std::string::npos);
  }
  EXPECT_FALSE(SealedSecret::FromText("not base64!").ok());
  EXPECT_NE(SealedSecret::FromBinary(bad_version).error().message.find("version 9"),
            std::string::npos);
}

TEST(SealedSecretTest, BackendNames) {
  for (KekBackend b : {KekBackend::kLocal, KekBackend::kGcpKms, KekBackend::kVaultTransit}) {
    EXPECT_EQ(KekBackendFromString(ToString(b)), b);
  }
  EXPECT_EQ(ToString(KekBackend::kVaultTransit), "vault-transit");
  EXPECT_FALSE(KekBackendFromString("aws").has_value());
}

TEST(EncodingTest, Base64IsStrict) {
  EXPECT_EQ(Base64Encode("hello"), "aGVsbG8=");
  EXPECT_EQ(*Base64Decode("aGVsbG8="), "hello");
  EXPECT_FALSE(Base64Decode("aGVsbG8").ok());    // missing padding
  EXPECT_FALSE(Base64Decode("aGVs bG8=").ok());  // whitespace
  EXPECT_FALSE(Base64Decode("aGVsbG8_").ok());   // URL-safe alphabet
  auto secret = Base64DecodeSecret("c2VjcmV0");
  ASSERT_TRUE(secret.ok());
  EXPECT_EQ(secret->view(), "secret");
  EXPECT_EQ(Base64EncodeSecret(SecretBytes(std::string_view("secret"))).view(), "c2VjcmV0");
}

}  // namespace
}  // namespace baro::vault
