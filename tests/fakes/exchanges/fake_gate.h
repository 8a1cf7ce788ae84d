// A fake Gate v4 (USDT futures) that checks requests the way Gate documents them (gate.com/docs/
// developers/apiv4 "API Signature string generation", "Get user position list" and the error
// labels; shared/reference/exchanges.md §6.2, §6.5, §6.6 and §8), in Gate's order:
//  - the KEY, Timestamp and SIGN headers present (400 MISSING_REQUIRED_HEADER naming the header);
//  - Timestamp in seconds (an integer, or a decimal as Gate's own SDK sends) within 60 s of the
//    venue's clock (403 REQUEST_EXPIRED, checked before the key);
//  - KEY known (401 INVALID_KEY);
//  - SIGN = hex HMAC-SHA512(secret, "GET\n" + path + "\n" + query + "\n" + SHA-512 of the empty
//    body + "\n" + timestamp) over the exact bytes received (401 INVALID_SIGNATURE);
//  - the caller's IP in the key's allow-list when it has one (403 IP_FORBIDDEN);
//  - a user without a futures account gets 400 USER_NOT_FOUND on the futures reads;
//  errors are {"label","message"}; successes are bare JSON without an envelope;
//  - positions: holding=true leaves out rows of size 0; limit (1..100, else 400
//    INVALID_PARAM_VALUE) and offset page the list, which comes whole when limit is absent;
//  - GET /api/v4/spot/time and /api/v4/futures/usdt/contracts need no key.
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

class FakeGate {
 public:
  FakeGate();
  ~FakeGate();
  bool Start();
  std::string BaseUrl() const;
  // Faults on the wire (fakes/server/fake_http_server.h); valid after Start().
  FaultSwitch& faults() { return server_->faults(); }

  void AddKey(const std::string& api_key, const std::string& secret);
  void SetPositions(const std::string& api_key, const std::string& rows);  // JSON array text
  // Positions of BTC-settled (coin-margined) futures, GET /futures/btc/positions.
  void SetBtcPositions(const std::string& api_key, const std::string& rows);
  void SetAccount(const std::string& api_key, const std::string& account);  // JSON object text
  void SetContracts(const std::string& rows);                               // JSON array text
  // Binds the key to one IP address: requests from elsewhere get IP_FORBIDDEN.
  void BindIp(const std::string& api_key, const std::string& ip);
  // The key's user has never opened a futures account: USER_NOT_FOUND on futures reads.
  void SetNoFuturesAccount(const std::string& api_key);
  void SetClockOffsetMs(std::int64_t offset);  // the venue's clock minus ours
  // The next answer(s) to a private read: HTTP status and body.
  void FailNext(int status, const std::string& body, int times = 1);
  std::vector<std::string> paths() const;    // every path requested, in order
  std::vector<std::string> queries() const;  // every query string received, in order

 private:
  net::HttpResponse Handle(const net::HttpRequest& r);
  struct Key {
    std::string secret, ip, positions = "[]", btc_positions = "[]";
    bool futures_account = true;
    std::string account =
        R"({"total":"4000","unrealised_pnl":"100","available":"3500","currency":"USDT","maintenance_margin":"41"})";
  };
  std::unique_ptr<FakeHttpServer> server_;
  mutable std::mutex mu_;
  std::map<std::string, Key> keys_;
  std::string contracts_ = "[]";
  std::int64_t offset_ms_ = 0;
  int fail_status_ = 0, fail_times_ = 0;
  std::string fail_body_;
  std::vector<std::string> paths_, queries_;
};

}  // namespace baro::fakes
