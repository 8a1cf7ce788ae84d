// The local key files through a rotation: a wrapper loaded from the public key file seals under
// whatever key the file holds now, the unwrapper's ring opens data keys of the current, the new and
// the old pair, and putting the new pair in place is finished by a second call whatever step the
// first one stopped after.
#include "vault/rotation_files.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "support/temp_dir.h"

namespace baro::vault {
namespace {

class RotationFiles : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitLocalKeys(keys_).ok()); }
  std::string IdOf(const std::string& private_file) {
    auto key = LoadLocalPrivateKey(private_file);
    EXPECT_TRUE(key.ok()) << private_file;
    return key ? LocalKeyId(PublicKeyOf(*key)) : "";
  }
  testing::TempDir dir_;
  LocalKeyOptions keys_{dir_.File("kek.pub"), dir_.File("kek.key")};
};

TEST_F(RotationFiles, WrapperFollowsThePublicKeyFileAndTheRingOpensEveryPair) {
  auto wrapper = LocalKeyWrapper::Load(keys_);
  ASSERT_TRUE(wrapper.ok());
  const std::string old_id = (*wrapper)->key_id();
  SecretBytes data_key(std::string(32, 'k'));
  auto under_old = (*wrapper)->Wrap(data_key, "row");
  ASSERT_TRUE(under_old.ok());

  auto next = PrepareNewLocalKey(keys_);
  ASSERT_TRUE(next.ok());
  const std::string new_id = LocalKeyId(PublicKeyOf(*next));
  EXPECT_EQ(IdOf(keys_.private_key_file + ".new"), new_id);
  auto again = PrepareNewLocalKey(keys_);  // a second call keeps the same new key
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(LocalKeyId(PublicKeyOf(*again)), new_id);
  struct stat st {};
  ASSERT_EQ(::stat((keys_.private_key_file + ".new").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  auto ring = LocalKeyUnwrapper::Load(keys_);  // loaded before the switch
  ASSERT_TRUE(ring.ok());
  ASSERT_TRUE(PromoteNewLocalKey(keys_).ok());
  auto under_new = (*wrapper)->Wrap(data_key, "row");  // reloads the file before wrapping
  ASSERT_TRUE(under_new.ok());
  EXPECT_EQ(under_new->key_id, new_id);
  EXPECT_EQ((*wrapper)->key_id(), new_id);
  // The ring loaded before the switch reads the files again for the key it did not hold.
  EXPECT_TRUE((*ring)->Unwrap(*under_old, "row").ok());
  EXPECT_TRUE((*ring)->Unwrap(*under_new, "row").ok());
  EXPECT_EQ(IdOf(keys_.private_key_file), new_id);
  EXPECT_EQ(IdOf(keys_.private_key_file + ".old"), old_id);
}

TEST_F(RotationFiles, PromotionStoppedAfterAnyStepIsFinishedByASecondCall) {
  const std::string old_id = IdOf(keys_.private_key_file);
  for (const std::string stop : {"old-private", "old-public", "public"}) {
    SCOPED_TRACE(stop);
    testing::TempDir dir;
    LocalKeyOptions keys{dir.File("kek.pub"), dir.File("kek.key")};
    ASSERT_TRUE(InitLocalKeys(keys).ok());
    const std::string first_id = IdOf(keys.private_key_file);
    auto next = PrepareNewLocalKey(keys);
    ASSERT_TRUE(next.ok());
    struct Stop {};
    try {
      (void)PromoteNewLocalKey(keys, [&](std::string_view step) {
        if (step == stop) throw Stop{};
      });
      FAIL() << "did not stop";
    } catch (const Stop&) {
    }
    ASSERT_TRUE(PromoteNewLocalKey(keys).ok());
    EXPECT_EQ(IdOf(keys.private_key_file), LocalKeyId(PublicKeyOf(*next)));
    EXPECT_EQ(IdOf(keys.private_key_file + ".old"), first_id);
    auto published = LocalKeyWrapper::Load(keys);
    ASSERT_TRUE(published.ok());
    EXPECT_EQ((*published)->key_id(), LocalKeyId(PublicKeyOf(*next)));
    auto old_public = LocalKeyWrapper::Load({keys.public_key_file + ".old", ""});
    ASSERT_TRUE(old_public.ok());
    EXPECT_EQ((*old_public)->key_id(), first_id);
  }
  EXPECT_FALSE(old_id.empty());
}

TEST_F(RotationFiles, AnEarlierRotationsOldKeyIsAConflictNeverOverwritten) {
  ASSERT_TRUE(PrepareNewLocalKey(keys_).ok());
  ASSERT_TRUE(PromoteNewLocalKey(keys_).ok());
  const std::string kept = IdOf(keys_.private_key_file + ".old");
  ASSERT_TRUE(PrepareNewLocalKey(keys_).ok());
  auto second = PromoteNewLocalKey(keys_);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::kConflict);
  EXPECT_EQ(IdOf(keys_.private_key_file + ".old"), kept);
}

}  // namespace
}  // namespace baro::vault
