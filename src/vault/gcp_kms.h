// The `gcp-kms` key-encryption back-end: Google Cloud KMS REST v1 `cryptoKeys.encrypt` and
// `cryptoKeys.decrypt`, with every CRC32C integrity field sent on requests and checked on answers
// (an answer that fails a check is discarded and the call retried a bounded number of times).
//
// The wrapper needs a credential holding roles/cloudkms.cryptoKeyEncrypter only, the unwrapper one
// holding roles/cloudkms.cryptoKeyDecrypter only; they are separate classes with separate token
// sources. The data-key wrap is bound to the row through `additionalAuthenticatedData`.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "core/secret.h"
#include "net/http_client.h"
#include "vault/gcp_token_source.h"
#include "vault/key_wrapper.h"

namespace baro::vault {

struct GcpKmsOptions {
  std::string endpoint = "https://cloudkms.googleapis.com";
  // projects/P/locations/L/keyRings/R/cryptoKeys/K. The wrapper may name a version
  // (…/cryptoKeyVersions/N) to pin it; otherwise KMS uses the key's primary version.
  std::string key_name;
  // Attempts per call when an answer fails its integrity check (CRC32C mismatch, or a request
  // checksum the server did not confirm). Network and HTTP errors are not retried here.
  int integrity_attempts = 3;
  net::HttpClientOptions http;
};

class GcpKmsClient;

class GcpKmsKeyWrapper final : public KeyWrapper {
 public:
  static Result<std::unique_ptr<GcpKmsKeyWrapper>> Create(
      const GcpKmsOptions& options, std::shared_ptr<AccessTokenSource> encrypter_credential);
  ~GcpKmsKeyWrapper() override;

  KekBackend backend() const override { return KekBackend::kGcpKms; }
  Result<WrappedKey> Wrap(const SecretBytes& data_key, std::string_view associated_data) override;

 private:
  explicit GcpKmsKeyWrapper(std::unique_ptr<GcpKmsClient> client);
  std::unique_ptr<GcpKmsClient> client_;
};

class GcpKmsKeyUnwrapper final : public KeyUnwrapper {
 public:
  static Result<std::unique_ptr<GcpKmsKeyUnwrapper>> Create(
      const GcpKmsOptions& options, std::shared_ptr<AccessTokenSource> decrypter_credential);
  ~GcpKmsKeyUnwrapper() override;

  KekBackend backend() const override { return KekBackend::kGcpKms; }
  Result<SecretBytes> Unwrap(const WrappedKey& wrapped, std::string_view associated_data) override;

 private:
  explicit GcpKmsKeyUnwrapper(std::unique_ptr<GcpKmsClient> client);
  std::unique_ptr<GcpKmsClient> client_;
};

// "projects/…/cryptoKeys/K/cryptoKeyVersions/3" -> "projects/…/cryptoKeys/K"; a key name is
// returned unchanged.
std::string GcpCryptoKeyOf(std::string_view name);

}  // namespace baro::vault
