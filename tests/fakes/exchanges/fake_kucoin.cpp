#include "fakes/exchanges/fake_kucoin.h"

#include <boost/json.hpp>
#include <charconv>
#include <string_view>

#include "fakes/exchanges/fake_common.h"
#include "net/http_message.h"

namespace baro::fakes {
namespace {

net::HttpResponse Fail(int status, const std::string& code, const std::string& msg) {
  return net::HttpResponse::Json(status, R"({"code":")" + code + R"(","msg":")" + msg + R"("})");
}

net::HttpResponse Ok(const std::string& data) {
  return net::HttpResponse::Json(200, R"({"code":"200000","data":)" + data + "}");
}

// Whether the key's comma-separated "permission" list names `permission`.
bool HasPermission(const std::string& key_info, std::string_view permission) {
  const boost::json::value info = boost::json::parse(key_info);
  const auto* list = info.as_object().if_contains("permission");
  if (list == nullptr || !list->is_string()) return false;
  std::string_view rest = list->as_string();
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    if (rest.substr(0, comma) == permission) return true;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

FakeKucoin::FakeKucoin() = default;
FakeKucoin::~FakeKucoin() {
  if (server_) server_->Stop();
}

bool FakeKucoin::Start() {
  server_ = std::make_unique<FakeHttpServer>(
      net::HttpServerOptions{}, [this](const net::HttpRequest& r) { return Handle(r); });
  return server_->Start().ok();
}

std::string FakeKucoin::BaseUrl() const {
  return server_->BaseUrl();
}

void FakeKucoin::AddKey(const std::string& k, const std::string& secret,
                        const std::string& passphrase, const std::string& key_info) {
  std::lock_guard lock(mu_);
  keys_[k].secret = secret;
  keys_[k].passphrase = passphrase;
  keys_[k].info = key_info;
}

void FakeKucoin::SetPositions(const std::string& k, const std::string& rows) {
  std::lock_guard lock(mu_);
  keys_[k].positions = rows;
}

void FakeKucoin::SetOverview(const std::string& k, const std::string& overview,
                             const std::string& currency) {
  std::lock_guard lock(mu_);
  keys_[k].overview[currency] = overview;
}

void FakeKucoin::SetContracts(const std::string& rows) {
  std::lock_guard lock(mu_);
  contracts_ = rows;
}

void FakeKucoin::BindIp(const std::string& k, const std::string& ip) {
  std::lock_guard lock(mu_);
  keys_[k].ip = ip;
}

void FakeKucoin::RequireFuturesPermission(bool require) {
  std::lock_guard lock(mu_);
  require_futures_permission_ = require;
}

void FakeKucoin::RateLimitNext(std::int64_t reset_ms) {
  std::lock_guard lock(mu_);
  rate_limit_reset_ms_ = reset_ms;
}

void FakeKucoin::SetClockOffsetMs(std::int64_t offset) {
  std::lock_guard lock(mu_);
  offset_ms_ = offset;
}

void FakeKucoin::FailNext(int status, const std::string& body, int times) {
  std::lock_guard lock(mu_);
  fail_status_ = status;
  fail_body_ = body;
  fail_times_ = times;
}

std::vector<std::string> FakeKucoin::paths() const {
  std::lock_guard lock(mu_);
  return paths_;
}

net::HttpResponse FakeKucoin::Handle(const net::HttpRequest& r) {
  std::lock_guard lock(mu_);
  const std::string path(r.Path());
  paths_.push_back(path);
  const std::int64_t now = VenueNowMs() + offset_ms_;
  if (r.method == "GET" && path == "/api/v1/timestamp") return Ok(std::to_string(now));
  if (r.method == "GET" && path == "/api/v1/contracts/active") return Ok(contracts_);
  const bool known =
      r.method == "GET" && (path == "/api/v1/positions" || path == "/api/v1/account-overview" ||
                            path == "/api/v1/user/api-key");
  if (!known) return Fail(404, "404000", "Url Not Found");
  if (fail_times_ > 0) {
    --fail_times_;
    return net::HttpResponse::Json(fail_status_, fail_body_);
  }
  if (rate_limit_reset_ms_ >= 0) {
    auto limited = Fail(429, "429000", "Too Many Requests");
    limited.headers.emplace_back("gw-ratelimit-limit", "2000");
    limited.headers.emplace_back("gw-ratelimit-remaining", "0");
    limited.headers.emplace_back("gw-ratelimit-reset", std::to_string(rate_limit_reset_ms_));
    rate_limit_reset_ms_ = -1;
    return limited;
  }
  for (const char* header :
       {"KC-API-KEY", "KC-API-SIGN", "KC-API-TIMESTAMP", "KC-API-PASSPHRASE"}) {
    if (r.Header(header).value_or("").empty()) {
      return Fail(400, "400001",
                  "Any of KC-API-KEY, KC-API-SIGN, KC-API-TIMESTAMP, KC-API-PASSPHRASE is missing "
                  "in your request header.");
    }
  }
  const std::string ts(r.Header("KC-API-TIMESTAMP").value_or(""));
  std::int64_t t = -1;
  if (auto [end, ec] = std::from_chars(ts.data(), ts.data() + ts.size(), t);
      ec != std::errc() || end != ts.data() + ts.size() || t < now - 5000 || t > now + 5000) {
    return Fail(400, "400002", "Invalid KC-API-TIMESTAMP");
  }
  auto key = keys_.find(std::string(r.Header("KC-API-KEY").value_or("")));
  if (key == keys_.end()) return Fail(401, "400003", "KC-API-KEY not exists");
  const auto version = r.Header("KC-API-KEY-VERSION").value_or("");
  if (version != "2" && version != "3") return Fail(400, "400009", "Invalid KC-API-KEY-VERSION");
  if (VenueHmacSha256Base64(key->second.secret, key->second.passphrase) !=
      r.Header("KC-API-PASSPHRASE").value_or("")) {
    return Fail(401, "400004", "Invalid KC-API-PASSPHRASE");
  }
  if (VenueHmacSha256Base64(key->second.secret, ts + r.method + r.target) !=
      r.Header("KC-API-SIGN").value_or("")) {
    return Fail(401, "400005", "Invalid KC-API-SIGN");
  }
  if (!key->second.ip.empty() && key->second.ip != r.remote_address) {
    return Fail(403, "400006", "Invalid request IP, the current client IP is: " + r.remote_address);
  }
  if (require_futures_permission_ && path != "/api/v1/user/api-key" &&
      !HasPermission(key->second.info, "Futures")) {
    return Fail(403, "400007", "Access denied, requires more permission.");
  }
  if (path == "/api/v1/user/api-key") return Ok(key->second.info);
  // `currency` picks the settlement currency: the overview's (default XBT) and the positions'
  // (all when empty), per KuCoin's spec (Kucoin/kucoin-universal-sdk spec/rest/api
  // openapi-account-account.json, openapi-futures-positions.json).
  std::string currency;
  for (auto& [k, v] : net::ParseQuery(r.Query())) {
    if (k == "currency") currency = v;
  }
  if (path == "/api/v1/account-overview") {
    auto it = key->second.overview.find(currency.empty() ? "XBT" : currency);
    if (it != key->second.overview.end()) return Ok(it->second);
    return Ok(R"({"accountEquity":0,"unrealisedPNL":0,"marginBalance":0,"positionMargin":0,)"
              R"("orderMargin":0,"frozenFunds":0,"availableBalance":0,"currency":")" +
              (currency.empty() ? std::string("XBT") : currency) +
              R"(","riskRatio":0,"maxWithdrawAmount":0})");
  }
  if (currency.empty()) return Ok(key->second.positions);
  boost::json::array kept;
  const boost::json::value rows = boost::json::parse(key->second.positions);
  for (const auto& row : rows.as_array()) {
    if (row.is_object() && row.as_object().contains("settleCurrency") &&
        row.as_object().at("settleCurrency") == currency.c_str())
      kept.push_back(row);
  }
  return Ok(boost::json::serialize(kept));
}

}  // namespace baro::fakes
