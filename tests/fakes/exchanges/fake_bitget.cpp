#include "fakes/exchanges/fake_bitget.h"

#include <charconv>

#include "fakes/exchanges/fake_common.h"

namespace baro::fakes {
namespace {

net::HttpResponse Fail(const std::string& code, const std::string& msg) {
  return net::HttpResponse::Json(400, R"({"code":")" + code + R"(","msg":")" + msg +
                                          R"(","requestTime":)" + std::to_string(VenueNowMs()) +
                                          R"(,"data":null})");
}

net::HttpResponse Ok(const std::string& data) {
  return net::HttpResponse::Json(200, R"({"code":"00000","msg":"success","requestTime":)" +
                                          std::to_string(VenueNowMs()) + R"(,"data":)" + data +
                                          "}");
}

}  // namespace

FakeBitget::FakeBitget() = default;
FakeBitget::~FakeBitget() {
  if (server_) server_->Stop();
}

bool FakeBitget::Start() {
  server_ = std::make_unique<net::HttpServer>(
      net::HttpServerOptions{}, [this](const net::HttpRequest& r) { return Handle(r); });
  return server_->Start().ok();
}

std::string FakeBitget::BaseUrl() const {
  return server_->BaseUrl();
}

void FakeBitget::AddKey(const std::string& k, const std::string& secret,
                        const std::string& passphrase, const std::string& account_info) {
  std::lock_guard lock(mu_);
  keys_[k].secret = secret;
  keys_[k].passphrase = passphrase;
  keys_[k].info = account_info;
}

void FakeBitget::SetPositions(const std::string& k, const std::string& rows) {
  std::lock_guard lock(mu_);
  keys_[k].positions = rows;
}

void FakeBitget::SetAccounts(const std::string& k, const std::string& rows) {
  std::lock_guard lock(mu_);
  keys_[k].accounts = rows;
}

void FakeBitget::SetClockOffsetMs(std::int64_t offset) {
  std::lock_guard lock(mu_);
  offset_ms_ = offset;
}

void FakeBitget::FailNext(int status, const std::string& body, int times) {
  std::lock_guard lock(mu_);
  fail_status_ = status;
  fail_body_ = body;
  fail_times_ = times;
}

std::vector<std::string> FakeBitget::paths() const {
  std::lock_guard lock(mu_);
  return paths_;
}

net::HttpResponse FakeBitget::Handle(const net::HttpRequest& r) {
  std::lock_guard lock(mu_);
  const std::string path(r.Path());
  paths_.push_back(path);
  const std::int64_t now = VenueNowMs() + offset_ms_;
  if (r.method == "GET" && path == "/api/v2/public/time") {
    return Ok(R"({"serverTime":")" + std::to_string(now) + R"("})");
  }
  const bool known = r.method == "GET" && (path == "/api/v2/mix/position/all-position" ||
                                           path == "/api/v2/mix/account/accounts" ||
                                           path == "/api/v2/spot/account/info");
  if (!known) return Fail("40404", "Request URL NOT FOUND");
  if (fail_times_ > 0) {
    --fail_times_;
    return net::HttpResponse::Json(fail_status_, fail_body_);
  }
  const std::string key_name(r.Header("ACCESS-KEY").value_or(""));
  if (key_name.empty()) return Fail("40001", "ACCESS_KEY cannot be empty");
  auto key = keys_.find(key_name);
  if (key == keys_.end()) return Fail("40006", "Invalid ACCESS_KEY");
  if (r.Header("ACCESS-PASSPHRASE").value_or("") != key->second.passphrase) {
    return Fail("40012", "apikey/password is incorrect");
  }
  const std::string ts(r.Header("ACCESS-TIMESTAMP").value_or(""));
  std::int64_t t = -1;
  if (auto [end, ec] = std::from_chars(ts.data(), ts.data() + ts.size(), t);
      ec != std::errc() || end != ts.data() + ts.size()) {
    t = -1;
  }
  if (t < 0) return Fail("40005", "Invalid ACCESS_TIMESTAMP");
  if (t < now - 30'000 || t > now + 30'000) return Fail("40008", "Request timestamp expired");
  const std::string query(r.Query());
  const std::string prehash = ts + r.method + path + (query.empty() ? "" : "?" + query);
  if (VenueHmacSha256Base64(key->second.secret, prehash) != r.Header("ACCESS-SIGN").value_or("")) {
    return Fail("40009", "sign signature error");
  }
  if (path == "/api/v2/spot/account/info") return Ok(key->second.info);
  if (path == "/api/v2/mix/account/accounts") return Ok(key->second.accounts);
  return Ok(key->second.positions);
}

}  // namespace baro::fakes
