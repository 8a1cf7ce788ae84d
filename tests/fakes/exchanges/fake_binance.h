// A fake Binance (USD-M futures, COIN-M positions and the SAPI key-permission endpoint on one
// loopback server) that checks requests the way Binance documents it (developers.binance.com,
// USD-M "General Info": SIGNED endpoint security, timing security; COIN-M signs the same way,
// https://developers.binance.com/docs/derivatives/coin-margined-futures/general-info;
// shared/reference/exchanges.md §2):
//  - X-MBX-APIKEY must name a known key, else 401 {"code":-2015,...};
//  - the signature is hex HMAC-SHA256 over the exact query bytes before "&signature=", else
//    400 {"code":-1022,"msg":"Signature for this request is not valid."};
//  - timestamp within recvWindow and not more than 1 s ahead, else 400 {"code":-1021,...};
//  - injected 429/418 answers carry Retry-After and Binance's bodies.
// Only the read endpoints Baro uses exist; anything else is 404 {"code":-5000,...}.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "fakes/server/fake_http_server.h"

namespace baro::fakes {

class FakeBinance {
 public:
  FakeBinance();
  ~FakeBinance();
  bool Start();
  std::string BaseUrl() const;
  // Faults on the wire (fakes/server/fake_http_server.h); valid after Start().
  FaultSwitch& faults() { return server_->faults(); }

  // A key with its secret and its apiRestrictions answer (JSON object text).
  void AddKey(const std::string& api_key, const std::string& secret,
              const std::string& restrictions);
  // positionRisk v3 rows and symbolConfig rows (JSON array texts) for a key.
  void SetPositions(const std::string& api_key, const std::string& position_risk,
                    const std::string& symbol_config = "[]");
  void SetAccount(const std::string& api_key, const std::string& account);
  // multiAssetsMargin of GET /fapi/v1/accountConfig (false: single-asset mode).
  void SetMultiAssets(const std::string& api_key, bool on);
  void SetBrackets(const std::string& api_key, const std::string& brackets);  // JSON array text
  // GET /dapi/v1/positionRisk rows (JSON array text) for a key; "[]" until set.
  void SetCoinPositions(const std::string& api_key, const std::string& rows);
  // The key may not read COIN-M: /dapi answers 401 {"code":-2015,...} for it.
  void RefuseCoinFutures(const std::string& api_key);
  void SetClockOffsetMs(std::int64_t offset);
  // GET /fapi/v1/premiumIndex (public): every symbol's mark price.
  void SetMark(const std::string& symbol, double mark);  // the venue's clock minus ours
  void FailNext(int status, const std::string& body, int retry_after_s = 0, int times = 1);

  // Every request for `path` answers 503 {"code":-1001,...} (Binance's "Internal error" of
  // developers.binance.com .../usds-margined-futures/error-code) until called with "".
  void MakeUnavailable(const std::string& path);

  int requests() const;
  std::vector<std::string> paths() const;  // every path requested, in order
  // Every request's peer address, in order (the real one when served without the relay,
  // FakeHttpServer::ServeWithoutRelay; through the relay, the relay's).
  std::vector<std::string> peers() const;

 private:
  net::HttpResponse Handle(const net::HttpRequest& r);
  struct Key {
    std::string secret, restrictions, positions = "[]", config = "[]";
    // GET /fapi/v3/account, the documented shape (Account-Information-V3) with one USDT asset.
    std::string account =
        R"({"totalInitialMargin":"0","totalMaintMargin":"0","totalWalletBalance":"1000","totalUnrealizedProfit":"0","totalMarginBalance":"1000","totalPositionInitialMargin":"0","totalOpenOrderInitialMargin":"0","totalCrossWalletBalance":"1000","totalCrossUnPnl":"0","availableBalance":"1000","maxWithdrawAmount":"1000","assets":[{"asset":"USDT","walletBalance":"1000","unrealizedProfit":"0","marginBalance":"1000","maintMargin":"0","initialMargin":"0","positionInitialMargin":"0","openOrderInitialMargin":"0","crossWalletBalance":"1000","crossUnPnl":"0","availableBalance":"1000","maxWithdrawAmount":"1000","updateTime":0}],"positions":[]})";
    bool multi_assets = false;
    std::string coin_positions = "[]";
    bool coin_refused = false;
    // GET /fapi/v1/leverageBracket (USER_DATA), in the documented shape.
    std::string brackets =
        R"([{"symbol":"BTCUSDT","notionalCoef":1.0,"brackets":[{"bracket":1,"initialLeverage":125,"notionalCap":50000,"notionalFloor":0,"maintMarginRatio":0.004,"cum":0.0},{"bracket":2,"initialLeverage":100,"notionalCap":600000,"notionalFloor":50000,"maintMarginRatio":0.005,"cum":50.0}]}])";
  };
  std::unique_ptr<FakeHttpServer> server_;
  mutable std::mutex mu_;
  std::map<std::string, Key> keys_;
  std::map<std::string, double> marks_;
  std::int64_t offset_ms_ = 0;
  int fail_status_ = 0, fail_times_ = 0, fail_retry_after_ = 0;
  std::string fail_body_;
  std::string unavailable_path_;
  std::vector<std::string> paths_;
  std::vector<std::string> peers_;
};

}  // namespace baro::fakes
