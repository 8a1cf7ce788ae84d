#include "vault/envelope.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include "vault/local_kek.h"
#include "vault/opener.h"
#include "vault/vault.h"

namespace baro::vault {
namespace {

struct KeyPair {
  std::unique_ptr<LocalKeyWrapper> wrapper;
  std::unique_ptr<LocalKeyUnwrapper> unwrapper;
};

KeyPair MakeKeyPair() {
  if (sodium_init() < 0) std::abort();
  X25519PublicKey pk{};
  SecretBytes sk(32);
  crypto_box_keypair(pk.data(), sk.data());
  return {std::make_unique<LocalKeyWrapper>(pk),
          std::make_unique<LocalKeyUnwrapper>(std::move(sk))};
}

SecretContext Row() {
  return {"user-17", "conn-4", Venue::kOkx, SecretField::kApiSecret};
}

const SecretBytes& Secret() {
  static const SecretBytes s(std::string_view("9f1c2d-sample-api-secret-4e7a"));
  return s;
}

class EnvelopeTest : public ::testing::Test {
 protected:
  KeyPair keys_ = MakeKeyPair();
};

TEST_F(EnvelopeTest, SealsAndOpens) {
  auto sealed = Seal(Secret(), Row(), *keys_.wrapper);
  ASSERT_TRUE(sealed.ok()) << sealed.error().message;
  EXPECT_EQ(sealed->data_key.backend, KekBackend::kLocal);
  EXPECT_EQ(sealed->data_key.key_id, keys_.wrapper->key_id());
  auto opened = OpenText(sealed->ToText(), Row(), *keys_.unwrapper);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(opened->view(), Secret().view());
}

TEST_F(EnvelopeTest, EverySealUsesAFreshDataKeyAndNonce) {
  auto a = Seal(Secret(), Row(), *keys_.wrapper);
  auto b = Seal(Secret(), Row(), *keys_.wrapper);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->nonce, b->nonce);
  EXPECT_NE(a->ciphertext, b->ciphertext);
  EXPECT_NE(a->data_key.bytes, b->data_key.bytes);
}

TEST_F(EnvelopeTest, StoredFormContainsNoPlaintext) {
  auto sealed = Seal(Secret(), Row(), *keys_.wrapper);
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->ToBinary().find(Secret().view()), std::string::npos);
  EXPECT_EQ(sealed->ToText().find(Secret().view()), std::string::npos);
}

TEST_F(EnvelopeTest, TamperedCiphertextFailsClearly) {
  auto sealed = Seal(Secret(), Row(), *keys_.wrapper);
  ASSERT_TRUE(sealed.ok());
  for (std::size_t i = 0; i < sealed->ciphertext.size(); i += 5) {
    SealedSecret tampered = *sealed;
    tampered.ciphertext[i] ^= 0x01;
    auto opened = Open(tampered, Row(), *keys_.unwrapper);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, ErrorCode::kCrypto);
    EXPECT_NE(opened.error().message.find("authentication failed"), std::string::npos);
  }
  SealedSecret bad_nonce = *sealed;
  bad_nonce.nonce[3] ^= 0x80;
  EXPECT_EQ(Open(bad_nonce, Row(), *keys_.unwrapper).error().code, ErrorCode::kCrypto);
  SealedSecret bad_wrap = *sealed;
  bad_wrap.data_key.bytes[40] ^= 0x01;
  auto opened = Open(bad_wrap, Row(), *keys_.unwrapper);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kCrypto);
  EXPECT_NE(opened.error().message.find("does not open"), std::string::npos);
}

TEST_F(EnvelopeTest, CiphertextMovedToAnotherRowFails) {
  auto sealed = Seal(Secret(), Row(), *keys_.wrapper);
  ASSERT_TRUE(sealed.ok());
  SecretContext other_user = Row();
  other_user.user_id = "user-18";
  SecretContext other_connection = Row();
  other_connection.connection_id = "conn-5";
  SecretContext other_venue = Row();
  other_venue.venue = Venue::kBitget;
  SecretContext other_field = Row();
  other_field.field = SecretField::kPassphrase;
  SecretContext other_generation = Row();
  other_generation.key_generation = 1;
  for (const SecretContext& moved :
       {other_user, other_connection, other_venue, other_field, other_generation}) {
    auto opened = Open(*sealed, moved, *keys_.unwrapper);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, ErrorCode::kCrypto);
    EXPECT_NE(opened.error().message.find("another row or field"), std::string::npos)
        << opened.error().message;
  }
}

TEST_F(EnvelopeTest, WrongKeyPairFailsClearly) {
  auto sealed = Seal(Secret(), Row(), *keys_.wrapper);
  ASSERT_TRUE(sealed.ok());
  KeyPair other = MakeKeyPair();
  auto opened = Open(*sealed, Row(), *other.unwrapper);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kCrypto);
  EXPECT_NE(opened.error().message.find("wrong key pair"), std::string::npos);
  // Even with the key id forged to match, the sealed box itself does not open.
  SealedSecret forged = *sealed;
  forged.data_key.key_id = other.unwrapper->key_id();
  opened = Open(forged, Row(), *other.unwrapper);
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.error().message.find("does not open"), std::string::npos);
}

TEST_F(EnvelopeTest, ErrorsNeverCarrySecretMaterial) {
  auto sealed = Seal(Secret(), Row(), *keys_.wrapper);
  ASSERT_TRUE(sealed.ok());
  SealedSecret tampered = *sealed;
  tampered.ciphertext[0] ^= 1;
  auto opened = Open(tampered, Row(), *keys_.unwrapper);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().message.find(Secret().view()), std::string::npos);
  EXPECT_EQ(opened.error().message.find(sealed->data_key.bytes), std::string::npos);
}

TEST_F(EnvelopeTest, RefusesEmptySecret) {
  auto sealed = Seal(SecretBytes(), Row(), *keys_.wrapper);
  ASSERT_FALSE(sealed.ok());
  EXPECT_EQ(sealed.error().code, ErrorCode::kInvalidInput);
}

TEST_F(EnvelopeTest, EncryptOnlyVaultRefusesToDecrypt) {
  const Vault api_side = Vault::EncryptOnly(std::move(keys_.wrapper));
  ASSERT_TRUE(api_side.can_seal());
  ASSERT_FALSE(api_side.can_open());
  auto sealed = api_side.Seal(Secret(), Row());
  ASSERT_TRUE(sealed.ok());
  auto opened = api_side.Open(*sealed, Row());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kForbidden);
  EXPECT_NE(opened.error().message.find("encrypt-only"), std::string::npos);

  const Vault fetcher_side = Vault::DecryptOnly(std::move(keys_.unwrapper));
  auto reopened = fetcher_side.Open(*sealed, Row());
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(reopened->view(), Secret().view());
  auto resealed = fetcher_side.Seal(Secret(), Row());
  ASSERT_FALSE(resealed.ok());
  EXPECT_EQ(resealed.error().code, ErrorCode::kForbidden);
}

}  // namespace
}  // namespace baro::vault
