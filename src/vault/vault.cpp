#include "vault/vault.h"

#include "vault/envelope.h"
#include "vault/opener.h"

namespace baro::vault {

Vault Vault::EncryptOnly(std::shared_ptr<KeyWrapper> wrapper) {
  return Vault(std::move(wrapper), nullptr);
}

Vault Vault::DecryptOnly(std::shared_ptr<KeyUnwrapper> unwrapper) {
  return Vault(nullptr, std::move(unwrapper));
}

Result<SealedSecret> Vault::Seal(const SecretBytes& plaintext, const SecretContext& context) const {
  if (!wrapper_) {
    return MakeError(ErrorCode::kForbidden,
                     "this vault is decrypt-only: it holds no key-encryption key to seal with");
  }
  return vault::Seal(plaintext, context, *wrapper_);
}

Result<SecretBytes> Vault::Open(const SealedSecret& sealed, const SecretContext& context) const {
  if (!unwrapper_) {
    return MakeError(ErrorCode::kForbidden,
                     "this vault is encrypt-only: it holds no decrypt capability; only the "
                     "fetcher process can open sealed secrets");
  }
  return vault::Open(sealed, context, *unwrapper_);
}

}  // namespace baro::vault
