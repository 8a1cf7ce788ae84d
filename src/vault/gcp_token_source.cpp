#include "vault/gcp_token_source.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sodium.h>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "core/json_util.h"
#include "net/url.h"
#include "vault/key_files.h"

namespace baro::vault {
namespace {
constexpr std::size_t kCredentialsMaxBytes = 64 * 1024;

Error AuthError(ErrorCode code, std::string what) {
  return MakeError(code, "Google OAuth2: " + std::move(what));
}

struct PkeyDeleter {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

Result<PkeyPtr> ParsePrivateKey(std::string_view pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  if (bio == nullptr) return AuthError(ErrorCode::kInternal, "out of memory");
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (key == nullptr || EVP_PKEY_base_id(key) != EVP_PKEY_RSA) {
    EVP_PKEY_free(key);
    return AuthError(ErrorCode::kInvalidInput, "credentials file holds no RSA private key");
  }
  return PkeyPtr(key);
}

Result<std::string> SignRs256(EVP_PKEY* key, std::string_view input) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (ctx == nullptr) return AuthError(ErrorCode::kInternal, "out of memory");
  std::string sig;
  std::size_t len = 0;
  bool ok = EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1 &&
            EVP_DigestSign(ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(input.data()),
                           input.size()) == 1;
  if (ok) {
    sig.resize(len);
    ok = EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len,
                        reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
    sig.resize(len);
  }
  EVP_MD_CTX_free(ctx);
  if (!ok) return AuthError(ErrorCode::kInternal, "RS256 signing failed");
  return sig;
}
}  // namespace

std::string Base64UrlEncode(std::string_view bytes) {
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), kVariant);
  out.resize(out.size() - 1);
  return out;
}

struct ServiceAccountTokenSource::Impl {
  ServiceAccountTokenOptions options;
  const Clock* clock = nullptr;
  std::string client_email;
  std::string private_key_id;
  net::Url token_url;
  std::string token_endpoint;
  PkeyPtr key;
  net::HttpClient http;

  std::mutex mu;
  SecretBytes cached;
  std::int64_t cached_until_ms = 0;  // renew at or after this time
  std::size_t fetched = 0;

  explicit Impl(const ServiceAccountTokenOptions& o) : options(o), http(o.http) {}

  Result<std::string> Assertion() {
    const std::int64_t now = clock->NowMs() / 1000;
    boost::json::object header{{"alg", "RS256"}, {"typ", "JWT"}};
    if (!private_key_id.empty()) header["kid"] = private_key_id;
    const boost::json::object claims{{"iss", client_email},
                                     {"scope", options.scope},
                                     {"aud", token_endpoint},
                                     {"iat", now},
                                     {"exp", now + options.assertion_lifetime.count()}};
    const std::string signing_input = Base64UrlEncode(boost::json::serialize(header)) + "." +
                                      Base64UrlEncode(boost::json::serialize(claims));
    auto sig = SignRs256(key.get(), signing_input);
    if (!sig) return sig.error();
    return signing_input + "." + Base64UrlEncode(*sig);
  }

  Result<SecretBytes> Fetch() {
    auto assertion = Assertion();
    if (!assertion) return assertion.error();
    net::HttpRequest request;
    request.method = "POST";
    request.target = "/";
    if (!token_url.path.empty()) request.target.clear();
    request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                       {"Accept", "application/json"}};
    request.body = "grant_type=" + net::UrlEncode("urn:ietf:params:oauth:grant-type:jwt-bearer") +
                   "&assertion=" + net::UrlEncode(*assertion);
    auto response = http.Send(token_url, request);
    if (!response) return response.error();
    ++fetched;
    auto parsed = json::Parse(response->body);
    SecureZero(response->body);
    if (!parsed) return AuthError(ErrorCode::kBadResponse, "token endpoint sent malformed JSON");
    if (response->status != 200) {
      const std::string error = json::GetString(*parsed, "error").value_or("unknown_error");
      const std::string description = json::GetString(*parsed, "error_description").value_or("");
      const ErrorCode code = response->status >= 500   ? ErrorCode::kUnavailable
                             : response->status == 429 ? ErrorCode::kRateLimited
                                                       : ErrorCode::kUnauthenticated;
      return AuthError(code, "token request refused (HTTP " + std::to_string(response->status) +
                                 "): " + error + (description.empty() ? "" : ": " + description));
    }
    const boost::json::value* token = json::Find(*parsed, "access_token");
    const auto expires_in = json::GetInt(*parsed, "expires_in");
    if (token == nullptr || !token->is_string() || token->as_string().empty() || !expires_in ||
        *expires_in <= 0) {
      return AuthError(ErrorCode::kBadResponse, "token response lacks access_token/expires_in");
    }
    const auto type = json::GetString(*parsed, "token_type");
    if (type && *type != "Bearer") {
      return AuthError(ErrorCode::kBadResponse, "unexpected token_type " + *type);
    }
    boost::json::string& text = parsed->as_object()["access_token"].as_string();
    SecretBytes out(std::string_view(text.data(), text.size()));
    SecureZero(text.data(), text.size());
    const std::int64_t lifetime_ms = *expires_in * 1000;
    const std::int64_t margin_ms =
        std::min<std::int64_t>(options.refresh_margin.count() * 1000, lifetime_ms / 2);
    cached_until_ms = clock->NowMs() + lifetime_ms - margin_ms;
    return out;
  }
};

ServiceAccountTokenSource::ServiceAccountTokenSource(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
ServiceAccountTokenSource::~ServiceAccountTokenSource() = default;

Result<std::unique_ptr<ServiceAccountTokenSource>> ServiceAccountTokenSource::Load(
    const ServiceAccountTokenOptions& options, const Clock& clock) {
  auto raw = ReadKeyFile(options.credentials_file, kCredentialsMaxBytes, /*require_private=*/true);
  if (!raw) return raw.error();
  auto parsed = json::Parse(raw->view());
  if (!parsed || !parsed->is_object()) {
    return AuthError(ErrorCode::kInvalidInput,
                     "credentials file is not JSON: " + options.credentials_file);
  }
  auto impl = std::make_unique<Impl>(options);
  impl->clock = &clock;
  if (json::GetString(*parsed, "type").value_or("") != "service_account") {
    return AuthError(ErrorCode::kInvalidInput, "credentials file is not a service-account key");
  }
  impl->client_email = json::GetString(*parsed, "client_email").value_or("");
  impl->private_key_id = json::GetString(*parsed, "private_key_id").value_or("");
  boost::json::value* pem = parsed->as_object().if_contains("private_key");
  if (impl->client_email.empty() || pem == nullptr || !pem->is_string()) {
    return AuthError(ErrorCode::kInvalidInput,
                     "credentials file lacks client_email or private_key");
  }
  auto key = ParsePrivateKey(pem->as_string());
  SecureZero(pem->as_string().data(), pem->as_string().size());
  if (!key) return key.error();
  impl->key = std::move(*key);
  impl->token_endpoint = !options.token_endpoint.empty()
                             ? options.token_endpoint
                             : json::GetString(*parsed, "token_uri").value_or(kGoogleTokenEndpoint);
  auto url = net::ParseUrl(impl->token_endpoint);
  if (!url)
    return AuthError(ErrorCode::kInvalidInput, "bad token endpoint " + impl->token_endpoint);
  impl->token_url = std::move(*url);
  return std::unique_ptr<ServiceAccountTokenSource>(new ServiceAccountTokenSource(std::move(impl)));
}

Result<SecretBytes> ServiceAccountTokenSource::Token() {
  std::lock_guard lock(impl_->mu);
  if (impl_->cached.empty() || impl_->clock->NowMs() >= impl_->cached_until_ms) {
    auto fresh = impl_->Fetch();
    if (!fresh) return fresh.error();
    impl_->cached = std::move(*fresh);
  }
  return impl_->cached.Clone();
}

const std::string& ServiceAccountTokenSource::client_email() const {
  return impl_->client_email;
}

std::size_t ServiceAccountTokenSource::tokens_fetched() const {
  std::lock_guard lock(impl_->mu);
  return impl_->fetched;
}

}  // namespace baro::vault
