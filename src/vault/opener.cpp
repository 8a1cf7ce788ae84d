#include "vault/opener.h"

#include <sodium.h>

namespace baro::vault {
namespace {
Error Refused(std::string why) {
  return MakeError(ErrorCode::kCrypto, "sealed secret cannot be opened: " + std::move(why));
}
}  // namespace

Result<SecretBytes> Open(const SealedSecret& sealed, const SecretContext& context,
                         KeyUnwrapper& unwrapper) {
  if (sealed.version != kSealedSecretVersion) {
    return Refused("unsupported format version " + std::to_string(sealed.version));
  }
  if (sealed.data_key.backend != unwrapper.backend()) {
    return Refused(
        "its data key is wrapped by the '" + std::string(ToString(sealed.data_key.backend)) +
        "' back-end, this process holds '" + std::string(ToString(unwrapper.backend())) + "'");
  }
  if (sealed.ciphertext.size() < crypto_aead_xchacha20poly1305_ietf_ABYTES) {
    return Refused("ciphertext is truncated");
  }
  const std::string ad = AssociatedData(context, sealed.version);
  auto data_key = unwrapper.Unwrap(sealed.data_key, ad);
  if (!data_key) return data_key.error();
  if (data_key->size() != kDataKeyBytes) return Refused("unwrapped data key has the wrong size");

  SecretBytes plaintext(sealed.ciphertext.size() - crypto_aead_xchacha20poly1305_ietf_ABYTES);
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          plaintext.data(), &written, nullptr,
          reinterpret_cast<const unsigned char*>(sealed.ciphertext.data()),
          sealed.ciphertext.size(), reinterpret_cast<const unsigned char*>(ad.data()), ad.size(),
          sealed.nonce.data(), data_key->data()) != 0) {
    return Refused(
        "authentication failed (the ciphertext was altered or belongs to another row or field)");
  }
  return plaintext;
}

Result<SecretBytes> OpenText(std::string_view sealed_text, const SecretContext& context,
                             KeyUnwrapper& unwrapper) {
  auto sealed = SealedSecret::FromText(sealed_text);
  if (!sealed) return sealed.error();
  return Open(*sealed, context, unwrapper);
}

}  // namespace baro::vault
