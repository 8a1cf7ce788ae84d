#include "fakes/exchanges/fake_okx.h"

#include <cstdio>
#include <ctime>

#include "fakes/exchanges/fake_common.h"

namespace baro::fakes {
namespace {

net::HttpResponse Error401(const std::string& code, const std::string& msg) {
  return net::HttpResponse::Json(401, R"({"msg":")" + msg + R"(","code":")" + code + R"("})");
}

net::HttpResponse Ok(const std::string& data) {
  return net::HttpResponse::Json(200, R"({"code":"0","data":)" + data + R"(,"msg":""})");
}

// "2020-12-08T09:08:57.715Z" to milliseconds, or -1.
std::int64_t ParseIso(const std::string& s) {
  std::tm tm{};
  int millis = 0;
  char z = 0;
  if (s.size() != 24 ||
      std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &millis, &z) != 8 ||
      z != 'Z') {
    return -1;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<std::int64_t>(timegm(&tm)) * 1000 + millis;
}

}  // namespace

FakeOkx::FakeOkx() = default;
FakeOkx::~FakeOkx() {
  if (server_) server_->Stop();
}

bool FakeOkx::Start() {
  server_ = std::make_unique<FakeHttpServer>(
      net::HttpServerOptions{}, [this](const net::HttpRequest& r) { return Handle(r); });
  return server_->Start().ok();
}

std::string FakeOkx::BaseUrl() const {
  return server_->BaseUrl();
}

void FakeOkx::AddKey(const std::string& k, const std::string& secret, const std::string& passphrase,
                     const std::string& config) {
  std::lock_guard lock(mu_);
  keys_[k].secret = secret;
  keys_[k].passphrase = passphrase;
  keys_[k].config = config;
}

void FakeOkx::SetPositions(const std::string& k, const std::string& rows) {
  std::lock_guard lock(mu_);
  keys_[k].positions = rows;
}

void FakeOkx::SetBalance(const std::string& k, const std::string& balance) {
  std::lock_guard lock(mu_);
  keys_[k].balance = balance;
}

void FakeOkx::BindIp(const std::string& k, const std::string& ip) {
  std::lock_guard lock(mu_);
  keys_[k].ip = ip;
}

void FakeOkx::SetInstruments(const std::string& rows) {
  std::lock_guard lock(mu_);
  instruments_ = rows;
}

void FakeOkx::SetClockOffsetMs(std::int64_t offset) {
  std::lock_guard lock(mu_);
  offset_ms_ = offset;
}

void FakeOkx::FailNext(int status, const std::string& body, int times) {
  std::lock_guard lock(mu_);
  fail_status_ = status;
  fail_body_ = body;
  fail_times_ = times;
}

std::vector<std::string> FakeOkx::paths() const {
  std::lock_guard lock(mu_);
  return paths_;
}

net::HttpResponse FakeOkx::Handle(const net::HttpRequest& r) {
  std::lock_guard lock(mu_);
  const std::string path(r.Path());
  paths_.push_back(path);
  const std::int64_t now = VenueNowMs() + offset_ms_;
  if (r.method == "GET" && path == "/api/v5/public/time") {
    return Ok(R"([{"ts":")" + std::to_string(now) + R"("}])");
  }
  if (r.method == "GET" && path == "/api/v5/public/instruments") return Ok(instruments_);
  const bool known =
      r.method == "GET" && (path == "/api/v5/account/positions" ||
                            path == "/api/v5/account/balance" || path == "/api/v5/account/config");
  if (!known) return net::HttpResponse::Json(404, R"({"msg":"Not Found","code":"404"})");
  if (fail_times_ > 0) {
    --fail_times_;
    return net::HttpResponse::Json(fail_status_, fail_body_);
  }
  // Headers present, then the timestamp, the key, the passphrase, the IP and the signature
  // (exchanges.md §8).
  const std::string key_name(r.Header("OK-ACCESS-KEY").value_or(""));
  const std::string passphrase(r.Header("OK-ACCESS-PASSPHRASE").value_or(""));
  const std::string sign(r.Header("OK-ACCESS-SIGN").value_or(""));
  const std::string ts(r.Header("OK-ACCESS-TIMESTAMP").value_or(""));
  if (key_name.empty())
    return Error401("50103", R"(Request header \"OK-ACCESS-KEY\" cannot be empty.)");
  if (passphrase.empty()) {
    return Error401("50104", R"(Request header \"OK-ACCESS-PASSPHRASE\" cannot be empty.)");
  }
  if (sign.empty())
    return Error401("50106", R"(Request header \"OK-ACCESS-SIGN\" cannot be empty.)");
  if (ts.empty())
    return Error401("50107", R"(Request header \"OK-ACCESS-TIMESTAMP\" cannot be empty.)");
  const std::int64_t t = ParseIso(ts);
  if (t < 0) return Error401("50112", "Invalid OK-ACCESS-TIMESTAMP");
  if (t < now - 30'000 || t > now + 30'000) return Error401("50102", "Timestamp request expired");
  auto key = keys_.find(key_name);
  if (key == keys_.end()) return Error401("50111", "Invalid OK-ACCESS-KEY");
  if (passphrase != key->second.passphrase) {
    return Error401("50105", R"(Request header \"OK-ACCESS-PASSPHRASE\" incorrect.)");
  }
  if (!key->second.ip.empty() && key->second.ip != r.remote_address) {
    return Error401("50110", "Your IP " + r.remote_address +
                                 " is not included in your API key's IP whitelist.");
  }
  const std::string prehash = ts + r.method + r.target;  // GET: no body
  if (VenueHmacSha256Base64(key->second.secret, prehash) != sign) {
    return Error401("50113", "Invalid Sign");
  }
  if (path == "/api/v5/account/config") return Ok("[" + key->second.config + "]");
  if (path == "/api/v5/account/balance") return Ok("[" + key->second.balance + "]");
  return Ok(key->second.positions);
}

}  // namespace baro::fakes
