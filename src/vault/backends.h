// Choosing a key-encryption back-end from options: one struct holding the options of every
// back-end, and the two constructors a process uses. The web/API process calls MakeKeyWrapper
// only; the fetcher calls MakeKeyUnwrapper (and MakeKeyWrapper for the new KEK when rotating).
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "vault/gcp_kms.h"
#include "vault/gcp_metadata_token_source.h"
#include "vault/gcp_token_source.h"
#include "vault/key_wrapper.h"
#include "vault/local_kek.h"
#include "vault/vault_transit.h"

namespace baro::vault {

struct VaultOptions {
  KekBackend backend = KekBackend::kLocal;
  LocalKeyOptions local;
  GcpKmsOptions gcp_kms;
  // Each process sets the credential of its own side: the API process an encrypter service
  // account, the fetcher a decrypter one.
  // With no service-account key file, tokens come from the metadata server instead.
  ServiceAccountTokenOptions gcp_credentials;
  MetadataTokenOptions gcp_metadata;
  VaultTransitOptions vault_transit;
  std::string vault_transit_token_file;  // this process's token (encrypt-only or decrypt-only)
};

// In the sealing library (baro_vault_seal).
Result<std::shared_ptr<KeyWrapper>> MakeKeyWrapper(const VaultOptions& options);
// In the opening library (baro_vault_open) only: a process built without it cannot open a key.
Result<std::shared_ptr<KeyUnwrapper>> MakeKeyUnwrapper(const VaultOptions& options);

// The gcp-kms token source of `options`: the service-account key file, else the metadata server.
Result<std::shared_ptr<AccessTokenSource>> GcpTokens(const VaultOptions& options);

}  // namespace baro::vault
