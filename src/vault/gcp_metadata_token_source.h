// Access tokens from the Compute Engine / GKE metadata server, for a process running on Google
// Cloud under its own service account (no key file on disk): GET
// {metadata_url}/computeMetadata/v1/instance/service-accounts/{account}/token with the header
// "Metadata-Flavor: Google", answering {"access_token","expires_in","token_type"}
// (cloud.google.com/compute/docs/access/authenticate-workloads#applications). Cached until shortly
// before it expires.
#pragma once

#include <chrono>
#include <mutex>
#include <string>

#include "core/clock.h"
#include "vault/gcp_token_source.h"

namespace baro::vault {

struct MetadataTokenOptions {
  std::string metadata_url = "http://metadata.google.internal";
  std::string service_account = "default";
  std::chrono::seconds refresh_margin{300};
  net::HttpClientOptions http;
};

class MetadataTokenSource final : public AccessTokenSource {
 public:
  explicit MetadataTokenSource(MetadataTokenOptions options,
                               const Clock& clock = SystemClock::Instance());
  Result<SecretBytes> Token() override;
  std::size_t tokens_fetched() const { return fetched_; }

 private:
  MetadataTokenOptions options_;
  const Clock& clock_;
  std::mutex mu_;
  net::HttpClient http_;
  SecretBytes token_;
  std::int64_t expires_at_ms_ = 0;
  std::size_t fetched_ = 0;
};

}  // namespace baro::vault
