#include "vault/backends.h"

namespace baro::vault {

Result<std::shared_ptr<AccessTokenSource>> GcpTokens(const VaultOptions& options) {
  if (options.gcp_credentials.credentials_file.empty()) {
    return std::shared_ptr<AccessTokenSource>(
        std::make_shared<MetadataTokenSource>(options.gcp_metadata));
  }
  auto tokens = ServiceAccountTokenSource::Load(options.gcp_credentials);
  if (!tokens) return tokens.error();
  return std::shared_ptr<AccessTokenSource>(std::move(*tokens));
}

Result<std::shared_ptr<KeyWrapper>> MakeKeyWrapper(const VaultOptions& options) {
  switch (options.backend) {
    case KekBackend::kLocal: {
      auto w = LocalKeyWrapper::Load(options.local);
      if (!w) return w.error();
      return std::shared_ptr<KeyWrapper>(std::move(*w));
    }
    case KekBackend::kGcpKms: {
      auto tokens = GcpTokens(options);
      if (!tokens) return tokens.error();
      auto w = GcpKmsKeyWrapper::Create(options.gcp_kms, std::move(*tokens));
      if (!w) return w.error();
      return std::shared_ptr<KeyWrapper>(std::move(*w));
    }
    case KekBackend::kVaultTransit: {
      auto token = ReadVaultTokenFile(options.vault_transit_token_file);
      if (!token) return token.error();
      auto w = VaultTransitKeyWrapper::Create(options.vault_transit, std::move(*token));
      if (!w) return w.error();
      return std::shared_ptr<KeyWrapper>(std::move(*w));
    }
  }
  return MakeError(ErrorCode::kInvalidInput, "unknown key-encryption back-end");
}

}  // namespace baro::vault
