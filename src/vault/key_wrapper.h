// The key-encryption-key (KEK) interface, split by capability. A process that stores secrets is
// given a KeyWrapper only (it can wrap a fresh data key, never unwrap one); only the fetcher is
// given a KeyUnwrapper. Each back-end (local, gcp-kms, vault-transit) implements the two halves as
// separate classes built from separate key material or credentials.
#pragma once

#include <string_view>

#include "core/result.h"
#include "core/secret.h"
#include "vault/sealed_secret.h"

namespace baro::vault {

class KeyWrapper {
 public:
  virtual ~KeyWrapper() = default;
  virtual KekBackend backend() const = 0;
  // Wraps `data_key`, bound to `associated_data` (the row it belongs to).
  virtual Result<WrappedKey> Wrap(const SecretBytes& data_key,
                                  std::string_view associated_data) = 0;
};

class KeyUnwrapper {
 public:
  virtual ~KeyUnwrapper() = default;
  virtual KekBackend backend() const = 0;
  // Recovers the data key; fails with kCrypto when `wrapped` was not made for `associated_data` or
  // under this key, kForbidden when the credential lacks decrypt permission.
  virtual Result<SecretBytes> Unwrap(const WrappedKey& wrapped,
                                     std::string_view associated_data) = 0;
};

}  // namespace baro::vault
