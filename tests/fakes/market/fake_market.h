// Fake public market-data endpoints of HyperLiquid and Binance USD-M on one loopback server:
//  - POST /info {"type":"meta"} -> {"universe":[{"name","maxLeverage","marginTableId"}],
//    "marginTables":[]} (each coin on the single-tier table of its maximum leverage);
//  - POST /info {"type":"metaAndAssetCtxs"} -> [{"universe":[{"name","szDecimals","maxLeverage"}]},
//    [{"markPx",...}]] (hyperliquid.gitbook.io .../info-endpoint/perpetuals; shared/reference/
//    exchanges.md §1.3 and samples/hyperliquid-metaAndAssetCtxs.json);
//  - GET /fapi/v1/premiumIndex -> [{"symbol","markPrice",...}] (developers.binance.com USD-M
//    "Mark Price"; samples/binance-premiumIndex.json);
//  - GET /v5/market/tickers?category=linear -> {"retCode":0,"result":{"category":"linear",
//    "list":[{"symbol","markPrice",...}]}} (bybit-exchange/docs docs/v5/market/tickers.mdx;
//    exchanges.md §3.8);
//  - OKX GET /api/v5/public/mark-price?instType=SWAP, Bitget GET /api/v2/mix/market/tickers,
//    Gate GET /api/v4/futures/usdt/contracts and KuCoin GET /api/v1/contracts/active, each in its
//    venue's envelope (exchanges.md §4.8, §5.8, §6.2, §7.8).
//  - OKX GET /api/v5/public/instruments?instType=SWAP&instId= -> {"code":"0","data":[{"instId",
//    "instFamily","ctVal",...}]}
//    (https://www.okx.com/docs-v5/en/#public-data-rest-api-get-instruments) and GET
//    /api/v5/public/position-tiers?instType=SWAP&tdMode=cross|isolated&instFamily= ->
//    {"code":"0","data":[{"tier","minSz","maxSz","mmr","imr","maxLever",...}]} with bounds in
//    contracts (https://www.okx.com/docs-v5/en/#public-data-rest-api-get-position-tiers); a missing
//    required parameter answers OKX's {"code":"50014","msg":"Parameter {0} can not be empty."}.
//  - KuCoin GET /api/v1/contracts/risk-limit/{symbol} without key headers -> HTTP 401
//    {"code":"400001",...}: the endpoint is private (kucoin.com/docs-new "Get Isolated Margin Risk
//    Limit"; exchanges.md §7.6).
// Numbers are strings, as the venues send them. Tests move mark prices in-process.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "fakes/server/fake_http_server.h"

namespace baro::fakes {

class FakeMarket {
 public:
  FakeMarket();
  ~FakeMarket();
  bool Start();
  std::string BaseUrl() const;
  // Faults on the wire (fakes/server/fake_http_server.h); valid after Start().
  FaultSwitch& faults() { return server_->faults(); }

  void SetHyperliquid(const std::string& coin, double mark, int max_leverage);
  void SetBinance(const std::string& symbol, double mark);
  void SetBybit(const std::string& symbol, double mark);
  // venue: "okx" (symbol BTC-USDT-SWAP), "bitget" (BTCUSDT), "gate" (BTC_USDT), "kucoin"
  // (XBTUSDTM, with `base` as KuCoin names it).
  void SetVenueMark(const std::string& venue, const std::string& symbol, double mark,
                    const std::string& base = "", int max_leverage = 100);
  // An OKX swap's contract value and position tiers (min contracts, max contracts, mmr, max
  // leverage per tier).
  struct OkxTier {
    double min_contracts, max_contracts, mmr, max_leverage;
  };
  void SetOkxSwap(const std::string& inst_id, double ct_val, std::vector<OkxTier> tiers);
  // The swap's tdMode=cross tiers where they differ from its isolated ones (SetOkxSwap's).
  void SetOkxCrossTiers(const std::string& inst_id, std::vector<OkxTier> tiers);
  // POST /info {"type":"clearinghouseState","user":...[,"dex":...]} answers this body for that
  // address (lower-case) on that dex ("" = main); unknown addresses get the empty state HyperLiquid
  // returns for fresh wallets.
  void SetClearinghouseState(const std::string& address, const std::string& body,
                             const std::string& dex = "");
  // POST /info {"type":"perpDexs"} -> [null, {"name":...,"fullName":...,"deployer":...}, ...]
  // (hyperliquid.gitbook.io .../info-endpoint/perpetuals "Retrieve all perpetual dexs").
  void AddPerpDex(const std::string& name);
  // clearinghouseState for this dex answers HTTP 500 with a JSON body (the typed spec of
  // nktkas.gitbook.io/hyperliquid-api/api/info/clearinghousestate lists 500 application/json).
  void FailDex(const std::string& name, bool fail = true);
  int requests() const;
  // Every /info request as "type" or "type:dex", in order.
  std::vector<std::string> info_requests() const;

 private:
  net::HttpResponse Handle(const net::HttpRequest& r);
  std::unique_ptr<FakeHttpServer> server_;
  mutable std::mutex mu_;
  std::map<std::string, std::pair<double, int>> hyperliquid_;
  std::map<std::string, double> binance_;
  std::map<std::string, bool> failing_dexes_;
  std::map<std::string, double> bybit_;
  struct Mark {
    double mark;
    std::string base;
    int max_leverage;
  };
  std::map<std::string, std::map<std::string, Mark>> venue_marks_;
  std::map<std::string, std::string> states_;  // "dex|address" -> body
  std::map<std::string, std::pair<double, std::vector<OkxTier>>> okx_swaps_;
  std::map<std::string, std::vector<OkxTier>> okx_cross_tiers_;
  std::vector<std::string> dexes_;
  std::vector<std::string> info_requests_;
  int requests_ = 0;
};

}  // namespace baro::fakes
