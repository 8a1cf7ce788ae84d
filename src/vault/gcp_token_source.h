// OAuth2 access tokens for Cloud KMS. A token source hands out a bearer token, fetching a new one
// only when the cached one is about to expire. ServiceAccountTokenSource implements the JWT bearer
// grant (RFC 7523) with a service-account key file: an RS256-signed assertion (OpenSSL) posted to
// the token endpoint. The encrypting and the decrypting side each build their own source from
// their own key file, so each holds only its own IAM role.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "core/secret.h"
#include "net/http_client.h"

namespace baro::vault {

class AccessTokenSource {
 public:
  virtual ~AccessTokenSource() = default;
  // A valid bearer token (without the "Bearer " prefix), in locked memory.
  virtual Result<SecretBytes> Token() = 0;
};

// A fixed token, for tests and for tokens minted outside the process.
class StaticTokenSource final : public AccessTokenSource {
 public:
  explicit StaticTokenSource(SecretBytes token) : token_(std::move(token)) {}
  Result<SecretBytes> Token() override { return token_.Clone(); }

 private:
  SecretBytes token_;
};

struct ServiceAccountTokenOptions {
  // Service-account JSON key file (type "service_account"); must not be readable by group/others.
  std::string credentials_file;
  // Token endpoint, also the JWT audience. Empty: the file's "token_uri", else Google's default.
  std::string token_endpoint;
  std::string scope = "https://www.googleapis.com/auth/cloudkms";
  std::chrono::seconds assertion_lifetime{3600};  // Google accepts at most one hour
  std::chrono::seconds refresh_margin{300};       // renew this long before the token expires
  net::HttpClientOptions http;
};

inline constexpr const char* kGoogleTokenEndpoint = "https://oauth2.googleapis.com/token";

class ServiceAccountTokenSource final : public AccessTokenSource {
 public:
  static Result<std::unique_ptr<ServiceAccountTokenSource>> Load(
      const ServiceAccountTokenOptions& options, const Clock& clock = SystemClock::Instance());
  ~ServiceAccountTokenSource() override;

  Result<SecretBytes> Token() override;
  const std::string& client_email() const;
  std::size_t tokens_fetched() const;  // for tests and metrics: how many grants were made

  struct Impl;

 private:
  explicit ServiceAccountTokenSource(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Base64url without padding, as JWTs use.
std::string Base64UrlEncode(std::string_view bytes);

}  // namespace baro::vault
