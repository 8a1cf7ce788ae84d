// The `vault-transit` key-encryption back-end: HashiCorp Vault's Transit secrets engine,
// `POST /v1/<mount>/encrypt/<key>` and `POST /v1/<mount>/decrypt/<key>` with an X-Vault-Token.
// Data keys travel base64-encoded; wrapped keys are Vault's "vault:v<N>:…" ciphertext strings. The
// wrap is bound to the row through `associated_data` (the Transit key must be an AEAD type such as
// aes256-gcm96 or chacha20-poly1305).
//
// The wrapper takes a token whose policy grants only "update" on <mount>/encrypt/<key>; the
// unwrapper one that grants only <mount>/decrypt/<key>.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "core/result.h"
#include "core/secret.h"
#include "net/http_client.h"
#include "net/url.h"
#include "vault/key_wrapper.h"

namespace baro::vault {

struct VaultTransitOptions {
  std::string address = "https://127.0.0.1:8200";
  std::string mount = "transit";
  std::string key_name = "baro-data-keys";
  net::HttpClientOptions http;
};

// Reads a Vault token from a file (one line; must not be readable by group or others).
Result<SecretBytes> ReadVaultTokenFile(const std::string& path);

class VaultTransitKeyWrapper final : public KeyWrapper {
 public:
  static Result<std::unique_ptr<VaultTransitKeyWrapper>> Create(const VaultTransitOptions& options,
                                                                SecretBytes encrypt_token);
  KekBackend backend() const override { return KekBackend::kVaultTransit; }
  Result<WrappedKey> Wrap(const SecretBytes& data_key, std::string_view associated_data) override;

 private:
  VaultTransitKeyWrapper(VaultTransitOptions options, net::Url address, SecretBytes token);
  VaultTransitOptions options_;
  net::Url address_;
  SecretBytes token_;
  std::mutex mu_;
  net::HttpClient http_;
};

class VaultTransitKeyUnwrapper final : public KeyUnwrapper {
 public:
  static Result<std::unique_ptr<VaultTransitKeyUnwrapper>> Create(
      const VaultTransitOptions& options, SecretBytes decrypt_token);
  KekBackend backend() const override { return KekBackend::kVaultTransit; }
  Result<SecretBytes> Unwrap(const WrappedKey& wrapped, std::string_view associated_data) override;

 private:
  VaultTransitKeyUnwrapper(VaultTransitOptions options, net::Url address, SecretBytes token);
  VaultTransitOptions options_;
  net::Url address_;
  SecretBytes token_;
  std::mutex mu_;
  net::HttpClient http_;
};

}  // namespace baro::vault
