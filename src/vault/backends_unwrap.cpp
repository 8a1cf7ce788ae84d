// MakeKeyUnwrapper: the opening library's constructor (baro_vault_open).
#include "vault/backends.h"

namespace baro::vault {

Result<std::shared_ptr<KeyUnwrapper>> MakeKeyUnwrapper(const VaultOptions& options) {
  switch (options.backend) {
    case KekBackend::kLocal: {
      auto u = LocalKeyUnwrapper::Load(options.local);
      if (!u) return u.error();
      return std::shared_ptr<KeyUnwrapper>(std::move(*u));
    }
    case KekBackend::kGcpKms: {
      auto tokens = GcpTokens(options);
      if (!tokens) return tokens.error();
      auto u = GcpKmsKeyUnwrapper::Create(options.gcp_kms, std::move(*tokens));
      if (!u) return u.error();
      return std::shared_ptr<KeyUnwrapper>(std::move(*u));
    }
    case KekBackend::kVaultTransit: {
      auto token = ReadVaultTokenFile(options.vault_transit_token_file);
      if (!token) return token.error();
      auto u = VaultTransitKeyUnwrapper::Create(options.vault_transit, std::move(*token));
      if (!u) return u.error();
      return std::shared_ptr<KeyUnwrapper>(std::move(*u));
    }
  }
  return MakeError(ErrorCode::kInvalidInput, "unknown key-encryption back-end");
}

}  // namespace baro::vault
