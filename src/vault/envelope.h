// Envelope encryption of one secret: a fresh random 256-bit data key per secret, the secret
// encrypted with XChaCha20-Poly1305 under that key with the row's associated data, the data key
// wrapped by a KeyWrapper and wiped. This is all the storing side can do.
#pragma once

#include "core/result.h"
#include "core/secret.h"
#include "vault/key_wrapper.h"
#include "vault/sealed_secret.h"
#include "vault/secret_context.h"

namespace baro::vault {

Result<SealedSecret> Seal(const SecretBytes& plaintext, const SecretContext& context,
                          KeyWrapper& wrapper);

}  // namespace baro::vault
