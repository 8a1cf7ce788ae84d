// A fake Gate v4 (USDT futures) that checks requests the way Gate documents them (gate.io/docs/
// developers/apiv4 "API Signature string generation" and the error labels; shared/reference/
// exchanges.md §6.5-6.6), in Gate's order:
//  - Timestamp header present (400 MISSING_REQUIRED_HEADER) and within 60 s of the venue's clock
//    (403 REQUEST_EXPIRED, checked before the key), KEY known (401 INVALID_KEY), SIGN = hex
//    HMAC-SHA512(secret, "GET\n" + path + "\n" + query + "\n" + SHA-512 of the empty body + "\n" +
//    timestamp) over the exact bytes received (401 INVALID_SIGNATURE); bodies {"label","message"};
//  - GET /api/v4/spot/time and /api/v4/futures/usdt/contracts need no key; success bodies are bare
//    JSON without an envelope.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "net/http_server.h"

namespace baro::fakes {

class FakeGate {
 public:
  FakeGate();
  ~FakeGate();
  bool Start();
  std::string BaseUrl() const;

  void AddKey(const std::string& api_key, const std::string& secret);
  void SetPositions(const std::string& api_key, const std::string& rows);   // JSON array text
  void SetAccount(const std::string& api_key, const std::string& account);  // JSON object text
  void SetContracts(const std::string& rows);                               // JSON array text
  void SetClockOffsetMs(std::int64_t offset);
  void FailNext(int status, const std::string& body, int times = 1);
  std::vector<std::string> paths() const;

 private:
  net::HttpResponse Handle(const net::HttpRequest& r);
  struct Key {
    std::string secret, positions = "[]";
    std::string account =
        R"({"total":"4000","unrealised_pnl":"100","available":"3500","currency":"USDT","maintenance_margin":"41"})";
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
