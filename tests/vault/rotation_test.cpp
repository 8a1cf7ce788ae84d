#include "vault/rotation.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include "vault/envelope.h"
#include "vault/local_kek.h"
#include "vault/opener.h"

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

TEST(RotationTest, RewrapsEveryDataKeyAndLeavesPayloadsUntouched) {
  KeyPair old_kek = MakeKeyPair();
  KeyPair new_kek = MakeKeyPair();
  std::vector<RotationItem> batch;
  std::vector<std::string> plaintexts;
  for (int i = 0; i < 5; ++i) {
    SecretContext row{"user-" + std::to_string(i), "conn-" + std::to_string(i), Venue::kBinance,
                      i % 2 ? SecretField::kApiKey : SecretField::kApiSecret};
    plaintexts.push_back("secret-number-" + std::to_string(i * 7919));
    auto sealed = Seal(SecretBytes(std::string_view(plaintexts.back())), row, *old_kek.wrapper);
    ASSERT_TRUE(sealed.ok());
    batch.push_back({std::move(*sealed), row});
  }

  RotationReport report = RewrapDataKeys(batch, *old_kek.unwrapper, *new_kek.wrapper);
  EXPECT_EQ(report.rewrapped, batch.size());
  EXPECT_EQ(report.failed, 0u);
  ASSERT_EQ(report.results.size(), batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    ASSERT_TRUE(report.results[i].ok()) << report.results[i].error().message;
    const SealedSecret& rewrapped = *report.results[i];
    EXPECT_EQ(rewrapped.data_key.key_id, new_kek.wrapper->key_id());
    EXPECT_EQ(rewrapped.nonce, batch[i].sealed.nonce);
    EXPECT_EQ(rewrapped.ciphertext, batch[i].sealed.ciphertext);
    auto opened = Open(rewrapped, batch[i].context, *new_kek.unwrapper);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    EXPECT_EQ(opened->view(), plaintexts[i]);
    EXPECT_FALSE(Open(rewrapped, batch[i].context, *old_kek.unwrapper).ok());
  }
}

TEST(RotationTest, BadItemsFailAloneWithTheirReason) {
  KeyPair old_kek = MakeKeyPair();
  KeyPair new_kek = MakeKeyPair();
  KeyPair stranger = MakeKeyPair();
  const SecretContext row{"u", "c", Venue::kGate, SecretField::kApiSecret};
  const SecretBytes secret(std::string_view("s3cret"));
  std::vector<RotationItem> batch;
  batch.push_back({*Seal(secret, row, *old_kek.wrapper), row});
  SecretContext moved = row;
  moved.connection_id = "other";
  batch.push_back({*Seal(secret, row, *old_kek.wrapper), moved});  // moved to another row
  batch.push_back({*Seal(secret, row, *stranger.wrapper), row});   // under an unknown key
  batch.push_back({*Seal(secret, row, *old_kek.wrapper), row});

  RotationReport report = RewrapDataKeys(batch, *old_kek.unwrapper, *new_kek.wrapper);
  EXPECT_EQ(report.rewrapped, 2u);
  EXPECT_EQ(report.failed, 2u);
  EXPECT_TRUE(report.results[0].ok());
  ASSERT_FALSE(report.results[1].ok());
  EXPECT_NE(report.results[1].error().message.find("another row"), std::string::npos);
  ASSERT_FALSE(report.results[2].ok());
  EXPECT_NE(report.results[2].error().message.find("wrong key pair"), std::string::npos);
  EXPECT_TRUE(report.results[3].ok());
}

}  // namespace
}  // namespace baro::vault
