// A migrated store on the back-end the test parameter names ("sqlite" or "postgresql", the latter
// started by the tests; skipped when it cannot start unless BARO_REQUIRE_POSTGRES=1), with one
// user.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "store/store.h"
#include "support/postgres_server.h"
#include "support/temp_dir.h"

namespace baro::store {

class BackendTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string url = "sqlite://" + dir_.File("t.db");
    if (GetParam() == "postgresql") {
      auto& server = testing::PostgresServer::Shared();
      if (!server.ok()) {
        const char* required = std::getenv("BARO_REQUIRE_POSTGRES");
        if (required != nullptr && std::string_view(required) == "1") FAIL() << server.why_not();
        GTEST_SKIP() << server.why_not();
      }
      url = server.NewDatabase();
    }
    auto s = OpenStore(url);
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(*s);
    ASSERT_TRUE(store_->Migrate().ok());
    auto u = store_->users().Create("backend@example.com", "hash", 1000);
    ASSERT_TRUE(u.ok());
    user_ = u->id;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  Id user_ = 0;
};

}  // namespace baro::store
