// A connection's id is part of the associated data its sealed key is bound to
// (vault/secret_context.h), so an id is never given to a second connection: a sealed key copied
// from a deleted row can never match a later one. SQLite reuses the largest rowid once its row is
// deleted (https://www.sqlite.org/autoinc.html); on every back-end this build has, it must not
// happen here.
#include <gtest/gtest.h>

#include <cstdlib>
#include <set>

#include "store/store.h"
#include "support/postgres_server.h"
#include "support/temp_dir.h"

namespace baro::store {
namespace {

class ConnectionIds : public ::testing::TestWithParam<std::string> {
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
    auto u = store_->users().Create("ids@example.com", "hash", 1000);
    ASSERT_TRUE(u.ok());
    user_ = u->id;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  Id user_ = 0;
};

TEST_P(ConnectionIds, AreNeverGivenTwice) {
  std::set<Id> seen;
  for (int i = 0; i < 50; ++i) {
    Connection c;
    c.user_id = user_;
    c.venue = Venue::kBinance;
    c.label = "k" + std::to_string(i);
    c.sealed_api_secret = "sealed-" + std::to_string(i);
    auto created = store_->connections().Create(c, 5000);
    ASSERT_TRUE(created.ok()) << created.error().message;
    EXPECT_GT(created->id, 0);
    EXPECT_LT(created->id, Id{1} << 53);  // exact in a JavaScript number
    EXPECT_TRUE(seen.insert(created->id).second) << "id " << created->id << " given twice";
    EXPECT_EQ(created->label, c.label);
    EXPECT_EQ(created->sealed_api_secret, c.sealed_api_secret);
    // Deleting the newest row is what makes SQLite hand its id out again.
    ASSERT_TRUE(store_->connections().Delete(user_, created->id).ok());
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, ConnectionIds, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace baro::store
