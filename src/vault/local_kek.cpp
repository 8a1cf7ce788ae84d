#include "vault/local_kek.h"

#include <sodium.h>

#include <cstring>

#include "vault/encoding.h"
#include "vault/key_files.h"

namespace baro::vault {
static_assert(crypto_box_PUBLICKEYBYTES == 32 && crypto_box_SECRETKEYBYTES == 32);

LocalWrapBinding LocalBinding(std::string_view associated_data) {
  LocalWrapBinding out{};
  crypto_generichash(out.data(), out.size(),
                     reinterpret_cast<const unsigned char*>(associated_data.data()),
                     associated_data.size(), nullptr, 0);
  return out;
}

std::string LocalKeyId(const X25519PublicKey& public_key) {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, public_key.data(), public_key.size(), nullptr, 0);
  return "x25519:" + HexEncode(std::string_view(reinterpret_cast<const char*>(digest), 8));
}

LocalKeyWrapper::LocalKeyWrapper(const X25519PublicKey& public_key)
    : public_key_(public_key), key_id_(LocalKeyId(public_key)) {}

Result<std::unique_ptr<LocalKeyWrapper>> LocalKeyWrapper::Load(const LocalKeyOptions& options) {
  auto text =
      ReadKeyFile(options.public_key_file, kLocalKeyFileMaxBytes, /*require_private=*/false);
  if (!text) return text.error();
  auto bytes = Base64Decode(TrimWhitespace(text->view()));
  if (!bytes || bytes->size() != crypto_box_PUBLICKEYBYTES) {
    return MakeError(ErrorCode::kInvalidInput,
                     "not an X25519 public key file: " + options.public_key_file);
  }
  X25519PublicKey key{};
  std::memcpy(key.data(), bytes->data(), key.size());
  return std::make_unique<LocalKeyWrapper>(key);
}

Result<WrappedKey> LocalKeyWrapper::Wrap(const SecretBytes& data_key,
                                         std::string_view associated_data) {
  const auto binding = LocalBinding(associated_data);
  SecretBytes message(data_key.size() + kLocalBindingBytes);
  std::memcpy(message.data(), data_key.data(), data_key.size());
  std::memcpy(message.data() + data_key.size(), binding.data(), kLocalBindingBytes);
  WrappedKey out{KekBackend::kLocal, key_id_,
                 std::string(message.size() + crypto_box_SEALBYTES, '\0')};
  if (crypto_box_seal(reinterpret_cast<unsigned char*>(out.bytes.data()), message.data(),
                      message.size(), public_key_.data()) != 0) {
    return MakeError(ErrorCode::kCrypto, "crypto_box_seal failed");
  }
  return out;
}

}  // namespace baro::vault
