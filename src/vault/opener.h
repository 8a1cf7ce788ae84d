// Opening a sealed secret, for the process that holds decrypt capability (the fetcher): unwraps the
// data key with a KeyUnwrapper, checks and decrypts the payload against the row's associated data,
// and returns the plaintext in locked memory. The data key is wiped before returning; on any
// failure nothing but an error comes back, and the error never contains key material.
#pragma once

#include <string_view>

#include "core/result.h"
#include "core/secret.h"
#include "vault/key_wrapper.h"
#include "vault/sealed_secret.h"
#include "vault/secret_context.h"

namespace baro::vault {

Result<SecretBytes> Open(const SealedSecret& sealed, const SecretContext& context,
                         KeyUnwrapper& unwrapper);

// Same, from the stored text form (SealedSecret::ToText).
Result<SecretBytes> OpenText(std::string_view sealed_text, const SecretContext& context,
                             KeyUnwrapper& unwrapper);

}  // namespace baro::vault
