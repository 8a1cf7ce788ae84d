// A fake KuCoin (futures and the spot host's key-information endpoint on one loopback server) that
// checks requests the way KuCoin documents them (kucoin.com/docs-new "Authentication" and the
// gateway error codes; the official SDK's signer; shared/reference/exchanges.md §7.5-7.6):
//  - KC-API-KEY known (400003, HTTP 401), KC-API-KEY-VERSION 2 or 3 (400009), KC-API-TIMESTAMP in
//    milliseconds within 5 s of the venue's clock (400002, HTTP 400), KC-API-PASSPHRASE =
//    base64(HMAC-SHA256(secret, passphrase)) (400004, HTTP 401), KC-API-SIGN =
//    base64(HMAC-SHA256(secret, timestamp + "GET" + path?query)) over the exact bytes received
//    (400005, HTTP 401); bodies {"code","msg"};
//  - GET /api/v1/timestamp and /api/v1/contracts/active need no key; answers are
//    {"code":"200000","data":...}.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "net/http_server.h"

namespace baro::fakes {

class FakeKucoin {
 public:
  FakeKucoin();
  ~FakeKucoin();
  bool Start();
  std::string BaseUrl() const;

  // A key with its secret, passphrase and its api-key object (JSON object text).
  void AddKey(const std::string& api_key, const std::string& secret, const std::string& passphrase,
              const std::string& key_info);
  void SetPositions(const std::string& api_key, const std::string& rows);     // JSON array text
  void SetOverview(const std::string& api_key, const std::string& overview);  // JSON object text
  void SetContracts(const std::string& rows);                                 // JSON array text
  void SetClockOffsetMs(std::int64_t offset);
  void FailNext(int status, const std::string& body, int times = 1);
  std::vector<std::string> paths() const;

 private:
  net::HttpResponse Handle(const net::HttpRequest& r);
  struct Key {
    std::string secret, passphrase, info, positions = "[]";
    std::string overview =
        R"({"accountEquity":3000,"availableBalance":2500,"currency":"USDT","riskRatio":0.02})";
  };
  std::unique_ptr<net::HttpServer> server_;
  mutable std::mutex mu_;
  std::map<std::string, Key> keys_;
  std::string contracts_ = "[]";
  std::int64_t offset_ms_ = 0;
  int fail_status_ = 0, fail_times_ = 0;
  std::string fail_body_;
  std::vector<std::string> paths_;
};

}  // namespace baro::fakes
