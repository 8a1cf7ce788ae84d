// A fake Bitget v2 that checks requests the way Bitget documents them (bitget.com/api-doc/common/
// signature and the common error table; shared/reference/exchanges.md §5.5-5.6):
//  - ACCESS-KEY present (40001) and known (40006 "Invalid ACCESS_KEY"), ACCESS-PASSPHRASE equal to
//    the key's (40012 "apikey/password is incorrect"), ACCESS-TIMESTAMP in milliseconds within 30 s
//    of the venue's clock (40008 "Request timestamp expired"), ACCESS-SIGN =
//    base64(HMAC-SHA256(secret, timestamp + "GET" + path + "?" + query)) over the exact bytes
//    received (40009 "sign signature error"); errors are HTTP 400 with
//    {"code","msg","requestTime","data":null};
//  - GET /api/v2/public/time needs no key; answers are {"code":"00000","msg":"success",...}.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "net/http_server.h"

namespace baro::fakes {

class FakeBitget {
 public:
  FakeBitget();
  ~FakeBitget();
  bool Start();
  std::string BaseUrl() const;

  // A key with its secret, passphrase and its spot account info object (JSON object text).
  void AddKey(const std::string& api_key, const std::string& secret, const std::string& passphrase,
              const std::string& account_info);
  void SetPositions(const std::string& api_key, const std::string& rows);  // JSON array text
  void SetAccounts(const std::string& api_key, const std::string& rows);   // JSON array text
  void SetClockOffsetMs(std::int64_t offset);
  void FailNext(int status, const std::string& body, int times = 1);
  std::vector<std::string> paths() const;

 private:
  net::HttpResponse Handle(const net::HttpRequest& r);
  struct Key {
    std::string secret, passphrase, info, positions = "[]";
    std::string accounts =
        R"([{"marginCoin":"USDT","accountEquity":"2000","available":"1500","crossedMaxAvailable":"1500","crossedRiskRate":"0.01"}])";
  };
  std::unique_ptr<net::HttpServer> server_;
  mutable std::mutex mu_;
  std::map<std::string, Key> keys_;
  std::int64_t offset_ms_ = 0;
  int fail_status_ = 0, fail_times_ = 0;
  std::string fail_body_;
  std::vector<std::string> paths_;
};

}  // namespace baro::fakes
