#include "fakes/exchanges/fake_gate.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>

#include "fakes/exchanges/fake_common.h"

namespace baro::fakes {
namespace {

net::HttpResponse Fail(int status, const std::string& label, const std::string& message) {
  return net::HttpResponse::Json(status,
                                 R"({"label":")" + label + R"(","message":")" + message + R"("})");
}

std::string Hex(const unsigned char* data, unsigned len) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < len; ++i) {
    out.push_back(kHex[data[i] >> 4]);
    out.push_back(kHex[data[i] & 15]);
  }
  return out;
}

std::string HmacSha512Hex(const std::string& key, const std::string& data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  HMAC(EVP_sha512(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len);
  return Hex(mac, len);
}

std::string EmptyBodySha512() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  EVP_Digest("", 0, digest, &len, EVP_sha512(), nullptr);
  return Hex(digest, len);
}

}  // namespace

FakeGate::FakeGate() = default;
FakeGate::~FakeGate() {
  if (server_) server_->Stop();
}

bool FakeGate::Start() {
  server_ = std::make_unique<net::HttpServer>(
      net::HttpServerOptions{}, [this](const net::HttpRequest& r) { return Handle(r); });
  return server_->Start().ok();
}

std::string FakeGate::BaseUrl() const {
  return server_->BaseUrl();
}

void FakeGate::AddKey(const std::string& k, const std::string& secret) {
  std::lock_guard lock(mu_);
  keys_[k].secret = secret;
}

void FakeGate::SetPositions(const std::string& k, const std::string& rows) {
  std::lock_guard lock(mu_);
  keys_[k].positions = rows;
}

void FakeGate::SetAccount(const std::string& k, const std::string& account) {
  std::lock_guard lock(mu_);
  keys_[k].account = account;
}

void FakeGate::SetContracts(const std::string& rows) {
  std::lock_guard lock(mu_);
  contracts_ = rows;
}

void FakeGate::SetClockOffsetMs(std::int64_t offset) {
  std::lock_guard lock(mu_);
  offset_ms_ = offset;
}

void FakeGate::FailNext(int status, const std::string& body, int times) {
  std::lock_guard lock(mu_);
  fail_status_ = status;
  fail_body_ = body;
  fail_times_ = times;
}

std::vector<std::string> FakeGate::paths() const {
  std::lock_guard lock(mu_);
  return paths_;
}

net::HttpResponse FakeGate::Handle(const net::HttpRequest& r) {
  std::lock_guard lock(mu_);
  const std::string path(r.Path());
  paths_.push_back(path);
  const std::int64_t now = VenueNowMs() + offset_ms_;
  if (r.method == "GET" && path == "/api/v4/spot/time") {
    return net::HttpResponse::Json(200, R"({"server_time":)" + std::to_string(now) + "}");
  }
  if (r.method == "GET" && path == "/api/v4/futures/usdt/contracts") {
    return net::HttpResponse::Json(200, contracts_);
  }
  const bool known = r.method == "GET" &&
                     (path == "/api/v4/futures/usdt/positions" ||
                      path == "/api/v4/futures/usdt/accounts" || path == "/api/v4/account/detail");
  if (!known) return Fail(404, "NOT_FOUND", "Not found");
  if (fail_times_ > 0) {
    --fail_times_;
    return net::HttpResponse::Json(fail_status_, fail_body_);
  }
  const std::string ts(r.Header("Timestamp").value_or(""));
  if (ts.empty()) return Fail(400, "MISSING_REQUIRED_HEADER", "Missing required header: Timestamp");
  std::int64_t seconds = 0;
  if (auto [end, ec] = std::from_chars(ts.data(), ts.data() + ts.size(), seconds);
      ec != std::errc() || end != ts.data() + ts.size() ||
      std::abs(seconds * 1000 - now) > 60'000) {
    return Fail(403, "REQUEST_EXPIRED", "gap between request Timestamp and server time exceeds 60");
  }
  auto key = keys_.find(std::string(r.Header("KEY").value_or("")));
  if (key == keys_.end()) return Fail(401, "INVALID_KEY", "Invalid key provided");
  const std::string payload =
      r.method + "\n" + path + "\n" + std::string(r.Query()) + "\n" + EmptyBodySha512() + "\n" + ts;
  if (HmacSha512Hex(key->second.secret, payload) != r.Header("SIGN").value_or("")) {
    return Fail(401, "INVALID_SIGNATURE", "Signature mismatch");
  }
  if (path == "/api/v4/account/detail") {
    return net::HttpResponse::Json(
        200,
        R"({"user_id":10001,"ip_whitelist":[],"currency_pairs":[],"key":{"mode":1},"tier":0})");
  }
  if (path == "/api/v4/futures/usdt/accounts")
    return net::HttpResponse::Json(200, key->second.account);
  return net::HttpResponse::Json(200, key->second.positions);
}

}  // namespace baro::fakes
