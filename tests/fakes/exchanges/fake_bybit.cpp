#include "fakes/exchanges/fake_bybit.h"

#include "fakes/exchanges/fake_common.h"

namespace baro::fakes {
namespace {

net::HttpResponse Envelope(int code, const std::string& msg, const std::string& result = "{}") {
  return net::HttpResponse::Json(
      200, R"({"retCode":)" + std::to_string(code) + R"(,"retMsg":")" + msg + R"(","result":)" +
               result + R"(,"retExtInfo":{},"time":)" + std::to_string(VenueNowMs()) + "}");
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

int FakeBybit::requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

int FakeBybit::position_pages_served() const {
  std::lock_guard lock(mu_);
  return pages_;
}

net::HttpResponse FakeBybit::Handle(const net::HttpRequest& r) {
  std::lock_guard lock(mu_);
  ++requests_;
  if (flood_next_) {
    flood_next_ = false;
    return net::HttpResponse::Text(403, "access too frequent");
  }
  const std::string path(r.Path());
  if (r.method == "GET" && path == "/v5/market/time") {
    const auto now = VenueNowMs();
    return Envelope(0, "OK",
                    R"({"timeSecond":")" + std::to_string(now / 1000) + R"(","timeNano":")" +
                        std::to_string(now) + R"(000000"})");
  }
  const bool known =
      r.method == "GET" && (path == "/v5/position/list" || path == "/v5/account/info" ||
                            path == "/v5/account/wallet-balance" || path == "/v5/user/query-api");
  if (!known) return net::HttpResponse::Json(404, R"({"retCode":404,"retMsg":"Not Found"})");
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
  const std::int64_t server = VenueNowMs();
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
  // /v5/position/list: pages of `limit`, the cursor being the next row index (opaque to clients).
  std::size_t limit = 20, start = 0;
  std::string settle;
  for (auto& [k, v] : net::ParseQuery(query)) {
    if (k == "limit") limit = std::stoul(v);
    if (k == "cursor") start = std::stoul(v.substr(v.find('%') == std::string::npos ? 0 : 0));
    if (k == "settleCoin") settle = v;
  }
  ++pages_;
  const auto& rows = key->second.positions;
  std::string list = "[";
  std::size_t end = settle == "USDT" ? std::min(rows.size(), start + limit) : start;
  for (std::size_t i = start; i < end; ++i) list += (i > start ? "," : "") + rows[i];
  list += "]";
  const std::string next = end < rows.size() && settle == "USDT" ? std::to_string(end) : "";
  return Envelope(
      0, "OK",
      R"({"list":)" + list + R"(,"nextPageCursor":")" + next + R"(","category":"linear"})");
}

}  // namespace baro::fakes
