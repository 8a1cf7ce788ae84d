// The symbol picker's lists: one per venue, read from the public market table and kept for the
// TTL; perpetuals only, ordered by symbol; a failed reload keeps serving the last list.
#include "web/symbol_lists.h"

#include <gtest/gtest.h>

namespace baro::web {
namespace {

// A market table that counts its reads and can be told to fail.
class CountingMarket final : public market::MarketData {
 public:
  Result<market::Instrument> Find(Venue, std::string_view) override {
    return MakeError(ErrorCode::kUnavailable, "not used");
  }
  Result<std::vector<market::Instrument>> List(Venue venue) override {
    ++reads;
    if (fail) return MakeError(ErrorCode::kUnavailable, "venue down");
    // Binance's premium index holds dated futures too ("BTCUSDT_250328"), without base and quote.
    return std::vector<market::Instrument>{
        {"ETHUSDT", "ETH", "USDT", 3000, 125, 0.005, 1000},
        {"BTCUSDT_250328", "", "", 101000, 0, std::nullopt, 1000},
        {"BTCUSDT", "BTC", "USDT", 100000, 125, 0.004, 1000},
        {venue == Venue::kBybit ? "SOLUSDT" : "XRPUSDT", "X", "USDT", 1, 0, std::nullopt, 1000}};
  }
  int reads = 0;
  bool fail = false;
};

std::vector<std::string> Symbols(const SymbolList& list) {
  std::vector<std::string> out;
  for (const auto& e : list.symbols) out.push_back(e.symbol);
  return out;
}

TEST(SymbolLists, PerpetualsOnlyOrderedBySymbol) {
  CountingMarket market;
  SymbolLists lists(60'000);
  auto list = lists.Get(market, Venue::kBinance, 5000);
  ASSERT_TRUE(list.ok()) << list.error().message;
  EXPECT_EQ(Symbols(*list), (std::vector<std::string>{"BTCUSDT", "ETHUSDT", "XRPUSDT"}));
  EXPECT_EQ(list->symbols[0].base, "BTC");
  EXPECT_EQ(list->symbols[0].quote, "USDT");
  EXPECT_DOUBLE_EQ(list->symbols[0].max_leverage, 125);
  EXPECT_EQ(list->read_at, 1000);
}

TEST(SymbolLists, KeptForTheTtlPerVenueThenReadAgain) {
  CountingMarket market;
  SymbolLists lists(60'000);
  ASSERT_TRUE(lists.Get(market, Venue::kBinance, 0).ok());
  ASSERT_TRUE(lists.Get(market, Venue::kBinance, 59'999).ok());
  EXPECT_EQ(market.reads, 1) << "inside the TTL the kept list answers";
  auto bybit = lists.Get(market, Venue::kBybit, 59'999);
  ASSERT_TRUE(bybit.ok());
  EXPECT_EQ(market.reads, 2) << "each venue has its own list";
  EXPECT_EQ(Symbols(*bybit).back(), "SOLUSDT");
  ASSERT_TRUE(lists.Get(market, Venue::kBinance, 60'000).ok());
  EXPECT_EQ(market.reads, 3) << "at the TTL the venue is read again";
}

TEST(SymbolLists, AFailedReloadKeepsTheLastListAndAFirstFailureIsAnError) {
  CountingMarket market;
  SymbolLists lists(1000);
  market.fail = true;
  auto none = lists.Get(market, Venue::kOkx, 0);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::kUnavailable);
  market.fail = false;
  ASSERT_TRUE(lists.Get(market, Venue::kOkx, 0).ok());
  market.fail = true;
  auto kept = lists.Get(market, Venue::kOkx, 5000);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->symbols.size(), 3u);
  EXPECT_EQ(market.reads, 3);
}

}  // namespace
}  // namespace baro::web
