#include "vault/vault_transit_call.h"

#include "core/json_util.h"

namespace baro::vault {
namespace {
bool IsPathSegment(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.' || c == '/';
    if (!ok) return false;
  }
  return s.front() != '/' && s.back() != '/' && s.find("..") == std::string_view::npos;
}

// Vault errors: {"errors":["permission denied"]}.
Error TransitError(std::string_view op, const net::HttpResponse& response) {
  std::string detail;
  if (auto parsed = json::Parse(response.body); parsed.ok()) {
    if (const auto* errors = json::Find(*parsed, "errors"); errors && errors->is_array()) {
      for (const auto& e : errors->as_array()) {
        if (!e.is_string()) continue;
        if (!detail.empty()) detail += "; ";
        detail += std::string(e.as_string());
      }
    }
  }
  ErrorCode code = ErrorCode::kBadResponse;
  if (response.status == 400)
    code = op == "decrypt" ? ErrorCode::kCrypto : ErrorCode::kInvalidInput;
  if (response.status == 401 || response.status == 403) code = ErrorCode::kForbidden;
  if (response.status == 404) code = ErrorCode::kNotFound;
  if (response.status == 429) code = ErrorCode::kRateLimited;
  if (response.status >= 500) code = ErrorCode::kUnavailable;  // 503: sealed or standby
  return MakeError(code, "Vault Transit " + std::string(op) + " failed (HTTP " +
                             std::to_string(response.status) + ")" +
                             (detail.empty() ? "" : ": " + detail));
}

}  // namespace

Result<net::Url> CheckTransitOptions(const VaultTransitOptions& options, const SecretBytes& token) {
  if (!IsPathSegment(options.mount) || !IsPathSegment(options.key_name) ||
      options.key_name.find('/') != std::string::npos) {
    return MakeError(ErrorCode::kInvalidInput, "vault-transit mount or key name is not valid");
  }
  if (token.empty()) return MakeError(ErrorCode::kInvalidInput, "vault-transit needs a token");
  auto url = net::ParseUrl(options.address);
  if (!url) return MakeError(ErrorCode::kInvalidInput, "bad vault-transit address");
  return url;
}

Result<boost::json::value> TransitPost(net::HttpClient& http, const net::Url& address,
                                       const VaultTransitOptions& options, const SecretBytes& token,
                                       std::string_view op, std::string& body) {
  net::HttpRequest request;
  request.method = "POST";
  request.target = "/v1/" + options.mount + "/" + std::string(op) + "/" + options.key_name;
  request.headers = {{"X-Vault-Token", std::string(token.view())},
                     {"Content-Type", "application/json"}};
  request.body = std::move(body);
  auto response = http.Send(address, request);
  SecureZero(request.body);
  SecureZero(request.headers[0].second);
  if (!response) return response.error();
  if (response->status != 200) return TransitError(op, *response);
  auto parsed = json::Parse(response->body);
  SecureZero(response->body);
  if (!parsed || json::Find(*parsed, "data") == nullptr ||
      !json::Find(*parsed, "data")->is_object()) {
    return MakeError(ErrorCode::kBadResponse,
                     "Vault Transit " + std::string(op) + " answer lacks a data object");
  }
  return parsed;
}

std::optional<int> TransitCiphertextVersion(std::string_view ciphertext) {
  constexpr std::string_view kPrefix = "vault:v";
  if (ciphertext.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  ciphertext.remove_prefix(kPrefix.size());
  const auto colon = ciphertext.find(':');
  if (colon == 0 || colon == std::string_view::npos || colon > 9) return std::nullopt;
  int v = 0;
  for (char c : ciphertext.substr(0, colon)) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (v <= 0 || colon + 1 == ciphertext.size()) return std::nullopt;
  return v;
}

}  // namespace baro::vault
