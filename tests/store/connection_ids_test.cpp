// A connection's id is part of the associated data its sealed key is bound to
// (vault/secret_context.h), so an id is never given to a second connection: a sealed key copied
// from a deleted row can never match a later one. SQLite reuses the largest rowid once its row is
// deleted (https://www.sqlite.org/autoinc.html); on every back-end this build has, it must not
// happen here.
#include <gtest/gtest.h>

#include <cstdlib>
#include <set>

#include "store/backend_fixture.h"
#include "store/store.h"

namespace baro::store {
namespace {

using ConnectionIds = BackendTest;

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
