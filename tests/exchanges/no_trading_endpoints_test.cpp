// Baro never trades. Every venue client builds its requests through ReadOnlyRequest over its own
// allow-list (exchanges::AllowedReads: the clients' tables themselves, linked in here), and so do
// the public market reads (exchanges::PublicReads, exchanges/public_link.h), so these tests assert
// over the tables production uses: none of them holds an order, cancel, leverage, margin,
// transfer or withdrawal endpoint of any venue, and building such a request is refused.
// A scan of src/ keeps the paths out of the sources altogether.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "core/venue.h"
#include "exchanges/public_link.h"
#include "exchanges/read_only_request.h"
#include "exchanges/venue_client.h"
#include "support/temp_dir.h"

namespace baro {
namespace {

struct TradingEndpoint {
  std::string_view method;
  std::string_view path;
};

// The venues' write endpoints, from their documentation:
// HyperLiquid: every action (order, cancel, modify, updateLeverage, updateIsolatedMargin, usdSend,
//   usdClassTransfer, withdraw3) is a signed POST to /exchange:
//   https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/exchange-endpoint
// Binance USD-M:
// https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api
//   (New/Modify/Cancel Order, Place Multiple Orders, Cancel All Open Orders, Change Initial
//   Leverage, Change Margin Type, Modify Isolated Position Margin); wallet:
//   https://developers.binance.com/docs/wallet/capital/withdraw,
//   https://developers.binance.com/docs/wallet/asset/user-universal-transfer
// Binance COIN-M:
// https://developers.binance.com/docs/derivatives/coin-margined-futures/trade/rest-api
//   (the same order, leverage, margin type and position margin endpoints under /dapi)
// Bybit v5: https://bybit-exchange.github.io/docs/v5/order/create-order (amend, cancel,
//   cancel-all beside it), .../v5/position/leverage, .../v5/asset/transfer/create-inter-transfer,
//   .../v5/asset/withdraw
// OKX v5: https://www.okx.com/docs-v5/en/#order-book-trading-trade (order, cancel-order,
//   batch-orders, amend-order, close-position), #trading-account-rest-api-set-leverage,
//   #funding-account-rest-api-funds-transfer, #funding-account-rest-api-withdrawal
// Bitget v2: https://www.bitget.com/api-doc/contract/trade/Place-Order (cancel-order,
//   close-positions beside it), .../contract/account/Change-Leverage,
//   https://www.bitget.com/api-doc/spot/account/Wallet-Transfer, .../spot/account/Wallet-Withdrawal
// Gate v4: https://www.gate.io/docs/developers/apiv4/#create-a-futures-order (cancel beside it),
//   #update-position-leverage, #transfer-between-trading-accounts, #withdraw
// KuCoin Futures: https://www.kucoin.com/docs/rest/futures-trading/orders/place-order (cancel
//   beside it), .../futures-trading/positions/add-margin-manually,
//   .../futures-trading/positions/modify-cross-margin-leverage,
//   .../funding/transfer/transfer-to-main-or-trade-account; KuCoin withdrawals:
//   https://www.kucoin.com/docs/rest/funding/withdrawals/apply-withdraw
const std::vector<TradingEndpoint>& TradingEndpoints() {
  static const std::vector<TradingEndpoint> all = {
      {"POST", "/exchange"},
      {"POST", "/fapi/v1/order"},
      {"PUT", "/fapi/v1/order"},
      {"DELETE", "/fapi/v1/order"},
      {"POST", "/fapi/v1/batchOrders"},
      {"DELETE", "/fapi/v1/allOpenOrders"},
      {"POST", "/fapi/v1/leverage"},
      {"POST", "/fapi/v1/marginType"},
      {"POST", "/fapi/v1/positionMargin"},
      {"POST", "/dapi/v1/order"},
      {"PUT", "/dapi/v1/order"},
      {"DELETE", "/dapi/v1/order"},
      {"POST", "/dapi/v1/batchOrders"},
      {"DELETE", "/dapi/v1/allOpenOrders"},
      {"POST", "/dapi/v1/leverage"},
      {"POST", "/dapi/v1/marginType"},
      {"POST", "/dapi/v1/positionMargin"},
      {"POST", "/sapi/v1/capital/withdraw/apply"},
      {"POST", "/sapi/v1/asset/transfer"},
      {"POST", "/sapi/v1/futures/transfer"},
      {"POST", "/v5/order/create"},
      {"POST", "/v5/order/amend"},
      {"POST", "/v5/order/cancel"},
      {"POST", "/v5/order/cancel-all"},
      {"POST", "/v5/position/set-leverage"},
      {"POST", "/v5/asset/transfer/inter-transfer"},
      {"POST", "/v5/asset/withdraw/create"},
      {"POST", "/api/v5/trade/order"},
      {"POST", "/api/v5/trade/cancel-order"},
      {"POST", "/api/v5/trade/batch-orders"},
      {"POST", "/api/v5/trade/amend-order"},
      {"POST", "/api/v5/trade/close-position"},
      {"POST", "/api/v5/account/set-leverage"},
      {"POST", "/api/v5/asset/transfer"},
      {"POST", "/api/v5/asset/withdrawal"},
      {"POST", "/api/v2/mix/order/place-order"},
      {"POST", "/api/v2/mix/order/cancel-order"},
      {"POST", "/api/v2/mix/order/close-positions"},
      {"POST", "/api/v2/mix/account/set-leverage"},
      {"POST", "/api/v2/spot/wallet/transfer"},
      {"POST", "/api/v2/spot/wallet/withdrawal"},
      {"POST", "/api/v4/futures/usdt/orders"},
      {"DELETE", "/api/v4/futures/usdt/orders"},
      {"DELETE", "/api/v4/futures/usdt/orders/12345"},
      {"POST", "/api/v4/futures/usdt/positions/BTC_USDT/leverage"},
      {"POST", "/api/v4/wallet/transfers"},
      {"POST", "/api/v4/withdrawals"},
      {"POST", "/api/v1/orders"},
      {"DELETE", "/api/v1/orders"},
      {"DELETE", "/api/v1/orders/12345"},
      {"POST", "/api/v1/position/margin/deposit-margin"},
      {"POST", "/api/v2/changeCrossUserLeverage"},
      {"POST", "/api/v3/transfer-out"},
      {"POST", "/api/v1/withdrawals"},
  };
  return all;
}

// Path families that only ever write, per the pages above.
const std::vector<std::string_view> kWritePrefixes = {"/exchange",
                                                      "/fapi/v1/order",
                                                      "/fapi/v1/batchOrders",
                                                      "/v5/order/",
                                                      "/api/v5/trade/",
                                                      "/api/v2/mix/order/",
                                                      "/api/v4/futures/usdt/orders",
                                                      "/api/v1/orders",
                                                      "/sapi/v1/capital/withdraw"};

// Both tables of a venue: its signed (or keyed) reads and its public market reads.
std::vector<std::pair<std::string, std::span<const exchanges::ReadEndpoint>>> Tables(Venue venue) {
  return {{std::string(ToString(venue)) + " signed", exchanges::AllowedReads(venue)},
          {std::string(ToString(venue)) + " public", exchanges::PublicReads(venue)}};
}

TEST(NoTradingEndpoints, EveryVenueHasAnAllowList) {
  for (Venue venue : AllVenues()) {
    for (const auto& [name, table] : Tables(venue)) EXPECT_FALSE(table.empty()) << name;
  }
}

TEST(NoTradingEndpoints, AllowListsHoldReadsOnly) {
  int entries = 0;
  for (Venue venue : AllVenues()) {
    for (const auto& [name, table] : Tables(venue)) {
      for (const auto& e : table) {
        ++entries;
        const bool hyperliquid_info =
            venue == Venue::kHyperliquid && e.method == "POST" && e.path == "/info";
        // KuCoin's key-less stream token, the one other POST (docs/security.md).
        const bool kucoin_stream_token = venue == Venue::kKucoin && e.method == "POST" &&
                                         e.path == "/api/v1/bullet-public" &&
                                         name == "kucoin public";
        EXPECT_TRUE(e.method == "GET" || hyperliquid_info || kucoin_stream_token)
            << ToString(venue) << " allows " << e.method << " " << e.path;
        for (std::string_view prefix : kWritePrefixes) {
          EXPECT_NE(e.path.substr(0, prefix.size()), prefix) << ToString(venue) << " " << e.path;
        }
        for (std::string_view word : {"withdraw", "transfer", "set-leverage", "order"}) {
          EXPECT_EQ(e.path.find(word), std::string_view::npos) << name << " " << e.path;
        }
        EXPECT_GE(e.weight, 1) << name << " " << e.path;
      }
    }
  }
  EXPECT_GE(entries, 14);
}

TEST(NoTradingEndpoints, BuildingATradingRequestIsRefusedForEveryVenue) {
  for (Venue venue : AllVenues()) {
    for (const auto& [name, allowed] : Tables(venue)) {
      for (const auto& t : TradingEndpoints()) {
        auto request = exchanges::ReadOnlyRequest(allowed, t.method, t.path);
        ASSERT_FALSE(request.ok()) << ToString(venue) << " builds " << t.method << " " << t.path;
        EXPECT_EQ(request.error().code, ErrorCode::kForbidden);
      }
      // The same paths under GET are refused too: a table entry is a (method, path) pair.
      for (const auto& t : TradingEndpoints()) {
        EXPECT_FALSE(exchanges::ReadOnlyRequest(allowed, "GET", t.path).ok())
            << name << " GET " << t.path;
      }
    }
  }
}

TEST(NoTradingEndpoints, SourceTreeHasNone) {
  const std::regex forbidden(
      R"(/fapi/v[0-9]/(order|batchOrders|allOpenOrders|leverage\b|marginType|positionMargin|countdownCancelAll)\b)"
      R"(|/sapi/v[0-9]/(capital/withdraw|asset/transfer|futures/transfer)|/api/v3/order|/v5/order/)"
      R"(|/v5/position/(set-leverage|trading-stop|switch)|/v5/asset/(withdraw|transfer)|/api/v5/trade/)"
      R"(|/api/v5/account/set-|/api/v5/asset/(withdrawal|transfer)|/api/v2/mix/order/|/api/v2/mix/account/set-)"
      R"(|/api/v2/spot/wallet/(withdrawal|transfer)|/api/v2/spot/trade/|/futures/[a-z]+/orders|/withdrawals\b)"
      R"(|/wallet/transfers|/api/v1/withdrawals|/api/v3/transfer-out|deposit-margin|"type"\s*:\s*"order")"
      R"(|"/api/v1/orders|changeCrossUserLeverage|/futures/[a-z]+/positions/[^"]*/leverage)"
      R"(|["']/exchange["'?])");
  int files = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(std::string(BARO_SOURCE_DIR) + "/src")) {
    if (!entry.is_regular_file()) continue;
    const std::string text = testing::ReadFile(entry.path().string());
    ++files;
    std::smatch m;
    EXPECT_FALSE(std::regex_search(text, m, forbidden)) << entry.path() << " contains " << m.str();
  }
  EXPECT_GT(files, 50);
}

}  // namespace
}  // namespace baro
