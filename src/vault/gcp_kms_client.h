// What both halves of the `gcp-kms` back-end share: one authenticated Cloud KMS connection and
// the CRC32C helpers of the integrity fields
// (https://cloud.google.com/kms/docs/data-integrity-guidelines). Internal to src/vault.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "net/http_client.h"
#include "net/url.h"
#include "vault/gcp_kms.h"
#include "vault/gcp_token_source.h"

namespace baro::vault {

inline constexpr std::string_view kGcpVersionsInfix = "/cryptoKeyVersions/";

std::string GcpCrcString(std::string_view bytes);
std::optional<std::uint32_t> GetGcpCrc(const boost::json::value& v, std::string_view key);
Error GcpIntegrityFailure(std::string_view method, std::string_view what, int attempts);

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
                                  std::string& body);

 private:
  GcpKmsOptions options_;
  net::Url endpoint_;
  std::shared_ptr<AccessTokenSource> tokens_;
  std::mutex mu_;
  net::HttpClient http_;
};

Result<std::unique_ptr<GcpKmsClient>> MakeGcpKmsClient(const GcpKmsOptions& options,
                                                       std::shared_ptr<AccessTokenSource> tokens);

}  // namespace baro::vault
