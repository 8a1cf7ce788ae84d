#include "venue_accounts.h"

#include <boost/json.hpp>
#include <cstdio>

namespace baro::bench {

std::string SeedAccount(const VenueFakes& f, int i) {
  static const char* kVenues[] = {"hyperliquid", "binance", "bybit", "okx",
                                  "bitget",      "gate",    "kucoin"};
  const std::string venue = kVenues[i % 7];
  const std::string key = "loadKey" + std::to_string(i) + "abcdefghijklmnopqrstuv";
  const std::string secret = "loadSecret" + std::to_string(i) + "abcdefghijklmnopqrs";
  const std::string passphrase = "LoadPassphrase42";
  boost::json::object body{{"venue", venue}, {"label", venue + " " + std::to_string(i)}};
  if (venue == "hyperliquid") {
    char address[43];
    std::snprintf(address, sizeof address, "0x%040x", i + 1);
    f.market.SetClearinghouseState(
        address,
        R"({"assetPositions":[{"position":{"coin":"BTC","cumFunding":{"allTime":"0.0","sinceChange":"0.0","sinceOpen":"0.0"},"entryPx":"100000.0","leverage":{"rawUsd":"-8000.0","type":"isolated","value":5},"liquidationPx":"80800.0","marginUsed":"2000.0","maxLeverage":40,"positionValue":"10000.0","returnOnEquity":"0.0","szi":"0.1","unrealizedPnl":"0.0"},"type":"oneWay"}],"crossMaintenanceMarginUsed":"0.0","crossMarginSummary":{"accountValue":"5000.0","totalMarginUsed":"0.0","totalNtlPos":"0.0","totalRawUsd":"5000.0"},"marginSummary":{"accountValue":"7000.0","totalMarginUsed":"2000.0","totalNtlPos":"10000.0","totalRawUsd":"5000.0"},"time":1708622398623,"withdrawable":"5000.0"})");
    body["wallet_address"] = address;
    return boost::json::serialize(body);
  }
  body["api_key"] = key;
  body["api_secret"] = secret;
  if (venue == "binance") {
    f.binance.AddKey(key, secret, R"({"enableReading":true,"enableFutures":true})");
    f.binance.SetPositions(
        key,
        R"([{"symbol":"BTCUSDT","positionSide":"BOTH","positionAmt":"0.05","entryPrice":"100000","breakEvenPrice":"100000","markPrice":"100000","unRealizedProfit":"0","liquidationPrice":"50000","isolatedMargin":"0","notional":"5000","marginAsset":"USDT","isolatedWallet":"0","initialMargin":"2500","maintMargin":"20","positionInitialMargin":"2500","openOrderInitialMargin":"0","adl":2,"bidNotional":"0","askNotional":"0","updateTime":1720736417660}])",
        R"([{"symbol":"BTCUSDT","marginType":"CROSSED","leverage":2}])");
  } else if (venue == "bybit") {
    f.bybit.AddKey(key, secret,
                   R"({"readOnly":1,"permissions":{"ContractTrade":["Position"]},"ips":[]})");
    f.bybit.SetPositions(
        key,
        {R"({"symbol":"ETHUSDT","side":"Sell","size":"2","avgPrice":"3000","markPrice":"3000","liqPrice":"5000","leverage":"2","positionValue":"6000","positionIM":"3000","positionMM":"30","unrealisedPnl":"0"})"});
  } else if (venue == "okx") {
    body["passphrase"] = passphrase;
    f.okx.AddKey(key, secret, passphrase, R"({"perm":"read_only","ip":""})");
    f.okx.SetPositions(
        key,
        R"([{"instType":"SWAP","instId":"SOL-USDT-SWAP","posSide":"net","pos":"40","avgPx":"150","markPx":"150","liqPx":"60","lever":"2","mgnMode":"cross","mmr":"30","upl":"0"}])");
  } else if (venue == "bitget") {
    body["passphrase"] = passphrase;
    f.bitget.AddKey(key, secret, passphrase, R"({"authorities":["cpor","coor"],"ips":""})");
    f.bitget.SetPositions(
        key,
        R"([{"symbol":"XRPUSDT","marginCoin":"USDT","holdSide":"long","total":"1000","openPriceAvg":"0.6","markPrice":"0.6","liquidationPrice":"0.2","leverage":"2","marginMode":"crossed","keepMarginRate":"0.005","unrealizedPL":"0"}])");
  } else if (venue == "gate") {
    body["confirm_read_only"] = true;
    f.gate.AddKey(key, secret);
    f.gate.SetPositions(
        key,
        R"([{"contract":"DOGE_USDT","size":-50,"mode":"single","leverage":"0","cross_leverage_limit":"2","entry_price":"0.2","mark_price":"0.2","liq_price":"0.5","value":"100","unrealised_pnl":"0"}])");
  } else {
    body["passphrase"] = passphrase;
    f.kucoin.AddKey(key, secret, passphrase, R"({"permission":"General","ipWhitelist":""})");
    f.kucoin.SetPositions(
        key,
        R"([{"symbol":"ADAUSDTM","currentQty":30,"avgEntryPrice":0.45,"markPrice":0.45,"liquidationPrice":0.1,"leverage":2,"marginMode":"CROSS","settleCurrency":"USDT","isInverse":false,"isOpen":true,"markValue":135,"unrealisedPnl":0}])");
  }
  return boost::json::serialize(body);
}

}  // namespace baro::bench
