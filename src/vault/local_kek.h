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
#include <mutex>
#include <string>
#include <vector>

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

// Beside a key file, a rotation keeps "<file>.new" (the pair being rotated to) and "<file>.old"
// (the pair rotated from, kept until the operator removes it): see docs/security.md.
std::string RotationNewFile(const std::string& key_file);
std::string RotationOldFile(const std::string& key_file);

// The public half of a private key (X25519 base-point multiplication). Opening library only.
X25519PublicKey PublicKeyOf(const SecretBytes& private_key);

// Reads one private key file (mode 0600 required). Opening library only.
Result<SecretBytes> LoadLocalPrivateKey(const std::string& private_key_file);

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

// Wraps under one public key. Loaded from a file, it checks the file before each wrap and reloads
// it when it changed (another inode, size or modification time), so a running process seals under
// the new key as soon as a rotation puts it in place.
class LocalKeyWrapper final : public KeyWrapper {
 public:
  explicit LocalKeyWrapper(const X25519PublicKey& public_key);
  static Result<std::unique_ptr<LocalKeyWrapper>> Load(const LocalKeyOptions& options);

  KekBackend backend() const override { return KekBackend::kLocal; }
  Result<WrappedKey> Wrap(const SecretBytes& data_key, std::string_view associated_data) override;
  std::string key_id() const;

 private:
  struct FileStamp {
    unsigned long long device = 0, inode = 0;
    long long size = -1, mtime_ns = 0;
    bool operator==(const FileStamp&) const = default;
  };
  Status ReloadIfChanged();

  mutable std::mutex mutex_;
  std::string file_;  // empty: a fixed key
  FileStamp stamp_;
  X25519PublicKey public_key_;
  std::string key_id_;
};

// Unwraps with a key ring: the private key file and, while a rotation is under way or its old key
// is kept, "<file>.new" and "<file>.old". A data key names the key id it was wrapped for; when that
// id is not in the ring, the files are read again (a rotation may have made or moved a key since).
// Defined in the opening library (baro_vault_open) only.
class LocalKeyUnwrapper final : public KeyUnwrapper {
 public:
  // `private_key` must hold 32 bytes; the public key is derived from it. A ring of this one key.
  explicit LocalKeyUnwrapper(SecretBytes private_key);
  static Result<std::unique_ptr<LocalKeyUnwrapper>> Load(const LocalKeyOptions& options);

  KekBackend backend() const override { return KekBackend::kLocal; }
  Result<SecretBytes> Unwrap(const WrappedKey& wrapped, std::string_view associated_data) override;
  std::string key_id() const;                // the primary key's (the private key file's)
  std::vector<std::string> key_ids() const;  // every key in the ring, primary first

 private:
  struct RingKey {
    SecretBytes private_key;
    X25519PublicKey public_key{};
    std::string key_id;
  };
  using Ring = std::vector<RingKey>;
  LocalKeyUnwrapper(std::string private_key_file, std::shared_ptr<const Ring> ring);
  static Result<std::shared_ptr<const Ring>> LoadRing(const std::string& private_key_file);
  std::shared_ptr<const Ring> ring() const;

  std::string file_;  // empty: a fixed ring of one key
  mutable std::mutex mutex_;
  std::shared_ptr<const Ring> ring_;
};

}  // namespace baro::vault
