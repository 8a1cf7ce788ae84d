// CCXT as an oracle for HyperLiquid, Binance and Bybit: the same recorded bodies parsed by CCXT and
// by Baro give the same positions (side, size in base units, entry, mark and liquidation price).
#include "exchanges/oracle/ccxt_oracle.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>

#include "exchanges/binance/binance_client.h"
#include "exchanges/bybit/bybit_client.h"
#include "exchanges/hyperliquid/hyperliquid_client.h"
#include "support/temp_dir.h"

namespace baro::exchanges {
namespace {

std::string Sample(const std::string& name) {
  return testing::ReadFile(std::string(BARO_SOURCE_DIR) + "/tests/exchanges/testdata/" + name);
}

std::string Serialize(const boost::json::value& v) {
  return boost::json::serialize(v);
}

bool Near(std::optional<double> a, std::optional<double> b) {
  if (!a || !b) return a.has_value() == b.has_value();
  return std::fabs(*a - *b) <= 1e-9 * std::max({1.0, std::fabs(*a), std::fabs(*b)});
}

// Compares every Baro position with CCXT's parse of the same raw object; CCXT's zero-size rows
// (positions Baro drops as closed) must be exactly the ones Baro does not report.
void ExpectSameAsCcxt(const std::vector<Position>& baro, const testing::OracleInput& input) {
  auto oracle = testing::CcxtParsePositions(input);
  if (!oracle && oracle.error().code == ErrorCode::kUnavailable)
    GTEST_SKIP() << oracle.error().message;
  ASSERT_TRUE(oracle.ok()) << oracle.error().message;
  std::vector<testing::OraclePosition> open;
  for (const auto& o : *oracle) {
    if (o.contracts != 0) open.push_back(o);
  }
  ASSERT_EQ(open.size(), baro.size());
  ASSERT_FALSE(baro.empty()) << "a body without open positions compares nothing";
  for (const auto& p : baro) {
    SCOPED_TRACE(p.symbol + " " + std::string(ToString(p.side)));
    auto match = std::find_if(open.begin(), open.end(), [&](const testing::OraclePosition& o) {
      const bool same_symbol = o.symbol == p.symbol || o.symbol.rfind(p.base + "/", 0) == 0;
      return same_symbol && o.side == ToString(p.side);
    });
    ASSERT_NE(match, open.end()) << "CCXT has no such position";
    EXPECT_NEAR(match->BaseSize(), p.size, 1e-9 * p.size);
    EXPECT_TRUE(Near(match->entry_price, p.entry_price));
    if (match->mark_price) {
      EXPECT_TRUE(Near(match->mark_price, p.mark_price));
    }
    EXPECT_TRUE(Near(match->liquidation_price, p.liquidation_price))
        << "CCXT " << match->liquidation_price.value_or(-1) << ", Baro "
        << p.liquidation_price.value_or(-1);
    open.erase(match);
  }
}

TEST(CcxtOracle, HyperliquidClearinghouseStates) {
  for (const char* name : {"hyperliquid-clearinghouseState-doc.json",
                           "hyperliquid-clearinghouseState-2023-cassette.json"}) {
    SCOPED_TRACE(name);
    const std::string body = Sample(name);
    auto baro = hyperliquid::ParseClearinghouseState(body, "0xabc");
    ASSERT_TRUE(baro.ok()) << baro.error().message;
    auto raw = boost::json::parse(body);
    ExpectSameAsCcxt(baro->positions,
                     {"hyperliquid", Serialize(raw.at("assetPositions")), "", "parsePosition"});
  }
}

TEST(CcxtOracle, BinancePositionRiskOneWayAndHedge) {
  for (const char* name : {"binance-positionRisk-v3.json", "binance-positionRisk-v2-hedge.json"}) {
    SCOPED_TRACE(name);
    const std::string body = Sample(name);
    auto baro = binance::ParsePositionRisk(body, Sample("binance-symbolConfig.json"), "main");
    ASSERT_TRUE(baro.ok()) << baro.error().message;
    ExpectSameAsCcxt(*baro, {"binanceusdm", body, "", "parsePositionRisk"});
  }
}

TEST(CcxtOracle, BybitLinearPositions) {
  const std::string body = Sample("bybit-position-list-linear-assembled.json");
  auto baro = bybit::ParsePositionList(body, MarginMode::kCross, "main");
  ASSERT_TRUE(baro.ok()) << baro.error().message;
  auto raw = boost::json::parse(body);
  ExpectSameAsCcxt(baro->positions,
                   {"bybit", Serialize(raw.at("result").at("list")), "", "parsePosition"});
}

}  // namespace
}  // namespace baro::exchanges
