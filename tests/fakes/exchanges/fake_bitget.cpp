#include "fakes/exchanges/fake_bitget.h"

#include <charconv>

#include "fakes/exchanges/fake_common.h"
#include "net/http_message.h"

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
  server_ = std::make_unique<FakeHttpServer>(
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

void FakeBitget::BindIp(const std::string& k, const std::string& ip) {
  std::lock_guard lock(mu_);
  keys_[k].ip = ip;
}

void FakeBitget::DenyPath(const std::string& k, const std::string& path) {
  std::lock_guard lock(mu_);
  keys_[k].denied.insert(path);
}

void FakeBitget::SetPositions(const std::string& k, const std::string& rows,
                              const std::string& product) {
  std::lock_guard lock(mu_);
  keys_[k].positions[product] = rows;
}

void FakeBitget::SetAccounts(const std::string& k, const std::string& rows,
                             const std::string& product) {
  std::lock_guard lock(mu_);
  keys_[k].accounts[product] = rows;
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
  // Headers present, then the timestamp, the key, the passphrase, the IP and the signature
  // (exchanges.md §8).
  const std::string key_name(r.Header("ACCESS-KEY").value_or(""));
  const std::string sign(r.Header("ACCESS-SIGN").value_or(""));
  const std::string passphrase(r.Header("ACCESS-PASSPHRASE").value_or(""));
  const std::string ts(r.Header("ACCESS-TIMESTAMP").value_or(""));
  if (key_name.empty()) return Fail("40001", "ACCESS_KEY cannot be empty");
  if (sign.empty()) return Fail("40003", "Signature cannot be empty");
  if (passphrase.empty()) return Fail("40011", "ACCESS_PASSPHRASE cannot be empty");
  std::int64_t t = -1;
  if (auto [end, ec] = std::from_chars(ts.data(), ts.data() + ts.size(), t);
      ec != std::errc() || end != ts.data() + ts.size()) {
    t = -1;
  }
  if (t < 0) return Fail("40005", "Invalid ACCESS_TIMESTAMP");
  if (t < now - 30'000 || t > now + 30'000) return Fail("40008", "Request timestamp expired");
  auto key = keys_.find(key_name);
  if (key == keys_.end()) return Fail("40006", "Invalid ACCESS_KEY");
  if (passphrase != key->second.passphrase) return Fail("40012", "apikey/password is incorrect");
  if (!key->second.ip.empty() && key->second.ip != r.remote_address) {
    return Fail("40018", "Invalid IP");
  }
  const std::string query(r.Query());
  const std::string prehash = ts + r.method + path + (query.empty() ? "" : "?" + query);
  if (VenueHmacSha256Base64(key->second.secret, prehash) != sign) {
    return Fail("40009", "sign signature error");
  }
  if (key->second.denied.count(path) > 0) return Fail("40014", "Incorrect permissions");
  if (path == "/api/v2/spot/account/info") return Ok(key->second.info);
  // productType picks the product (bitget.com/api-doc/contract/position/get-all-position).
  std::string product;
  for (auto& [k, v] : net::ParseQuery(query)) {
    if (k == "productType") product = v;
  }
  const auto& rows =
      path == "/api/v2/mix/account/accounts" ? key->second.accounts : key->second.positions;
  auto it = rows.find(product);
  return Ok(it == rows.end() ? "[]" : it->second);
}

}  // namespace baro::fakes
