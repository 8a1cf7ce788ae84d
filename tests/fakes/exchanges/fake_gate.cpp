#include "fakes/exchanges/fake_gate.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/json.hpp>
#include <charconv>
#include <cmath>

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

// GET /futures/usdt/positions with Gate's holding, limit and offset parameters.
net::HttpResponse Positions(const std::string& rows_text, std::string_view query) {
  bool holding = false;
  std::int64_t limit = -1, offset = 0;
  for (const auto& [name, value] : net::ParseQuery(query)) {
    std::int64_t n = 0;
    const bool number =
        std::from_chars(value.data(), value.data() + value.size(), n).ec == std::errc();
    if (name == "holding") holding = value == "true";
    if (name == "limit") limit = number ? n : 0;
    if (name == "offset") offset = number ? n : -1;
  }
  if (limit == 0 || limit > 100 || limit < -1 || offset < 0) {
    return Fail(400, "INVALID_PARAM_VALUE", "Invalid limit or offset");
  }
  boost::json::array rows;
  const boost::json::value all = boost::json::parse(rows_text);
  for (const auto& row : all.as_array()) {
    const auto* size = row.as_object().if_contains("size");
    const bool flat = size == nullptr || (size->is_int64() && size->as_int64() == 0) ||
                      (size->is_string() && size->as_string() == "0");
    if (!holding || !flat) rows.push_back(row);
  }
  boost::json::array page;
  for (std::size_t i = static_cast<std::size_t>(offset);
       i < rows.size() && (limit < 0 || page.size() < static_cast<std::size_t>(limit)); ++i) {
    page.push_back(rows[i]);
  }
  return net::HttpResponse::Json(200, boost::json::serialize(page));
}

}  // namespace

FakeGate::FakeGate() = default;
FakeGate::~FakeGate() {
  if (server_) server_->Stop();
}

bool FakeGate::Start() {
  server_ = std::make_unique<FakeHttpServer>(
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

void FakeGate::SetBtcPositions(const std::string& k, const std::string& rows) {
  std::lock_guard lock(mu_);
  keys_[k].btc_positions = rows;
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

void FakeGate::BindIp(const std::string& k, const std::string& ip) {
  std::lock_guard lock(mu_);
  keys_[k].ip = ip;
}

void FakeGate::SetNoFuturesAccount(const std::string& k) {
  std::lock_guard lock(mu_);
  keys_[k].futures_account = false;
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

std::vector<std::string> FakeGate::queries() const {
  std::lock_guard lock(mu_);
  return queries_;
}

net::HttpResponse FakeGate::Handle(const net::HttpRequest& r) {
  std::lock_guard lock(mu_);
  const std::string path(r.Path());
  paths_.push_back(path);
  queries_.emplace_back(r.Query());
  const std::int64_t now = VenueNowMs() + offset_ms_;
  if (r.method == "GET" && path == "/api/v4/spot/time") {
    return net::HttpResponse::Json(200, R"({"server_time":)" + std::to_string(now) + "}");
  }
  if (r.method == "GET" && path == "/api/v4/futures/usdt/contracts") {
    return net::HttpResponse::Json(200, contracts_);
  }
  const bool futures = path == "/api/v4/futures/usdt/positions" ||
                       path == "/api/v4/futures/usdt/accounts" ||
                       path == "/api/v4/futures/btc/positions";
  if (r.method != "GET" || (!futures && path != "/api/v4/account/detail")) {
    return Fail(404, "NOT_FOUND", "Not found");
  }
  if (fail_times_ > 0) {
    --fail_times_;
    return net::HttpResponse::Json(fail_status_, fail_body_);
  }
  for (const char* header : {"KEY", "Timestamp", "SIGN"}) {
    if (r.Header(header).value_or("").empty()) {
      return Fail(400, "MISSING_REQUIRED_HEADER",
                  std::string("Missing required header: ") + header);
    }
  }
  const std::string ts(r.Header("Timestamp").value_or(""));
  double seconds = 0;
  if (auto [end, ec] = std::from_chars(ts.data(), ts.data() + ts.size(), seconds);
      ec != std::errc() || end != ts.data() + ts.size() ||
      std::fabs(seconds * 1000 - static_cast<double>(now)) > 60'000) {
    return Fail(403, "REQUEST_EXPIRED", "gap between request Timestamp and server time exceeds 60");
  }
  auto key = keys_.find(std::string(r.Header("KEY").value_or("")));
  if (key == keys_.end()) return Fail(401, "INVALID_KEY", "Invalid key provided");
  const std::string payload =
      r.method + "\n" + path + "\n" + std::string(r.Query()) + "\n" + EmptyBodySha512() + "\n" + ts;
  if (HmacSha512Hex(key->second.secret, payload) != r.Header("SIGN").value_or("")) {
    return Fail(401, "INVALID_SIGNATURE", "Signature mismatch");
  }
  if (!key->second.ip.empty() && key->second.ip != r.remote_address) {
    return Fail(403, "IP_FORBIDDEN", "Request IP not in whitelist: " + r.remote_address);
  }
  if (path == "/api/v4/account/detail") {
    const std::string ips = key->second.ip.empty() ? "" : "\"" + key->second.ip + "\"";
    return net::HttpResponse::Json(200, R"({"user_id":10001,"ip_whitelist":[)" + ips +
                                            R"(],"currency_pairs":[],"key":{"mode":1},"tier":0})");
  }
  if (!key->second.futures_account) {
    return Fail(400, "USER_NOT_FOUND", "No futures account (deposit to initialize)");
  }
  if (path == "/api/v4/futures/usdt/accounts")
    return net::HttpResponse::Json(200, key->second.account);
  if (path == "/api/v4/futures/btc/positions")
    return Positions(key->second.btc_positions, r.Query());
  return Positions(key->second.positions, r.Query());
}

}  // namespace baro::fakes
