// `baro admin create-user` keeps the email as sign-up does (in lower case), so the user can log in
// and the other admin commands find them whatever case the operator typed.
#include <gtest/gtest.h>

#include "store/store.h"
#include "support/child.h"
#include "support/temp_dir.h"

namespace baro {
namespace {

TEST(AdminEmail, CreateUserFoldsTheEmailsCase) {
  testing::TempDir dir;
  const std::map<std::string, std::string> env = {{"BARO_DATA_DIR", dir.File("data")}};
  std::filesystem::create_directories(dir.File("data"));
  auto [code, out] =
      testing::RunToEnd({BARO_BINARY, "admin", "create-user", "--email", "Ops.Lead@Example.COM"},
                        env, "a long enough password\n");
  ASSERT_EQ(code, 0) << out;

  auto [again, again_out] =
      testing::RunToEnd({BARO_BINARY, "admin", "create-user", "--email", "ops.lead@example.com"},
                        env, "a long enough password\n");
  EXPECT_NE(again, 0) << "the same address in another case made a second account: " << again_out;
  EXPECT_EQ(testing::RunToEnd(
                {BARO_BINARY, "admin", "grant-premium", "--email", "OPS.LEAD@example.com"}, env)
                .first,
            0);

  auto store = store::OpenStore("sqlite://" + dir.File("data/baro.db"));
  ASSERT_TRUE(store.ok());
  auto user = (*store)->users().FindByEmail("ops.lead@example.com");
  ASSERT_TRUE(user.ok());
  EXPECT_EQ(user->email, "ops.lead@example.com");
  EXPECT_EQ(user->plan, store::Plan::kPremium);
  auto all = (*store)->users().List();
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 1u);
}

}  // namespace
}  // namespace baro
