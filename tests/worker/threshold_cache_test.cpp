// The worker's cache of parsed threshold overrides (worker/threshold_cache.h): what it hands the
// checker gives the thresholds the stored object means, it parses a connection's object once per
// thresholds_version, and it keeps no more connections than it is allowed.
#include "worker/threshold_cache.h"

#include <gtest/gtest.h>

#include "risk/thresholds.h"
#include "store/backend_fixture.h"

namespace baro::worker {
namespace {

store::Connection Conn(store::Id id, std::string json, std::int64_t version) {
  store::Connection c;
  c.id = id;
  c.thresholds_json = std::move(json);
  c.thresholds_version = version;
  return c;
}

// The thresholds the checker derives: user's, then the connection's own, then the position's.
risk::Thresholds Applied(const ParsedOverrides& o, const std::string& position) {
  auto t = risk::ApplyOverrides(risk::Thresholds{}, o.connection_json);
  if (!t) return risk::Thresholds{};
  if (!o.Position(position).empty()) t = risk::ApplyOverrides(*t, o.Position(position));
  return t ? *t : risk::Thresholds{};
}

TEST(ThresholdCache, GivesTheConnectionsAndThePositionsOwnOverrides) {
  ThresholdCache cache(8);
  auto o = cache.For(Conn(1,
                          R"({"leverage":[5,10,25],"positions":{"BTCUSDT:long":)"
                          R"({"distance":[0.3,0.2,0.1]},"ETHUSDT:short":{"leverage":[2,3,4]}}})",
                          1));
  // BTCUSDT long: the connection's leverage ladder and its own distance ladder.
  const risk::Thresholds btc = Applied(*o, "BTCUSDT:long");
  EXPECT_EQ(btc.leverage, (risk::Ladder{5, 10, 25}));
  EXPECT_EQ(btc.distance, (risk::Ladder{0.3, 0.2, 0.1}));
  // ETHUSDT short overrides the leverage ladder itself; distance stays the default 15/7/3 %.
  const risk::Thresholds eth = Applied(*o, "ETHUSDT:short");
  EXPECT_EQ(eth.leverage, (risk::Ladder{2, 3, 4}));
  EXPECT_EQ(eth.distance, (risk::Ladder{0.15, 0.07, 0.03}));
  // A position without its own entry: the connection's only.
  EXPECT_EQ(o->Position("SOLUSDT:long"), "");
  EXPECT_EQ(Applied(*o, "SOLUSDT:long").leverage, (risk::Ladder{5, 10, 25}));
  EXPECT_EQ(o->connection_json.find("positions"), std::string::npos);
}

TEST(ThresholdCache, AnObjectTheCheckerWouldRefuseStaysRefused) {
  ThresholdCache cache(8);
  // Ladder out of order inside a position's entry: ApplyOverrides refuses the whole object.
  auto o = cache.For(Conn(2, R"({"positions":{"BTCUSDT:long":{"distance":[0.1,0.2,0.3]}}})", 1));
  EXPECT_FALSE(risk::ApplyOverrides(risk::Thresholds{}, o->connection_json).ok());
  EXPECT_TRUE(o->positions.empty());
}

TEST(ThresholdCache, ParsesOncePerVersion) {
  ThresholdCache cache(8);
  const std::string json = R"({"positions":{"BTCUSDT:long":{"leverage":[2,3,4]}}})";
  for (int i = 0; i < 5; ++i) cache.For(Conn(3, json, 7));
  EXPECT_EQ(cache.parses(), 1u);
  // A new version is parsed again, and what it says is used.
  auto o = cache.For(Conn(3, R"({"leverage":[6,7,8]})", 8));
  EXPECT_EQ(cache.parses(), 2u);
  EXPECT_EQ(Applied(*o, "BTCUSDT:long").leverage, (risk::Ladder{6, 7, 8}));
  EXPECT_EQ(cache.size(), 1u);
}

TEST(ThresholdCache, KeepsAtMostItsLimitLeastRecentlyUsedLeavingFirst) {
  ThresholdCache cache(2);
  cache.For(Conn(10, "", 0));
  cache.For(Conn(11, "", 0));
  cache.For(Conn(10, "", 0));  // 10 used again: 11 is the least recent
  cache.For(Conn(12, "", 0));
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.parses(), 3u);
  cache.For(Conn(10, "", 0));  // still held
  EXPECT_EQ(cache.parses(), 3u);
  cache.For(Conn(11, "", 0));  // was dropped
  EXPECT_EQ(cache.parses(), 4u);
  EXPECT_EQ(cache.size(), 2u);
}

// The store moves thresholds_version on with each write of the thresholds, on both back-ends, so
// that the cache sees every change.
using ThresholdVersionStore = store::BackendTest;

TEST_P(ThresholdVersionStore, EachWriteMovesTheVersionOn) {
  store::Connection c;
  c.user_id = user_;
  c.venue = Venue::kBybit;
  c.label = "k";
  auto created = store_->connections().Create(c, 0);
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->thresholds_version, 0);
  ThresholdCache cache(4);
  EXPECT_EQ(cache.For(*created)->connection_json, "");
  ASSERT_TRUE(
      store_->connections().SetThresholds(user_, created->id, R"({"leverage":[5,10,25]})").ok());
  auto row = store_->connections().GetById(created->id);
  ASSERT_TRUE(row.ok());
  EXPECT_EQ(row->thresholds_version, 1);
  EXPECT_EQ(Applied(*cache.For(*row), "X:long").leverage, (risk::Ladder{5, 10, 25}));
  ASSERT_TRUE(store_->connections().SetThresholds(user_, created->id, "").ok());
  row = store_->connections().GetById(created->id);
  ASSERT_TRUE(row.ok());
  EXPECT_EQ(row->thresholds_version, 2);
  EXPECT_EQ(Applied(*cache.For(*row), "X:long").leverage, (risk::Ladder{10, 20, 50}));
  EXPECT_EQ(cache.parses(), 3u);
}

INSTANTIATE_TEST_SUITE_P(Backends, ThresholdVersionStore,
                         ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace baro::worker
