#include "vault/vault_transit.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "core/json_util.h"
#include "vault/encoding.h"
#include "vault/key_files.h"

namespace baro::vault {
namespace {
constexpr std::size_t kTokenFileMaxBytes = 4096;

bool IsPathSegment(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.' || c == '/';
    if (!ok) return false;
  }
  return s.front() != '/' && s.back() != '/' && s.find("..") == std::string_view::npos;
}

Result<net::Url> CheckOptions(const VaultTransitOptions& options, const SecretBytes& token) {
  if (!IsPathSegment(options.mount) || !IsPathSegment(options.key_name) ||
      options.key_name.find('/') != std::string::npos) {
    return MakeError(ErrorCode::kInvalidInput, "vault-transit mount or key name is not valid");
  }
  if (token.empty()) return MakeError(ErrorCode::kInvalidInput, "vault-transit needs a token");
  auto url = net::ParseUrl(options.address);
  if (!url) return MakeError(ErrorCode::kInvalidInput, "bad vault-transit address");
  return url;
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

// POSTs `body` (wiped afterwards) and returns the parsed answer's "data" object holder.
Result<boost::json::value> Post(net::HttpClient& http, const net::Url& address,
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

// Overwrites a string field of `fields` in place (the JSON object's own copy of a secret).
void WipeJsonString(boost::json::object& fields, std::string_view key) {
  if (auto* v = fields.if_contains(key); v != nullptr && v->is_string()) {
    SecureZero(v->as_string().data(), v->as_string().size());
  }
}

// "vault:v12:…" -> 12
std::optional<int> CiphertextVersion(std::string_view ciphertext) {
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
}  // namespace

Result<SecretBytes> ReadVaultTokenFile(const std::string& path) {
  auto raw = ReadKeyFile(path, kTokenFileMaxBytes, /*require_private=*/true);
  if (!raw) return raw.error();
  const std::string_view token = TrimWhitespace(raw->view());
  if (token.empty()) return MakeError(ErrorCode::kInvalidInput, "empty Vault token file " + path);
  return SecretBytes(token);
}

VaultTransitKeyWrapper::VaultTransitKeyWrapper(VaultTransitOptions options, net::Url address,
                                               SecretBytes token)
    : options_(std::move(options)),
      address_(std::move(address)),
      token_(std::move(token)),
      http_(options_.http) {}

Result<std::unique_ptr<VaultTransitKeyWrapper>> VaultTransitKeyWrapper::Create(
    const VaultTransitOptions& options, SecretBytes encrypt_token) {
  auto url = CheckOptions(options, encrypt_token);
  if (!url) return url.error();
  return std::unique_ptr<VaultTransitKeyWrapper>(
      new VaultTransitKeyWrapper(options, std::move(*url), std::move(encrypt_token)));
}

Result<WrappedKey> VaultTransitKeyWrapper::Wrap(const SecretBytes& data_key,
                                                std::string_view associated_data) {
  SecretBytes plaintext_b64 = Base64EncodeSecret(data_key);
  boost::json::object fields{
      {"plaintext", boost::json::string_view(reinterpret_cast<const char*>(plaintext_b64.data()),
                                             plaintext_b64.size())},
      {"associated_data", Base64Encode(associated_data)}};
  std::string body = boost::json::serialize(fields);
  WipeJsonString(fields, "plaintext");
  std::lock_guard lock(mu_);
  auto answer = Post(http_, address_, options_, token_, "encrypt", body);
  if (!answer) return answer.error();
  const auto ciphertext = json::GetString(*json::Find(*answer, "data"), "ciphertext");
  const auto version = ciphertext ? CiphertextVersion(*ciphertext) : std::nullopt;
  if (!version) {
    return MakeError(ErrorCode::kBadResponse,
                     "Vault Transit encrypt answer has no vault:v<N>: ciphertext");
  }
  return WrappedKey{KekBackend::kVaultTransit, options_.key_name + ":v" + std::to_string(*version),
                    *ciphertext};
}

VaultTransitKeyUnwrapper::VaultTransitKeyUnwrapper(VaultTransitOptions options, net::Url address,
                                                   SecretBytes token)
    : options_(std::move(options)),
      address_(std::move(address)),
      token_(std::move(token)),
      http_(options_.http) {}

Result<std::unique_ptr<VaultTransitKeyUnwrapper>> VaultTransitKeyUnwrapper::Create(
    const VaultTransitOptions& options, SecretBytes decrypt_token) {
  auto url = CheckOptions(options, decrypt_token);
  if (!url) return url.error();
  return std::unique_ptr<VaultTransitKeyUnwrapper>(
      new VaultTransitKeyUnwrapper(options, std::move(*url), std::move(decrypt_token)));
}

Result<SecretBytes> VaultTransitKeyUnwrapper::Unwrap(const WrappedKey& wrapped,
                                                     std::string_view associated_data) {
  if (wrapped.backend != KekBackend::kVaultTransit) {
    return MakeError(ErrorCode::kCrypto, "not a vault-transit wrapped data key");
  }
  const auto version = CiphertextVersion(wrapped.bytes);
  if (!version || wrapped.key_id != options_.key_name + ":v" + std::to_string(*version)) {
    return MakeError(ErrorCode::kCrypto, "data key was wrapped by Transit key " + wrapped.key_id +
                                             ", this process is configured for " +
                                             options_.key_name);
  }
  std::string body = boost::json::serialize(boost::json::object{
      {"ciphertext", wrapped.bytes}, {"associated_data", Base64Encode(associated_data)}});
  std::lock_guard lock(mu_);
  auto answer = Post(http_, address_, options_, token_, "decrypt", body);
  if (!answer) return answer.error();
  boost::json::value* field = answer->as_object()["data"].as_object().if_contains("plaintext");
  if (field == nullptr || !field->is_string()) {
    return MakeError(ErrorCode::kBadResponse, "Vault Transit decrypt answer lacks plaintext");
  }
  boost::json::string& text = field->as_string();
  auto plaintext = Base64DecodeSecret(std::string_view(text.data(), text.size()));
  SecureZero(text.data(), text.size());
  if (!plaintext) {
    return MakeError(ErrorCode::kBadResponse, "Vault Transit decrypt answer has bad plaintext");
  }
  return plaintext;
}

}  // namespace baro::vault
