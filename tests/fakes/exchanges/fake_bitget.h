// A fake Bitget v2 that checks requests the way Bitget documents them (bitget.com/api-doc/common/
// signature and the common error table; shared/reference/exchanges.md §5.5, §5.6 and §8), in this
// order:
//  - the headers present: ACCESS-KEY (40001), ACCESS-SIGN (40003), ACCESS-PASSPHRASE (40011);
//  - ACCESS-TIMESTAMP in milliseconds (40005) within 30 s of the venue's clock (40008 "Request
//    timestamp expired");
//  - the key known (40006 "Invalid ACCESS_KEY"), the passphrase the key's (40012 "apikey/password
//    is incorrect"), the caller's IP the key's bound one when it has one (40018 "Invalid IP");
//  - ACCESS-SIGN = base64(HMAC-SHA256(secret, timestamp + "GET" + path + "?" + query)) over the
//    exact bytes received (40009 "sign signature error");
//  errors are HTTP 400 with {"code","msg","requestTime","data":null};
//  - GET /api/v2/public/time needs no key; answers are {"code":"00000","msg":"success",...}.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "fakes/server/fake_http_server.h"

namespace baro::fakes {

class FakeBitget {
 public:
  FakeBitget();
  ~FakeBitget();
  bool Start();
  std::string BaseUrl() const;
  // Faults on the wire (fakes/server/fake_http_server.h); valid after Start().
  FaultSwitch& faults() { return server_->faults(); }

  // A key with its secret, passphrase and its spot account info object (JSON object text).
  void AddKey(const std::string& api_key, const std::string& secret, const std::string& passphrase,
              const std::string& account_info);
  // Binds the key to one IP address: requests from elsewhere get 40018.
  void BindIp(const std::string& api_key, const std::string& ip);
  // The key lacks the authority `path` needs: it answers 40014 "Incorrect permissions" (e.g.
  // /api/v2/spot/account/info needs "SPOT read or SPOT read/write permission").
  void DenyPath(const std::string& api_key, const std::string& path);
  // Position and account rows (JSON array texts) of one productType (USDT-FUTURES, USDC-FUTURES,
  // COIN-FUTURES): each request answers the rows of the productType it names.
  void SetPositions(const std::string& api_key, const std::string& rows,
                    const std::string& product = "USDT-FUTURES");
  void SetAccounts(const std::string& api_key, const std::string& rows,
                   const std::string& product = "USDT-FUTURES");
  void SetClockOffsetMs(std::int64_t offset);
  void FailNext(int status, const std::string& body, int times = 1);
  std::vector<std::string> paths() const;

 private:
  net::HttpResponse Handle(const net::HttpRequest& r);
  struct Key {
    std::string secret, passphrase, info, ip;
    std::set<std::string> denied;
    std::map<std::string, std::string> positions;  // by productType
    std::map<std::string, std::string> accounts = {
        {"USDT-FUTURES",
         R"([{"marginCoin":"USDT","accountEquity":"2000","available":"1500","crossedMaxAvailable":"1500","crossedRiskRate":"0.01"}])"}};
  };
  std::unique_ptr<FakeHttpServer> server_;
  mutable std::mutex mu_;
  std::map<std::string, Key> keys_;
  std::int64_t offset_ms_ = 0;
  int fail_status_ = 0, fail_times_ = 0;
  std::string fail_body_;
  std::vector<std::string> paths_;
};

}  // namespace baro::fakes
