#include "vault/local_kek.h"

#include <sodium.h>
#include <unistd.h>

#include <cstring>

#include "vault/encoding.h"
#include "vault/key_files.h"

namespace baro::vault {
namespace {
static_assert(crypto_box_PUBLICKEYBYTES == 32 && crypto_box_SECRETKEYBYTES == 32);
constexpr std::size_t kBindingBytes = 32;  // BLAKE2b-256 of the associated data
constexpr std::size_t kKeyFileMaxBytes = 256;

std::array<unsigned char, kBindingBytes> Binding(std::string_view associated_data) {
  std::array<unsigned char, kBindingBytes> out{};
  crypto_generichash(out.data(), out.size(),
                     reinterpret_cast<const unsigned char*>(associated_data.data()),
                     associated_data.size(), nullptr, 0);
  return out;
}

Error Unwrappable(std::string why) {
  return MakeError(ErrorCode::kCrypto, "local data key cannot be unwrapped: " + std::move(why));
}
}  // namespace

std::string LocalKeyId(const X25519PublicKey& public_key) {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, public_key.data(), public_key.size(), nullptr, 0);
  return "x25519:" + HexEncode(std::string_view(reinterpret_cast<const char*>(digest), 8));
}

Result<std::string> InitLocalKeys(const LocalKeyOptions& options) {
  if (sodium_init() < 0) return MakeError(ErrorCode::kInternal, "libsodium failed to start");
  for (const std::string* path : {&options.public_key_file, &options.private_key_file}) {
    if (::access(path->c_str(), F_OK) == 0) {
      return MakeError(ErrorCode::kConflict, "refusing to overwrite existing key file " + *path);
    }
  }
  X25519PublicKey public_key{};
  SecretBytes private_key(crypto_box_SECRETKEYBYTES);
  crypto_box_keypair(public_key.data(), private_key.data());

  SecretBytes private_text = Base64EncodeSecret(private_key);
  std::string private_line(private_text.view());
  private_line.push_back('\n');
  Status written = WriteNewFile(options.private_key_file, private_line, 0600);
  SecureZero(private_line);
  if (!written) return written.error();

  const std::string public_line =
      Base64Encode(std::string_view(reinterpret_cast<const char*>(public_key.data()), 32)) + "\n";
  written = WriteNewFile(options.public_key_file, public_line, 0644);
  if (!written) {
    ::unlink(options.private_key_file.c_str());
    return written.error();
  }
  return LocalKeyId(public_key);
}

LocalKeyWrapper::LocalKeyWrapper(const X25519PublicKey& public_key)
    : public_key_(public_key), key_id_(LocalKeyId(public_key)) {}

Result<std::unique_ptr<LocalKeyWrapper>> LocalKeyWrapper::Load(const LocalKeyOptions& options) {
  auto text = ReadKeyFile(options.public_key_file, kKeyFileMaxBytes, /*require_private=*/false);
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
  const auto binding = Binding(associated_data);
  SecretBytes message(data_key.size() + kBindingBytes);
  std::memcpy(message.data(), data_key.data(), data_key.size());
  std::memcpy(message.data() + data_key.size(), binding.data(), kBindingBytes);
  WrappedKey out{KekBackend::kLocal, key_id_,
                 std::string(message.size() + crypto_box_SEALBYTES, '\0')};
  if (crypto_box_seal(reinterpret_cast<unsigned char*>(out.bytes.data()), message.data(),
                      message.size(), public_key_.data()) != 0) {
    return MakeError(ErrorCode::kCrypto, "crypto_box_seal failed");
  }
  return out;
}

LocalKeyUnwrapper::LocalKeyUnwrapper(SecretBytes private_key)
    : private_key_(std::move(private_key)) {
  if (private_key_.size() == crypto_box_SECRETKEYBYTES) {
    crypto_scalarmult_base(public_key_.data(), private_key_.data());
  }
  key_id_ = LocalKeyId(public_key_);
}

Result<std::unique_ptr<LocalKeyUnwrapper>> LocalKeyUnwrapper::Load(const LocalKeyOptions& options) {
  auto text = ReadKeyFile(options.private_key_file, kKeyFileMaxBytes, /*require_private=*/true);
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
  if (wrapped.bytes.size() != crypto_box_SEALBYTES + kDataKeyBytes + kBindingBytes) {
    return Unwrappable("wrapped data key has the wrong size");
  }
  SecretBytes message(kDataKeyBytes + kBindingBytes);
  if (crypto_box_seal_open(message.data(),
                           reinterpret_cast<const unsigned char*>(wrapped.bytes.data()),
                           wrapped.bytes.size(), public_key_.data(), private_key_.data()) != 0) {
    return Unwrappable(
        "the sealed box does not open with this private key (altered, or wrong key pair)");
  }
  const auto binding = Binding(associated_data);
  if (sodium_memcmp(message.data() + kDataKeyBytes, binding.data(), kBindingBytes) != 0) {
    return Unwrappable("it belongs to another row or field");
  }
  return SecretBytes(message.view().substr(0, kDataKeyBytes));
}

}  // namespace baro::vault
