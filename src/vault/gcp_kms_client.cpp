#include "vault/gcp_kms_client.h"

#include <boost/json/object.hpp>

#include "core/json_util.h"
#include "vault/crc32c.h"

namespace baro::vault {
namespace {
// A Google API error body: {"error":{"code":403,"message":"…","status":"PERMISSION_DENIED"}}.
Error KmsError(std::string_view method, const net::HttpResponse& response) {
  std::string status = "HTTP " + std::to_string(response.status);
  std::string message;
  if (auto parsed = json::Parse(response.body); parsed.ok()) {
    if (const auto* error = json::Find(*parsed, "error")) {
      if (auto s = json::GetString(*error, "status")) status += " " + *s;
      message = json::GetString(*error, "message").value_or("");
    }
  }
  ErrorCode code = ErrorCode::kBadResponse;
  switch (response.status) {
    case 400:
      code = method == "decrypt" ? ErrorCode::kCrypto : ErrorCode::kInvalidInput;
      break;
    case 401:
      code = ErrorCode::kUnauthenticated;
      break;
    case 403:
      code = ErrorCode::kForbidden;
      break;
    case 404:
      code = ErrorCode::kNotFound;
      break;
    case 429:
      code = ErrorCode::kRateLimited;
      break;
    default:
      if (response.status >= 500) code = ErrorCode::kUnavailable;
  }
  return MakeError(code, "Cloud KMS " + std::string(method) + " failed (" + status + ")" +
                             (message.empty() ? "" : ": " + message));
}

}  // namespace

std::string GcpCrcString(std::string_view bytes) {
  return std::to_string(Crc32c(bytes));
}

// Int64Value fields arrive as decimal strings (proto3 JSON); numbers are accepted too.
std::optional<std::uint32_t> GetGcpCrc(const boost::json::value& v, std::string_view key) {
  const boost::json::value* field = json::Find(v, key);
  if (field == nullptr) return std::nullopt;
  if (field->is_string()) {
    const auto& s = field->as_string();
    if (s.empty() || s.size() > 10) return std::nullopt;
    std::uint64_t n = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return std::nullopt;
      n = n * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (n > 0xFFFFFFFFu) return std::nullopt;
    return static_cast<std::uint32_t>(n);
  }
  if (field->is_int64() && field->as_int64() >= 0 && field->as_int64() <= 0xFFFFFFFFll) {
    return static_cast<std::uint32_t>(field->as_int64());
  }
  return std::nullopt;
}

Error GcpIntegrityFailure(std::string_view method, std::string_view what, int attempts) {
  return MakeError(ErrorCode::kBadResponse,
                   "Cloud KMS " + std::string(method) + " answer failed its integrity check (" +
                       std::string(what) + ") on all " + std::to_string(attempts) + " attempts");
}
std::string GcpCryptoKeyOf(std::string_view name) {
  const auto at = name.find(kGcpVersionsInfix);
  return std::string(at == std::string_view::npos ? name : name.substr(0, at));
}

Result<boost::json::value> GcpKmsClient::Call(const std::string& resource, std::string_view method,
                                              std::string& body) {
  std::lock_guard lock(mu_);
  auto token = tokens_->Token();
  if (!token) {
    SecureZero(body);
    return token.error();
  }
  net::HttpRequest request;
  request.method = "POST";
  request.target = "/v1/" + resource + ":" + std::string(method);
  request.headers = {{"Authorization", "Bearer " + std::string(token->view())},
                     {"Content-Type", "application/json"},
                     {"Accept", "application/json"}};
  request.body = std::move(body);
  auto response = http_.Send(endpoint_, request);
  SecureZero(request.body);
  SecureZero(request.headers[0].second);
  if (!response) return response.error();
  if (response->status != 200) return KmsError(method, *response);
  auto parsed = json::Parse(response->body);
  SecureZero(response->body);
  if (!parsed || !parsed->is_object()) {
    return MakeError(ErrorCode::kBadResponse,
                     "Cloud KMS " + std::string(method) + " answered with malformed JSON");
  }
  return parsed;
}

Result<std::unique_ptr<GcpKmsClient>> MakeGcpKmsClient(const GcpKmsOptions& options,
                                                       std::shared_ptr<AccessTokenSource> tokens) {
  if (options.key_name.rfind("projects/", 0) != 0 ||
      options.key_name.find("/cryptoKeys/") == std::string::npos) {
    return MakeError(ErrorCode::kInvalidInput,
                     "gcp-kms key name must look like projects/P/locations/L/keyRings/R/"
                     "cryptoKeys/K, got '" +
                         options.key_name + "'");
  }
  if (!tokens) return MakeError(ErrorCode::kInvalidInput, "gcp-kms needs a credential");
  auto url = net::ParseUrl(options.endpoint);
  if (!url) return MakeError(ErrorCode::kInvalidInput, "bad gcp-kms endpoint " + options.endpoint);
  return std::make_unique<GcpKmsClient>(options, std::move(*url), std::move(tokens));
}

}  // namespace baro::vault
