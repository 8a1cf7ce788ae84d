// A fake KuCoin (futures and the spot host's key-information endpoint on one loopback server) that
// checks requests the way KuCoin documents them (kucoin.com/docs-new "Authentication" and the
// gateway error codes; the official SDK's signer and its OpenAPI specs' x-api-permission;
// shared/reference/exchanges.md §7.2-7.7 and §8), in the documented order:
//  - the KC-API-KEY, KC-API-SIGN, KC-API-TIMESTAMP and KC-API-PASSPHRASE headers present (400001);
//  - KC-API-TIMESTAMP in milliseconds within 5 s of the venue's clock (400002, HTTP 400);
//  - KC-API-KEY known (400003, HTTP 401), KC-API-KEY-VERSION 2 or 3 (400009);
//  - KC-API-PASSPHRASE = base64(HMAC-SHA256(secret, passphrase)) (400004, HTTP 401);
//  - KC-API-SIGN = base64(HMAC-SHA256(secret, timestamp + "GET" + path?query)) over the exact
//    bytes received (400005, HTTP 401);
//  - the caller's IP in the key's allow-list when it has one (400006);
//  - when asked to (RequireFuturesPermission), the Futures permission for positions and
//    account-overview, as KuCoin's spec tags them (400007; whether KuCoin enforces it is not
//    confirmed, so by default it does not);
//  bodies {"code","msg"}; a rate-limited answer is HTTP 429 with 429000 and the gw-ratelimit-*
//  headers (gw-ratelimit-reset: milliseconds until the pool refills);
//  - GET /api/v1/timestamp and /api/v1/contracts/active need no key; answers are
//    {"code":"200000","data":...}.
// Only the read endpoints Baro uses exist; anything else is 404.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "fakes/server/fake_http_server.h"

namespace baro::fakes {

class FakeKucoin {
 public:
  FakeKucoin();
  ~FakeKucoin();
  bool Start();
  std::string BaseUrl() const;
  // Faults on the wire (fakes/server/fake_http_server.h); valid after Start().
  FaultSwitch& faults() { return server_->faults(); }

  // A key with its secret, passphrase and its api-key object (JSON object text).
  void AddKey(const std::string& api_key, const std::string& secret, const std::string& passphrase,
              const std::string& key_info);
  void SetPositions(const std::string& api_key, const std::string& rows);  // JSON array text
  // The account overview (JSON object text) of one currency; GET /api/v1/account-overview answers
  // that of its `currency` (default XBT, as KuCoin's spec says).
  void SetOverview(const std::string& api_key, const std::string& overview,
                   const std::string& currency = "USDT");
  void SetContracts(const std::string& rows);  // JSON array text
  // Binds the key to one IP address: requests from elsewhere get 400006.
  void BindIp(const std::string& api_key, const std::string& ip);
  // Positions and account-overview answer 400007 to a key without the Futures permission.
  void RequireFuturesPermission(bool require);
  void SetClockOffsetMs(std::int64_t offset);  // the venue's clock minus ours
  // The next answer(s) to a private read: HTTP status and body.
  void FailNext(int status, const std::string& body, int times = 1);
  // The next private read finds the key's pool spent: 429 with gw-ratelimit-reset = reset_ms.
  void RateLimitNext(std::int64_t reset_ms);
  std::vector<std::string> paths() const;  // every path requested, in order

 private:
  net::HttpResponse Handle(const net::HttpRequest& r);
  struct Key {
    std::string secret, passphrase, info, ip, positions = "[]";
    std::map<std::string, std::string> overview = {
        {"USDT",
         R"({"accountEquity":3000,"availableBalance":2500,"currency":"USDT","riskRatio":0.02})"}};
  };
  std::unique_ptr<FakeHttpServer> server_;
  mutable std::mutex mu_;
  std::map<std::string, Key> keys_;
  std::string contracts_ = "[]";
  std::int64_t offset_ms_ = 0;
  int fail_status_ = 0, fail_times_ = 0;
  std::int64_t rate_limit_reset_ms_ = -1;
  bool require_futures_permission_ = false;
  std::string fail_body_;
  std::vector<std::string> paths_;
};

}  // namespace baro::fakes
