// Baro never trades: not one order, cancel, leverage-change, transfer or withdrawal endpoint may
// exist anywhere in the product's sources. This scans src/ for the paths every venue uses for them.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "support/temp_dir.h"

namespace baro {
namespace {

TEST(NoTradingEndpoints, SourceTreeHasNone) {
  const std::regex forbidden(
      R"(/fapi/v[0-9]/(order|batchOrders|allOpenOrders|leverage|marginType|positionMargin|countdownCancelAll)\b)"
      R"(|/sapi/v[0-9]/(capital/withdraw|asset/transfer|futures/transfer)|/api/v3/order|/v5/order/)"
      R"(|/v5/position/(set-leverage|trading-stop|switch)|/v5/asset/(withdraw|transfer)|/api/v5/trade/)"
      R"(|/api/v5/account/set-|/api/v5/asset/(withdrawal|transfer)|/api/v2/mix/order/|/api/v2/mix/account/set-)"
      R"(|/api/v2/spot/wallet/(withdrawal|transfer)|/api/v2/spot/trade/|/futures/[a-z]+/orders|/withdrawals\b)"
      R"(|/wallet/transfers|/api/v1/withdrawals|/api/v3/transfer-out|deposit-margin|"type"\s*:\s*"order")");
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
