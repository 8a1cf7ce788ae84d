// Vault: what a process may do with sealed secrets, fixed when it is built. The web/API process
// builds an encrypt-only vault (a KeyWrapper, no unwrapper: no decrypt material is ever loaded
// there), the fetcher a decrypt-only one. Asking a vault for what it was not given is refused with
// kForbidden and a message that says so.
#pragma once

#include <memory>

#include "core/result.h"
#include "core/secret.h"
#include "vault/key_wrapper.h"
#include "vault/sealed_secret.h"
#include "vault/secret_context.h"

namespace baro::vault {

class Vault {
 public:
  static Vault EncryptOnly(std::shared_ptr<KeyWrapper> wrapper);
  static Vault DecryptOnly(std::shared_ptr<KeyUnwrapper> unwrapper);

  bool can_seal() const { return wrapper_ != nullptr; }
  bool can_open() const { return unwrapper_ != nullptr; }

  Result<SealedSecret> Seal(const SecretBytes& plaintext, const SecretContext& context) const;
  Result<SecretBytes> Open(const SealedSecret& sealed, const SecretContext& context) const;

 private:
  Vault(std::shared_ptr<KeyWrapper> wrapper, std::shared_ptr<KeyUnwrapper> unwrapper)
      : wrapper_(std::move(wrapper)), unwrapper_(std::move(unwrapper)) {}
  std::shared_ptr<KeyWrapper> wrapper_;
  std::shared_ptr<KeyUnwrapper> unwrapper_;
};

}  // namespace baro::vault
