// A fake Bybit v5 (bybit-exchange.github.io/docs/v5/guide "Authentication", /v5/position/list,
// /v5/account/*, /v5/user/query-api; shared/reference/exchanges.md §3). It checks X-BAPI-API-KEY,
// X-BAPI-TIMESTAMP, X-BAPI-RECV-WINDOW and X-BAPI-SIGN = hex HMAC-SHA256(secret, timestamp + key +
// recv_window + the exact query string received), enforces server_time - recv_window <= timestamp <
// server_time + 1000, and answers in the {"retCode","retMsg","result","retExtInfo","time"} envelope
// with Bybit's own retCodes (10002, 10003, 10004, 10006). Position lists are paged by `limit` with
// an opaque nextPageCursor.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "fakes/server/fake_http_server.h"

namespace baro::fakes {

class FakeBybit {
 public:
  FakeBybit();
  ~FakeBybit();
  bool Start();
  std::string BaseUrl() const;
  // Faults on the wire (fakes/server/fake_http_server.h); valid after Start().
  FaultSwitch& faults() { return server_->faults(); }

  // A key; `query_api_result` is the "result" object of /v5/user/query-api.
  void AddKey(const std::string& api_key, const std::string& secret,
              const std::string& query_api_result);
  // Position rows (JSON objects, as in result.list) for USDT-settled symbols.
  void SetPositions(const std::string& api_key, std::vector<std::string> rows);
  // Position rows of category=inverse (coin-margined contracts), answered in one page.
  void SetInversePositions(const std::string& api_key, std::vector<std::string> rows);
  void SetMarginMode(const std::string& api_key,
                     const std::string& mode);  // e.g. "ISOLATED_MARGIN"
  void RateLimitNext(int times = 1);            // answers retCode 10006
  void SetClockOffsetMs(std::int64_t offset);   // the venue's clock minus ours
  // The next answer(s) to a private read: HTTP status and body.
  void FailNext(int status, const std::string& body, int times = 1);
  // The next answer is Bybit's IP-flood refusal: HTTP 403 "access too frequent", not JSON
  // (bybit-exchange/docs rate-limit.mdx; exchanges.md §3.7).
  void FloodNext();
  int requests() const;
  // Every request's path and query, in order.
  std::vector<std::pair<std::string, std::string>> targets() const;

  int position_pages_served() const;

 private:
  net::HttpResponse Handle(const net::HttpRequest& r);
  struct Key {
    std::string secret, query_api, margin_mode = "REGULAR_MARGIN";
    std::vector<std::string> positions, inverse;
  };
  std::unique_ptr<FakeHttpServer> server_;
  mutable std::mutex mu_;
  std::map<std::string, Key> keys_;
  int rate_limit_next_ = 0;
  std::int64_t offset_ms_ = 0;
  int fail_status_ = 0, fail_times_ = 0;
  std::string fail_body_;
  int pages_ = 0;
  int requests_ = 0;
  std::vector<std::pair<std::string, std::string>> targets_;
  bool flood_next_ = false;
};

}  // namespace baro::fakes
