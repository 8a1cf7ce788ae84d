// The `local` key-encryption back-end (the embedded default): an X25519 key pair on disk. The
// storing side loads only the public key and wraps data keys with crypto_box_seal; only the fetcher
// loads the private key file (mode 0600) and unwraps with crypto_box_seal_open.
//
// A wrapped data key is sealed_box(data_key || BLAKE2b-256(associated data)): the digest binds the
// wrap to its row, since sealed boxes have no associated data of their own. Key files hold one line
// of standard base64 (32 bytes each). The key id is "x25519:" + the first 8 bytes, in hex, of
// BLAKE2b-256 of the public key.
#pragma once

#include <array>
#include <memory>
#include <string>

#include "core/result.h"
#include "core/secret.h"
#include "vault/key_wrapper.h"

namespace baro::vault {

struct LocalKeyOptions {
  std::string public_key_file = "/var/lib/baro/keys/kek.pub";
  std::string private_key_file = "/var/lib/baro/keys/kek.key";  // read by the fetcher only
};

using X25519PublicKey = std::array<unsigned char, 32>;

std::string LocalKeyId(const X25519PublicKey& public_key);

// What binds a wrap to its row: BLAKE2b-256 of the associated data, sealed after the data key.
inline constexpr std::size_t kLocalBindingBytes = 32;
using LocalWrapBinding = std::array<unsigned char, kLocalBindingBytes>;
LocalWrapBinding LocalBinding(std::string_view associated_data);

// Key files hold one line of base64; anything longer is not a key file.
inline constexpr std::size_t kLocalKeyFileMaxBytes = 256;

// `keys init`: makes a fresh key pair, writes the public key file (0644) and the private key file
// (0600). Refuses (kConflict) if either file already exists. Returns the new key id. Part of the
// opening library (baro_vault_open): the storing side never makes private key material.
Result<std::string> InitLocalKeys(const LocalKeyOptions& options);

class LocalKeyWrapper final : public KeyWrapper {
 public:
  explicit LocalKeyWrapper(const X25519PublicKey& public_key);
  static Result<std::unique_ptr<LocalKeyWrapper>> Load(const LocalKeyOptions& options);

  KekBackend backend() const override { return KekBackend::kLocal; }
  Result<WrappedKey> Wrap(const SecretBytes& data_key, std::string_view associated_data) override;
  const std::string& key_id() const { return key_id_; }

 private:
  X25519PublicKey public_key_;
  std::string key_id_;
};

// Defined in the opening library (baro_vault_open) only.
class LocalKeyUnwrapper final : public KeyUnwrapper {
 public:
  // `private_key` must hold 32 bytes; the public key is derived from it.
  explicit LocalKeyUnwrapper(SecretBytes private_key);
  static Result<std::unique_ptr<LocalKeyUnwrapper>> Load(const LocalKeyOptions& options);

  KekBackend backend() const override { return KekBackend::kLocal; }
  Result<SecretBytes> Unwrap(const WrappedKey& wrapped, std::string_view associated_data) override;
  const std::string& key_id() const { return key_id_; }

 private:
  SecretBytes private_key_;
  X25519PublicKey public_key_{};
  std::string key_id_;
};

}  // namespace baro::vault
