#include "vault/local_kek.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "support/temp_dir.h"
#include "vault/envelope.h"
#include "vault/opener.h"

namespace baro::vault {
namespace {

mode_t ModeOf(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0);
  return st.st_mode & 0777;
}

class LocalKekTest : public ::testing::Test {
 protected:
  testing::TempDir dir_;
  LocalKeyOptions options_{dir_.File("kek.pub"), dir_.File("kek.key")};
};

TEST_F(LocalKekTest, InitWritesKeyFilesWithPrivateMode) {
  const mode_t old_umask = ::umask(0);  // the private file must be 0600 whatever the umask
  auto key_id = InitLocalKeys(options_);
  ::umask(old_umask);
  ASSERT_TRUE(key_id.ok()) << key_id.error().message;
  EXPECT_EQ(key_id->rfind("x25519:", 0), 0u);
  EXPECT_EQ(ModeOf(options_.private_key_file), 0600u);
  EXPECT_EQ(ModeOf(options_.public_key_file), 0644u);

  auto wrapper = LocalKeyWrapper::Load(options_);
  auto unwrapper = LocalKeyUnwrapper::Load(options_);
  ASSERT_TRUE(wrapper.ok()) << wrapper.error().message;
  ASSERT_TRUE(unwrapper.ok()) << unwrapper.error().message;
  EXPECT_EQ((*wrapper)->key_id(), *key_id);
  EXPECT_EQ((*unwrapper)->key_id(), *key_id);

  const SecretContext row{"u1", "c1", Venue::kBybit, SecretField::kApiKey};
  auto sealed = Seal(SecretBytes(std::string_view("key-material")), row, **wrapper);
  ASSERT_TRUE(sealed.ok());
  auto opened = Open(*sealed, row, **unwrapper);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(opened->view(), "key-material");
}

TEST_F(LocalKekTest, InitRefusesToOverwrite) {
  ASSERT_TRUE(InitLocalKeys(options_).ok());
  std::ifstream before(options_.private_key_file);
  const std::string original((std::istreambuf_iterator<char>(before)), {});
  auto again = InitLocalKeys(options_);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_NE(again.error().message.find("refusing to overwrite"), std::string::npos);
  std::ifstream after(options_.private_key_file);
  EXPECT_EQ(std::string((std::istreambuf_iterator<char>(after)), {}), original);

  // Only one of the two files present: still refused, and nothing is created.
  LocalKeyOptions half{dir_.File("other.pub"), options_.private_key_file};
  EXPECT_EQ(InitLocalKeys(half).error().code, ErrorCode::kConflict);
  EXPECT_NE(::access(half.public_key_file.c_str(), F_OK), 0);
}

TEST_F(LocalKekTest, PrivateKeyReadableByOthersIsRefused) {
  ASSERT_TRUE(InitLocalKeys(options_).ok());
  ASSERT_EQ(::chmod(options_.private_key_file.c_str(), 0644), 0);
  auto unwrapper = LocalKeyUnwrapper::Load(options_);
  ASSERT_FALSE(unwrapper.ok());
  EXPECT_EQ(unwrapper.error().code, ErrorCode::kForbidden);
  EXPECT_NE(unwrapper.error().message.find("chmod 600"), std::string::npos);
}

TEST_F(LocalKekTest, StoringSideLoadsWithoutThePrivateKey) {
  ASSERT_TRUE(InitLocalKeys(options_).ok());
  ASSERT_EQ(::unlink(options_.private_key_file.c_str()), 0);
  EXPECT_TRUE(LocalKeyWrapper::Load(options_).ok());
  auto unwrapper = LocalKeyUnwrapper::Load(options_);
  ASSERT_FALSE(unwrapper.ok());
  EXPECT_EQ(unwrapper.error().code, ErrorCode::kNotFound);
}

TEST_F(LocalKekTest, MalformedKeyFilesAreRejected) {
  { std::ofstream(options_.public_key_file) << "not a key\n"; }
  auto wrapper = LocalKeyWrapper::Load(options_);
  ASSERT_FALSE(wrapper.ok());
  EXPECT_EQ(wrapper.error().code, ErrorCode::kInvalidInput);
}

}  // namespace
}  // namespace baro::vault
