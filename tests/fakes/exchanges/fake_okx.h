// A fake OKX v5 that checks requests the way OKX documents them (okx.com/docs-v5 "REST
// Authentication" and "Error Code"; shared/reference/exchanges.md §4.5, §4.6 and §8), in this
// order:
//  - the headers present: OK-ACCESS-KEY (50103), OK-ACCESS-PASSPHRASE (50104), OK-ACCESS-SIGN
//    (50106), OK-ACCESS-TIMESTAMP (50107);
//  - OK-ACCESS-TIMESTAMP an ISO-8601 millisecond time (50112) within 30 s of the venue's clock
//    (50102 "Timestamp request expired");
//  - the key known (50111), the passphrase the key's (50105), the caller's IP among the key's bound
//    IPs when it has one (50110);
//  - OK-ACCESS-SIGN = base64(HMAC-SHA256(secret, timestamp + "GET" + path?query)) over the exact
//    bytes received (50113 "Invalid Sign");
//  all with HTTP 401 and {"msg","code"} bodies without data;
//  - public GET /api/v5/public/time and /api/v5/public/instruments need no key;
//  - answers are {"code":"0","data":[...],"msg":""}.
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

class FakeOkx {
 public:
  FakeOkx();
  ~FakeOkx();
  bool Start();
  std::string BaseUrl() const;
  // Faults on the wire (fakes/server/fake_http_server.h); valid after Start().
  FaultSwitch& faults() { return server_->faults(); }

  // A key with its secret, passphrase and its account/config object (JSON object text).
  void AddKey(const std::string& api_key, const std::string& secret, const std::string& passphrase,
              const std::string& config);
  void SetPositions(const std::string& api_key, const std::string& rows);   // JSON array text
  void SetBalance(const std::string& api_key, const std::string& balance);  // JSON object text
  // Binds the key to one IP address: requests from elsewhere get 50110.
  void BindIp(const std::string& api_key, const std::string& ip);
  void SetInstruments(const std::string& rows);  // JSON array text
  void SetClockOffsetMs(std::int64_t offset);    // the venue's clock minus ours
  // The next answer(s) to a private read: HTTP status and body.
  void FailNext(int status, const std::string& body, int times = 1);
  std::vector<std::string> paths() const;  // every path requested, in order

 private:
  net::HttpResponse Handle(const net::HttpRequest& r);
  struct Key {
    std::string secret, passphrase, config, ip, positions = "[]";
    std::string balance =
        R"({"totalEq":"1000","adjEq":"1000","availEq":"900","mmr":"10","details":[]})";
  };
  std::unique_ptr<FakeHttpServer> server_;
  mutable std::mutex mu_;
  std::map<std::string, Key> keys_;
  std::string instruments_ = "[]";
  std::int64_t offset_ms_ = 0;
  int fail_status_ = 0, fail_times_ = 0;
  std::string fail_body_;
  std::vector<std::string> paths_;
};

}  // namespace baro::fakes
