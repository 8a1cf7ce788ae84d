// `baro keys init` and `baro keys rotate` as an operator runs them: a sealed key stored before the
// rotation opens with the new private key afterwards and no longer with the old one, and the secret
// itself was never needed.
#include <gtest/gtest.h>

#include "store/store.h"
#include "support/child.h"
#include "support/temp_dir.h"
#include "vault/envelope.h"
#include "vault/local_kek.h"
#include "vault/opener.h"

namespace baro {
namespace {

TEST(KeysCommands, RotateRewrapsEveryStoredDataKey) {
  testing::TempDir dir;
  const std::map<std::string, std::string> env = {{"BARO_DATA_DIR", dir.File("data")}};
  std::filesystem::create_directories(dir.File("data/keys"));
  auto [init_code, init_out] = testing::RunToEnd({BARO_BINARY, "keys", "init"}, env);
  ASSERT_EQ(init_code, 0) << init_out;
  EXPECT_NE(testing::RunToEnd({BARO_BINARY, "keys", "init"}, env).first, 0);  // never overwrites

  const vault::LocalKeyOptions keys{dir.File("data/keys/kek.pub"), dir.File("data-fetcher/kek.key")};
  auto store = store::OpenStore("sqlite://" + dir.File("data/baro.db"));
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->Migrate().ok());
  auto user = (*store)->users().Create("ops@example.com", "h", 0);
  store::Connection c;
  c.user_id = user->id;
  c.venue = Venue::kBinance;
  c.label = "k";
  auto conn = (*store)->connections().Create(c, 0);
  ASSERT_TRUE(conn.ok());
  const vault::SecretContext ctx{std::to_string(user->id), std::to_string(conn->id),
                                 Venue::kBinance, vault::SecretField::kApiSecret};
  auto wrapper = vault::LocalKeyWrapper::Load(keys);
  ASSERT_TRUE(wrapper.ok());
  auto sealed = vault::Seal(SecretBytes("the-api-secret-value"), ctx, **wrapper);
  ASSERT_TRUE(sealed.ok());
  conn->sealed_api_secret = sealed->ToText();
  ASSERT_TRUE((*store)->connections().ReplaceSealed(*conn).ok());

  auto [code, out] = testing::RunToEnd({BARO_BINARY, "keys", "rotate"}, env);
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("Rewrapped 1 data keys"), std::string::npos) << out;

  auto rotated = (*store)->connections().GetById(conn->id);
  ASSERT_TRUE(rotated.ok());
  EXPECT_NE(rotated->sealed_api_secret, conn->sealed_api_secret);
  auto fresh = vault::LocalKeyUnwrapper::Load(keys);
  ASSERT_TRUE(fresh.ok());
  auto opened = vault::OpenText(rotated->sealed_api_secret, ctx, **fresh);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(opened->view(), "the-api-secret-value");
  auto old = vault::LocalKeyUnwrapper::Load(
      {keys.public_key_file + ".old", keys.private_key_file + ".old"});
  ASSERT_TRUE(old.ok());
  EXPECT_FALSE(vault::OpenText(rotated->sealed_api_secret, ctx, **old).ok());
}

}  // namespace
}  // namespace baro
