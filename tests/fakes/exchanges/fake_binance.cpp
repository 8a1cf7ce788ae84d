#include "fakes/exchanges/fake_binance.h"

#include "fakes/exchanges/fake_common.h"

namespace baro::fakes {
namespace {

net::HttpResponse Error(int status, int code, const std::string& msg) {
  return net::HttpResponse::Json(
      status, R"({"code":)" + std::to_string(code) + R"(,"msg":")" + msg + R"("})");
}

}  // namespace

FakeBinance::FakeBinance() = default;
FakeBinance::~FakeBinance() {
  if (server_) server_->Stop();
}

bool FakeBinance::Start() {
  server_ = std::make_unique<FakeHttpServer>(
      net::HttpServerOptions{}, [this](const net::HttpRequest& r) { return Handle(r); });
  return server_->Start().ok();
}

std::string FakeBinance::BaseUrl() const {
  return server_->BaseUrl();
}

void FakeBinance::AddKey(const std::string& k, const std::string& secret,
                         const std::string& restrictions) {
  std::lock_guard lock(mu_);
  keys_[k].secret = secret;
  keys_[k].restrictions = restrictions;
}

void FakeBinance::SetPositions(const std::string& k, const std::string& risk,
                               const std::string& config) {
  std::lock_guard lock(mu_);
  keys_[k].positions = risk;
  keys_[k].config = config;
}

void FakeBinance::SetMultiAssets(const std::string& k, bool on) {
  std::lock_guard lock(mu_);
  keys_[k].multi_assets = on;
}

void FakeBinance::SetAccount(const std::string& k, const std::string& account) {
  std::lock_guard lock(mu_);
  keys_[k].account = account;
}

void FakeBinance::SetBrackets(const std::string& k, const std::string& brackets) {
  std::lock_guard lock(mu_);
  keys_[k].brackets = brackets;
}

void FakeBinance::SetCoinPositions(const std::string& k, const std::string& rows) {
  std::lock_guard lock(mu_);
  keys_[k].coin_positions = rows;
}

void FakeBinance::RefuseCoinFutures(const std::string& k) {
  std::lock_guard lock(mu_);
  keys_[k].coin_refused = true;
}

void FakeBinance::SetClockOffsetMs(std::int64_t offset) {
  std::lock_guard lock(mu_);
  offset_ms_ = offset;
}

void FakeBinance::FailNext(int status, const std::string& body, int retry_after_s, int times) {
  std::lock_guard lock(mu_);
  fail_status_ = status;
  fail_body_ = body;
  fail_retry_after_ = retry_after_s;
  fail_times_ = times;
}

std::vector<std::string> FakeBinance::peers() const {
  std::lock_guard lock(mu_);
  return peers_;
}

void FakeBinance::MakeUnavailable(const std::string& path) {
  std::lock_guard lock(mu_);
  unavailable_path_ = path;
}

void FakeBinance::SetMark(const std::string& symbol, double mark) {
  std::lock_guard lock(mu_);
  marks_[symbol] = mark;
}

int FakeBinance::requests() const {
  std::lock_guard lock(mu_);
  return static_cast<int>(paths_.size());
}

std::vector<std::string> FakeBinance::paths() const {
  std::lock_guard lock(mu_);
  return paths_;
}

net::HttpResponse FakeBinance::Handle(const net::HttpRequest& r) {
  std::lock_guard lock(mu_);
  const std::string path(r.Path());
  paths_.push_back(path);
  peers_.push_back(r.remote_address);
  const std::int64_t server_now = VenueNowMs() + offset_ms_;
  if ((path == "/fapi/v1/time" || path == "/dapi/v1/time") && r.method == "GET") {
    return net::HttpResponse::Json(200, R"({"serverTime":)" + std::to_string(server_now) + "}");
  }
  if (path == "/fapi/v1/premiumIndex" && r.method == "GET") {
    std::string out = "[";
    for (const auto& [symbol, mark] : marks_) {
      if (out.size() > 1) out += ",";
      out += R"({"symbol":")" + symbol + R"(","markPrice":")" + std::to_string(mark) +
             R"(","indexPrice":")" + std::to_string(mark) +
             R"(","lastFundingRate":"0.0001","time":)" + std::to_string(server_now) + "}";
    }
    return net::HttpResponse::Json(200, out + "]");
  }
  static const std::vector<std::string> kSigned = {
      "/fapi/v3/positionRisk",    "/fapi/v1/symbolConfig",  "/fapi/v3/account",
      "/fapi/v1/leverageBracket", "/fapi/v1/accountConfig", "/sapi/v1/account/apiRestrictions",
      "/dapi/v1/positionRisk"};
  if (r.method != "GET" || std::find(kSigned.begin(), kSigned.end(), path) == kSigned.end()) {
    return Error(404, -5000, "Path not found");
  }
  if (path == unavailable_path_) {
    return Error(503, -1001, "Internal error; unable to process your request.");
  }
  if (fail_times_ > 0) {
    --fail_times_;
    auto res = net::HttpResponse::Json(fail_status_, fail_body_);
    if (fail_retry_after_ > 0)
      res.headers.emplace_back("Retry-After", std::to_string(fail_retry_after_));
    return res;
  }
  auto key_header = r.Header("X-MBX-APIKEY");
  auto key = key_header ? keys_.find(std::string(*key_header)) : keys_.end();
  if (key == keys_.end()) {
    return Error(401, -2015,
                 "Invalid API-key, IP, or permissions for action, request ip: 127.0.0.1");
  }
  // Verify the signature over the exact bytes received.
  std::string_view query = r.Query();
  auto sig_at = query.find("&signature=");
  if (sig_at == std::string_view::npos)
    return Error(400, -1102,
                 "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.");
  std::string_view payload = query.substr(0, sig_at);
  std::string_view signature = query.substr(sig_at + 11);
  if (VenueHmacSha256Hex(key->second.secret, payload) != signature) {
    return Error(400, -1022, "Signature for this request is not valid.");
  }
  std::int64_t ts = 0, window = 5000;
  for (auto& [k, v] : net::ParseQuery(payload)) {
    if (k == "timestamp") ts = std::stoll(v);
    if (k == "recvWindow") window = std::stoll(v);
  }
  if (ts >= server_now + 1000)
    return Error(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time.");
  if (server_now - ts > window)
    return Error(400, -1021, "Timestamp for this request is outside of the recvWindow.");
  if (path == "/sapi/v1/account/apiRestrictions")
    return net::HttpResponse::Json(200, key->second.restrictions);
  if (path == "/fapi/v3/positionRisk") return net::HttpResponse::Json(200, key->second.positions);
  if (path == "/dapi/v1/positionRisk") {
    // COIN-M Position Information (USER_DATA), the documented shape
    // (developers.binance.com/docs/derivatives/coin-margined-futures/trade/rest-api/Position-Information);
    // a key without COIN-M access gets Binance's -2015.
    if (key->second.coin_refused) {
      return Error(401, -2015,
                   "Invalid API-key, IP, or permissions for action, request ip: 127.0.0.1");
    }
    return net::HttpResponse::Json(200, key->second.coin_positions);
  }
  if (path == "/fapi/v1/symbolConfig") return net::HttpResponse::Json(200, key->second.config);
  if (path == "/fapi/v1/leverageBracket") return net::HttpResponse::Json(200, key->second.brackets);
  if (path == "/fapi/v1/accountConfig") {
    // GET /fapi/v1/accountConfig (USER_DATA), the documented shape
    // (developers.binance.com/docs/derivatives/usds-margined-futures/account/rest-api/Account-Config).
    return net::HttpResponse::Json(
        200, std::string(R"({"feeTier":0,"canTrade":true,"canDeposit":true,"canWithdraw":true,)") +
                 R"("dualSidePosition":false,"updateTime":0,"multiAssetsMargin":)" +
                 (key->second.multi_assets ? "true" : "false") + R"(,"tradeGroupId":-1})");
  }
  return net::HttpResponse::Json(200, key->second.account);
}

}  // namespace baro::fakes
