// Key-encryption-key rotation: rewraps the data key of each sealed secret under a new KEK. The
// payload (nonce and ciphertext) is left byte for byte as it was: no secret is ever decrypted, only
// the 32-byte data keys pass through memory, in locked buffers, one at a time.
//
// Unwrapping needs decrypt capability, so this runs in the fetcher process (or a one-shot
// `baro keys rotate` started with the fetcher's key material), never in the web/API process. The
// storing side only hands over batches of sealed rows and writes back what comes out. It needs the
// old KEK's unwrapper and the new KEK's wrapper (local: the new public key; KMS: an encrypter
// credential on the new key or version).
#pragma once

#include <span>
#include <vector>

#include "core/result.h"
#include "vault/key_wrapper.h"
#include "vault/sealed_secret.h"
#include "vault/secret_context.h"

namespace baro::vault {

struct RotationItem {
  SealedSecret sealed;
  SecretContext context;  // the row it belongs to: the data-key wrap is bound to it
};

struct RotationReport {
  std::vector<Result<SealedSecret>> results;  // one per item, in order
  std::size_t rewrapped = 0;
  std::size_t failed = 0;
};

// One secret: unwraps its data key with `current`, wraps it with `next`, wipes it.
Result<SealedSecret> RewrapDataKey(const SealedSecret& sealed, const SecretContext& context,
                                   KeyUnwrapper& current, KeyWrapper& next);

// A batch: a failing item (tampered, moved, unknown key) is reported and does not stop the others.
RotationReport RewrapDataKeys(std::span<const RotationItem> batch, KeyUnwrapper& current,
                              KeyWrapper& next);

}  // namespace baro::vault
