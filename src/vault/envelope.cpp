#include "vault/envelope.h"

#include <sodium.h>

namespace baro::vault {
namespace {
static_assert(kNonceBytes == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
static_assert(kDataKeyBytes == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);

}  // namespace

Result<SealedSecret> Seal(const SecretBytes& plaintext, const SecretContext& context,
                          KeyWrapper& wrapper) {
  if (plaintext.empty())
    return MakeError(ErrorCode::kInvalidInput, "refusing to seal an empty secret");
  SecretBytes data_key(kDataKeyBytes);
  crypto_aead_xchacha20poly1305_ietf_keygen(data_key.data());

  SealedSecret sealed;
  const std::string ad = AssociatedData(context, sealed.version);
  auto wrapped = wrapper.Wrap(data_key, ad);
  if (!wrapped) return wrapped.error();
  if (wrapped->backend != wrapper.backend()) {
    return MakeError(ErrorCode::kInternal, "key wrapper reported another back-end");
  }
  sealed.data_key = std::move(*wrapped);
  randombytes_buf(sealed.nonce.data(), sealed.nonce.size());
  sealed.ciphertext.resize(plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      reinterpret_cast<unsigned char*>(sealed.ciphertext.data()), &written, plaintext.data(),
      plaintext.size(), reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nullptr,
      sealed.nonce.data(), data_key.data());
  sealed.ciphertext.resize(written);
  return sealed;
}

}  // namespace baro::vault
