#include "fakes/exchanges/fake_bybit.h"

#include "fakes/exchanges/fake_common.h"

namespace baro::fakes {
namespace {

// The venue's clock for the request being answered (its fake's offset applied), set by Handle on
// the serving thread.
thread_local std::int64_t t_now_ms = 0;

std::int64_t Now() {
  return t_now_ms != 0 ? t_now_ms : VenueNowMs();
}

net::HttpResponse Envelope(int code, const std::string& msg, const std::string& result = "{}") {
  return net::HttpResponse::Json(
      200, R"({"retCode":)" + std::to_string(code) + R"(,"retMsg":")" + msg + R"(","result":)" +
               result + R"(,"retExtInfo":{},"time":)" + std::to_string(Now()) + "}");
}

}  // namespace

FakeBybit::FakeBybit() = default;
FakeBybit::~FakeBybit() {
  if (server_) server_->Stop();
}

bool FakeBybit::Start() {
  server_ = std::make_unique<FakeHttpServer>(
      net::HttpServerOptions{}, [this](const net::HttpRequest& r) { return Handle(r); });
  return server_->Start().ok();
}

std::string FakeBybit::BaseUrl() const {
  return server_->BaseUrl();
}

void FakeBybit::AddKey(const std::string& k, const std::string& secret,
                       const std::string& query_api) {
  std::lock_guard lock(mu_);
  keys_[k].secret = secret;
  keys_[k].query_api = query_api;
}

void FakeBybit::SetInversePositions(const std::string& k, std::vector<std::string> rows) {
  std::lock_guard lock(mu_);
  keys_[k].inverse = std::move(rows);
}

void FakeBybit::SetPositions(const std::string& k, std::vector<std::string> rows) {
  std::lock_guard lock(mu_);
  keys_[k].positions = std::move(rows);
}

void FakeBybit::SetMarginMode(const std::string& k, const std::string& mode) {
  std::lock_guard lock(mu_);
  keys_[k].margin_mode = mode;
}

void FakeBybit::RateLimitNext(int times) {
  std::lock_guard lock(mu_);
  rate_limit_next_ = times;
}

void FakeBybit::FloodNext() {
  std::lock_guard lock(mu_);
  flood_next_ = true;
}

std::vector<std::pair<std::string, std::string>> FakeBybit::targets() const {
  std::lock_guard lock(mu_);
  return targets_;
}

int FakeBybit::requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

int FakeBybit::position_pages_served() const {
  std::lock_guard lock(mu_);
  return pages_;
}

void FakeBybit::SetClockOffsetMs(std::int64_t offset) {
  std::lock_guard lock(mu_);
  offset_ms_ = offset;
}

void FakeBybit::FailNext(int status, const std::string& body, int times) {
  std::lock_guard lock(mu_);
  fail_status_ = status;
  fail_body_ = body;
  fail_times_ = times;
}

net::HttpResponse FakeBybit::Handle(const net::HttpRequest& r) {
  std::lock_guard lock(mu_);
  ++requests_;
  targets_.emplace_back(r.target.substr(0, r.target.find('?')), std::string(r.Query()));
  t_now_ms = VenueNowMs() + offset_ms_;
  if (flood_next_) {
    flood_next_ = false;
    return net::HttpResponse::Text(403, "access too frequent");
  }
  const std::string path(r.Path());
  if (r.method == "GET" && path == "/v5/market/time") {
    const auto now = Now();
    return Envelope(0, "OK",
                    R"({"timeSecond":")" + std::to_string(now / 1000) + R"(","timeNano":")" +
                        std::to_string(now) + R"(000000"})");
  }
  const bool known =
      r.method == "GET" && (path == "/v5/position/list" || path == "/v5/account/info" ||
                            path == "/v5/account/wallet-balance" || path == "/v5/user/query-api");
  if (!known) return net::HttpResponse::Json(404, R"({"retCode":404,"retMsg":"Not Found"})");
  if (fail_times_ > 0) {
    --fail_times_;
    return net::HttpResponse::Json(fail_status_, fail_body_);
  }
  if (rate_limit_next_ > 0) {
    --rate_limit_next_;
    return Envelope(10006, "Too many visits!");
  }
  auto key_h = r.Header("X-BAPI-API-KEY");
  auto key = key_h ? keys_.find(std::string(*key_h)) : keys_.end();
  if (key == keys_.end()) return Envelope(10003, "API key is invalid.");
  const std::string ts(r.Header("X-BAPI-TIMESTAMP").value_or(""));
  const std::string window(r.Header("X-BAPI-RECV-WINDOW").value_or("5000"));
  const std::string query(r.Query());
  const std::string origin = ts + key->first + window + query;
  if (VenueHmacSha256Hex(key->second.secret, origin) != r.Header("X-BAPI-SIGN").value_or("")) {
    return Envelope(10004,
                    "Error sign, please check your signature generation algorithm: origin_string[" +
                        origin + "]");
  }
  const std::int64_t server = Now();
  const std::int64_t t = ts.empty() ? 0 : std::stoll(ts);
  if (!(server - std::stoll(window) <= t && t < server + 1000)) {
    return Envelope(
        10002,
        "invalid request, please check your server timestamp or recv_window param. req_timestamp[" +
            ts + "],server_timestamp[" + std::to_string(server) + "],recv_window[" + window + "]");
  }
  if (path == "/v5/user/query-api") return Envelope(0, "", key->second.query_api);
  if (path == "/v5/account/info") {
    return Envelope(0, "success",
                    R"({"marginMode":")" + key->second.margin_mode +
                        R"(","updatedTime":"1697078946000","unifiedMarginStatus":4})");
  }
  if (path == "/v5/account/wallet-balance") {
    return Envelope(
        0, "OK",
        R"({"list":[{"accountType":"UNIFIED","totalEquity":"10000","totalMarginBalance":"10000","totalAvailableBalance":"8000","totalMaintenanceMargin":"100","accountMMRate":"0.01","coin":[]}]})");
  }
  // /v5/position/list: pages of `limit`. Bybit hands out nextPageCursor already percent-encoded
  // (its docs' example: "page_args%3Dfd4300ae-...%26symbol%3D6%26", bybit-exchange.github.io/docs/
  // v5/order/order-list), to be sent back as it is; the query value, once decoded, is the cursor.
  std::size_t limit = 20, start = 0;
  std::string settle, category;
  for (auto& [k, v] : net::ParseQuery(query)) {
    if (k == "limit") limit = std::stoul(v);
    if (k == "cursor") {
      const std::string prefix = "page_args=";
      if (!v.starts_with(prefix) || !v.ends_with("&")) {
        return Envelope(10001, "params error: cursor invalid");
      }
      start = std::stoul(v.substr(prefix.size()));
    }
    if (k == "settleCoin") settle = v;
    if (k == "category") category = v;
  }
  if (category == "inverse") {
    ++pages_;
    std::string list = "[";
    for (std::size_t i = 0; i < key->second.inverse.size(); ++i)
      list += (i > 0 ? "," : "") + key->second.inverse[i];
    return Envelope(0, "OK",
                    R"({"list":)" + list + R"(],"nextPageCursor":"","category":"inverse"})");
  }
  ++pages_;
  const auto& rows = key->second.positions;
  std::string list = "[";
  std::size_t end = settle == "USDT" ? std::min(rows.size(), start + limit) : start;
  for (std::size_t i = start; i < end; ++i) list += (i > start ? "," : "") + rows[i];
  list += "]";
  const std::string next = end < rows.size() && settle == "USDT"
                               ? "page_args%3D" + std::to_string(end) + "%26symbol%3D%26"
                               : "";
  return Envelope(
      0, "OK",
      R"({"list":)" + list + R"(,"nextPageCursor":")" + next + R"(","category":"linear"})");
}

}  // namespace baro::fakes
