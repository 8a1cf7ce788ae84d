// The fetcher's half of the `local` back-end: loads the private key and opens sealed boxes.
#include <sodium.h>

#include "vault/encoding.h"
#include "vault/key_files.h"
#include "vault/local_kek.h"

namespace baro::vault {
namespace {

Error Unwrappable(std::string why) {
  return MakeError(ErrorCode::kCrypto, "local data key cannot be unwrapped: " + std::move(why));
}
}  // namespace

LocalKeyUnwrapper::LocalKeyUnwrapper(SecretBytes private_key)
    : private_key_(std::move(private_key)) {
  if (private_key_.size() == crypto_box_SECRETKEYBYTES) {
    crypto_scalarmult_base(public_key_.data(), private_key_.data());
  }
  key_id_ = LocalKeyId(public_key_);
}

Result<std::unique_ptr<LocalKeyUnwrapper>> LocalKeyUnwrapper::Load(const LocalKeyOptions& options) {
  auto text =
      ReadKeyFile(options.private_key_file, kLocalKeyFileMaxBytes, /*require_private=*/true);
  if (!text) return text.error();
  auto key = Base64DecodeSecret(TrimWhitespace(text->view()));
  if (!key || key->size() != crypto_box_SECRETKEYBYTES) {
    return MakeError(ErrorCode::kInvalidInput,
                     "not an X25519 private key file: " + options.private_key_file);
  }
  return std::make_unique<LocalKeyUnwrapper>(std::move(*key));
}

Result<SecretBytes> LocalKeyUnwrapper::Unwrap(const WrappedKey& wrapped,
                                              std::string_view associated_data) {
  if (private_key_.size() != crypto_box_SECRETKEYBYTES) {
    return Unwrappable("no valid private key is loaded");
  }
  if (wrapped.backend != KekBackend::kLocal) return Unwrappable("not a local-wrapped data key");
  if (wrapped.key_id != key_id_) {
    return Unwrappable("it was wrapped for key " + wrapped.key_id + ", this process holds " +
                       key_id_ + " (wrong key pair)");
  }
  if (wrapped.bytes.size() != crypto_box_SEALBYTES + kDataKeyBytes + kLocalBindingBytes) {
    return Unwrappable("wrapped data key has the wrong size");
  }
  SecretBytes message(kDataKeyBytes + kLocalBindingBytes);
  if (crypto_box_seal_open(message.data(),
                           reinterpret_cast<const unsigned char*>(wrapped.bytes.data()),
                           wrapped.bytes.size(), public_key_.data(), private_key_.data()) != 0) {
    return Unwrappable(
        "the sealed box does not open with this private key (altered, or wrong key pair)");
  }
  const auto binding = LocalBinding(associated_data);
  if (sodium_memcmp(message.data() + kDataKeyBytes, binding.data(), kLocalBindingBytes) != 0) {
    return Unwrappable("it belongs to another row or field");
  }
  return SecretBytes(message.view().substr(0, kDataKeyBytes));
}

}  // namespace baro::vault
