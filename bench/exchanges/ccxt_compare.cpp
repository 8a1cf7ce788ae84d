// Load driver: Baro's Binance account read against CCXT's, in the same run, against the same
// loopback fake (which verifies every signature). Each side reads one account over and over on one
// kept-alive connection for the same number of seconds on one core, then the driver prints reads
// per second for both.
//   ccxt_compare [seconds=5] [positions=5]
// CCXT runs under node from the pinned npm package in tests/exchanges/oracle (npm ci there first).
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include <boost/json.hpp>

#include "core/clock.h"
#include "exchanges/binance/binance_client.h"
#include "fakes/exchanges/fake_binance.h"
#include "support/child.h"

namespace {

std::string Rows(int n, std::string* symbols) {
  std::string out = "[";
  for (int i = 0; i < n; ++i) {
    const std::string symbol = "SYM" + std::to_string(i) + "USDT";
    if (i) {
      out += ",";
      *symbols += ",";
    }
    *symbols += symbol;
    out += R"({"symbol":")" + symbol +
           R"(","positionSide":"BOTH","positionAmt":"12.5","entryPrice":"101.25","breakEvenPrice":"101.3","markPrice":"103.5","unRealizedProfit":"28.125","liquidationPrice":"81.2","isolatedMargin":"0","notional":"1293.75","marginAsset":"USDT","isolatedWallet":"0","initialMargin":"129.3","maintMargin":"6.4","positionInitialMargin":"129.3","openOrderInitialMargin":"0","adl":2,"bidNotional":"0","askNotional":"0","updateTime":1720736417660})";
  }
  return out + "]";
}

}  // namespace

int main(int argc, char** argv) {
  using namespace baro;
  const int seconds = argc > 1 ? std::atoi(argv[1]) : 5;
  const int positions = argc > 2 ? std::atoi(argv[2]) : 5;
  fakes::FakeBinance fake;
  if (!fake.Start()) {
    std::cerr << "the fake did not start\n";
    return 1;
  }
  std::string symbols;
  fake.AddKey("compare-key", "compare-secret", R"({"enableReading":true})");
  fake.SetPositions("compare-key", Rows(positions, &symbols));
  fake.SetAccount("compare-key",
                  R"({"totalInitialMargin":"0","totalMaintMargin":"32","totalWalletBalance":"1000","totalUnrealizedProfit":"140","totalMarginBalance":"1140","availableBalance":"900","maxWithdrawAmount":"900","assets":[{"asset":"USDT","walletBalance":"1000","unrealizedProfit":"140","marginBalance":"1140","maintMargin":"32","initialMargin":"0","availableBalance":"900","maxWithdrawAmount":"900","crossWalletBalance":"1000","crossUnPnl":"140","updateTime":1720736417660}],"positions":[]})");

  // Baro: sign, request, parse, normalize (positionRisk v3 + symbolConfig + account v3 +
  // leverageBracket).
  net::HttpClient http;
  exchanges::VenueState state;
  exchanges::VenueLink link(http, state, SystemClock::Instance());
  auto url = *net::ParseUrl(fake.BaseUrl());
  exchanges::binance::BinanceClient client(url, url, url, link);
  exchanges::Credentials c;
  c.api_key = SecretBytes(std::string_view("compare-key"));
  c.api_secret = SecretBytes(std::string_view("compare-secret"));
  const auto start = std::chrono::steady_clock::now();
  const auto until = start + std::chrono::seconds(seconds);
  long baro_reads = 0;
  while (std::chrono::steady_clock::now() < until) {
    auto r = client.ReadAccount(c);
    if (!r || static_cast<int>(r->positions.size()) != positions) {
      std::cerr << "Baro read failed\n";
      return 1;
    }
    ++baro_reads;
  }
  const double baro_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  // CCXT: positionRisk v3 + account v3 through fetchPositionsRisk and fetchBalance.
  const std::string oracle = std::string(BARO_SOURCE_DIR) + "/tests/exchanges/oracle";
  const char* node = BARO_NODE;
  double ccxt_rate = 0;
  long ccxt_reads = 0;
  if (std::string(node).empty() || !std::filesystem::exists(oracle + "/node_modules/ccxt")) {
    std::cerr << "CCXT not installed (npm ci in " << oracle << "): Baro's figure only\n";
  } else {
    auto [status, out] =
        testing::RunToEnd({node, std::string(BARO_SOURCE_DIR) + "/bench/exchanges/ccxt_reads.mjs",
                           oracle, fake.BaseUrl(), "compare-key", "compare-secret",
                           std::to_string(seconds), symbols},
                          {});
    if (status != 0) {
      std::cerr << "CCXT run failed (exit " << status << ")\n";
      return 1;
    }
    auto result = boost::json::parse(out);
    ccxt_reads = result.at("reads").to_number<long>();
    ccxt_rate = static_cast<double>(ccxt_reads) / result.at("seconds").to_number<double>();
  }
  std::cout << "account reads per second, one core, loopback fake Binance, " << positions
            << " positions\n"
            << "  Baro (positionRisk + symbolConfig + account + leverageBracket): "
            << baro_reads / baro_seconds
            << "  (" << baro_reads << " reads)\n"
            << "  CCXT " << "(fetchPositionsRisk + fetchBalance):       " << ccxt_rate << "  ("
            << ccxt_reads << " reads)\n";
  return 0;
}
