#include "vault/gcp_kms.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <mutex>

#include "core/json_util.h"
#include "net/url.h"
#include "vault/crc32c.h"
#include "vault/encoding.h"

namespace baro::vault {
namespace {
constexpr std::string_view kVersionsInfix = "/cryptoKeyVersions/";

std::string CrcString(std::string_view bytes) {
  return std::to_string(Crc32c(bytes));
}

// Int64Value fields arrive as decimal strings (proto3 JSON); numbers are accepted too.
std::optional<std::uint32_t> GetCrc(const boost::json::value& v, std::string_view key) {
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

Error IntegrityFailure(std::string_view method, std::string_view what, int attempts) {
  return MakeError(ErrorCode::kBadResponse,
                   "Cloud KMS " + std::string(method) + " answer failed its integrity check (" +
                       std::string(what) + ") on all " + std::to_string(attempts) + " attempts");
}
}  // namespace

std::string GcpCryptoKeyOf(std::string_view name) {
  const auto at = name.find(kVersionsInfix);
  return std::string(at == std::string_view::npos ? name : name.substr(0, at));
}

// One authenticated Cloud KMS connection. Calls are serialized: HttpClient is one per thread.
class GcpKmsClient {
 public:
  GcpKmsClient(GcpKmsOptions options, net::Url endpoint, std::shared_ptr<AccessTokenSource> tokens)
      : options_(std::move(options)),
        endpoint_(std::move(endpoint)),
        tokens_(std::move(tokens)),
        http_(options_.http) {}

  const GcpKmsOptions& options() const { return options_; }

  // POSTs `body` to /v1/{resource}:{method}; the body is wiped afterwards. On 200 returns the
  // parsed answer, whose raw text is wiped too.
  Result<boost::json::value> Call(const std::string& resource, std::string_view method,
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

 private:
  GcpKmsOptions options_;
  net::Url endpoint_;
  std::shared_ptr<AccessTokenSource> tokens_;
  std::mutex mu_;
  net::HttpClient http_;
};

namespace {
Result<std::unique_ptr<GcpKmsClient>> MakeClient(const GcpKmsOptions& options,
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
}  // namespace

GcpKmsKeyWrapper::GcpKmsKeyWrapper(std::unique_ptr<GcpKmsClient> client)
    : client_(std::move(client)) {}
GcpKmsKeyWrapper::~GcpKmsKeyWrapper() = default;

Result<std::unique_ptr<GcpKmsKeyWrapper>> GcpKmsKeyWrapper::Create(
    const GcpKmsOptions& options, std::shared_ptr<AccessTokenSource> encrypter_credential) {
  auto client = MakeClient(options, std::move(encrypter_credential));
  if (!client) return client.error();
  return std::unique_ptr<GcpKmsKeyWrapper>(new GcpKmsKeyWrapper(std::move(*client)));
}

Result<WrappedKey> GcpKmsKeyWrapper::Wrap(const SecretBytes& data_key,
                                          std::string_view associated_data) {
  const int attempts = std::max(1, client_->options().integrity_attempts);
  const std::string aad_b64 = Base64Encode(associated_data);
  std::string_view failure;
  for (int attempt = 0; attempt < attempts; ++attempt) {
    SecretBytes plaintext_b64 = Base64EncodeSecret(data_key);
    std::string body =
        R"({"plaintext":")" + std::string(plaintext_b64.view()) + R"(","plaintextCrc32c":")" +
        CrcString(data_key.view()) + R"(","additionalAuthenticatedData":")" + aad_b64 +
        R"(","additionalAuthenticatedDataCrc32c":")" + CrcString(associated_data) + R"("})";
    auto answer = client_->Call(client_->options().key_name, "encrypt", body);
    if (!answer) return answer.error();
    if (json::GetBool(*answer, "verifiedPlaintextCrc32c") != true ||
        json::GetBool(*answer, "verifiedAdditionalAuthenticatedDataCrc32c") != true) {
      failure = "request checksums not verified by the server";
      continue;
    }
    const auto name = json::GetString(*answer, "name");
    const auto ciphertext_b64 = json::GetString(*answer, "ciphertext");
    if (!name || !ciphertext_b64) {
      return MakeError(ErrorCode::kBadResponse, "Cloud KMS encrypt answer lacks name/ciphertext");
    }
    auto ciphertext = Base64Decode(*ciphertext_b64);
    if (!ciphertext || ciphertext->empty()) {
      return MakeError(ErrorCode::kBadResponse, "Cloud KMS encrypt answer has bad ciphertext");
    }
    const auto crc = GetCrc(*answer, "ciphertextCrc32c");
    if (!crc || *crc != Crc32c(*ciphertext)) {
      failure = "ciphertextCrc32c mismatch";
      continue;
    }
    if (GcpCryptoKeyOf(*name) != GcpCryptoKeyOf(client_->options().key_name) ||
        name->find(kVersionsInfix) == std::string::npos) {
      return MakeError(ErrorCode::kBadResponse,
                       "Cloud KMS encrypt answered for another key version: " + *name);
    }
    return WrappedKey{KekBackend::kGcpKms, *name, std::move(*ciphertext)};
  }
  return IntegrityFailure("encrypt", failure, attempts);
}

GcpKmsKeyUnwrapper::GcpKmsKeyUnwrapper(std::unique_ptr<GcpKmsClient> client)
    : client_(std::move(client)) {}
GcpKmsKeyUnwrapper::~GcpKmsKeyUnwrapper() = default;

Result<std::unique_ptr<GcpKmsKeyUnwrapper>> GcpKmsKeyUnwrapper::Create(
    const GcpKmsOptions& options, std::shared_ptr<AccessTokenSource> decrypter_credential) {
  auto client = MakeClient(options, std::move(decrypter_credential));
  if (!client) return client.error();
  return std::unique_ptr<GcpKmsKeyUnwrapper>(new GcpKmsKeyUnwrapper(std::move(*client)));
}

Result<SecretBytes> GcpKmsKeyUnwrapper::Unwrap(const WrappedKey& wrapped,
                                               std::string_view associated_data) {
  const std::string crypto_key = GcpCryptoKeyOf(client_->options().key_name);
  if (wrapped.backend != KekBackend::kGcpKms) {
    return MakeError(ErrorCode::kCrypto, "not a gcp-kms wrapped data key");
  }
  if (GcpCryptoKeyOf(wrapped.key_id) != crypto_key) {
    return MakeError(ErrorCode::kCrypto, "data key was wrapped by Cloud KMS key " + wrapped.key_id +
                                             ", this process is configured for " + crypto_key);
  }
  const int attempts = std::max(1, client_->options().integrity_attempts);
  const std::string body_text =
      R"({"ciphertext":")" + Base64Encode(wrapped.bytes) + R"(","ciphertextCrc32c":")" +
      CrcString(wrapped.bytes) + R"(","additionalAuthenticatedData":")" +
      Base64Encode(associated_data) + R"(","additionalAuthenticatedDataCrc32c":")" +
      CrcString(associated_data) + R"("})";
  for (int attempt = 0; attempt < attempts; ++attempt) {
    std::string body = body_text;
    auto answer = client_->Call(crypto_key, "decrypt", body);
    if (!answer) return answer.error();
    boost::json::value* field = answer->as_object().if_contains("plaintext");
    if (field == nullptr || !field->is_string()) {
      return MakeError(ErrorCode::kBadResponse, "Cloud KMS decrypt answer lacks plaintext");
    }
    boost::json::string& text = field->as_string();
    auto plaintext = Base64DecodeSecret(std::string_view(text.data(), text.size()));
    SecureZero(text.data(), text.size());
    if (!plaintext) {
      return MakeError(ErrorCode::kBadResponse, "Cloud KMS decrypt answer has bad plaintext");
    }
    const auto crc = GetCrc(*answer, "plaintextCrc32c");
    if (!crc || *crc != Crc32c(plaintext->view())) continue;  // discarded, wiped on scope exit
    return std::move(*plaintext);
  }
  return IntegrityFailure("decrypt", "plaintextCrc32c mismatch", attempts);
}

}  // namespace baro::vault
