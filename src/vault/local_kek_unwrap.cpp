// The fetcher's half of the `local` back-end: loads the private keys (the key file and, during or
// after a rotation, "<file>.new" and "<file>.old") and opens sealed boxes.
#include <sodium.h>
#include <unistd.h>

#include "vault/encoding.h"
#include "vault/key_files.h"
#include "vault/local_kek.h"

namespace baro::vault {
namespace {

Error Unwrappable(std::string why) {
  return MakeError(ErrorCode::kCrypto, "local data key cannot be unwrapped: " + std::move(why));
}
}  // namespace

X25519PublicKey PublicKeyOf(const SecretBytes& private_key) {
  X25519PublicKey out{};
  if (private_key.size() == crypto_box_SECRETKEYBYTES) {
    crypto_scalarmult_base(out.data(), private_key.data());
  }
  return out;
}

Result<SecretBytes> LoadLocalPrivateKey(const std::string& private_key_file) {
  auto text = ReadKeyFile(private_key_file, kLocalKeyFileMaxBytes, /*require_private=*/true);
  if (!text) return text.error();
  auto key = Base64DecodeSecret(TrimWhitespace(text->view()));
  if (!key || key->size() != crypto_box_SECRETKEYBYTES) {
    return MakeError(ErrorCode::kInvalidInput,
                     "not an X25519 private key file: " + private_key_file);
  }
  return std::move(*key);
}

LocalKeyUnwrapper::LocalKeyUnwrapper(SecretBytes private_key) {
  auto ring = std::make_shared<Ring>();
  RingKey key;
  key.public_key = PublicKeyOf(private_key);
  key.key_id = LocalKeyId(key.public_key);
  key.private_key = std::move(private_key);
  ring->push_back(std::move(key));
  ring_ = std::move(ring);
}

LocalKeyUnwrapper::LocalKeyUnwrapper(std::string private_key_file, std::shared_ptr<const Ring> ring)
    : file_(std::move(private_key_file)), ring_(std::move(ring)) {}

Result<std::shared_ptr<const LocalKeyUnwrapper::Ring>> LocalKeyUnwrapper::LoadRing(
    const std::string& private_key_file) {
  auto ring = std::make_shared<Ring>();
  for (const std::string& file :
       {private_key_file, RotationNewFile(private_key_file), RotationOldFile(private_key_file)}) {
    const bool primary = ring->empty() && file == private_key_file;
    if (!primary && ::access(file.c_str(), F_OK) != 0) continue;
    auto key = LoadLocalPrivateKey(file);
    if (!key) return key.error();
    RingKey k;
    k.public_key = PublicKeyOf(*key);
    k.key_id = LocalKeyId(k.public_key);
    k.private_key = std::move(*key);
    ring->push_back(std::move(k));
  }
  return std::shared_ptr<const Ring>(std::move(ring));
}

Result<std::unique_ptr<LocalKeyUnwrapper>> LocalKeyUnwrapper::Load(const LocalKeyOptions& options) {
  auto ring = LoadRing(options.private_key_file);
  if (!ring) return ring.error();
  return std::unique_ptr<LocalKeyUnwrapper>(
      new LocalKeyUnwrapper(options.private_key_file, std::move(*ring)));
}

std::shared_ptr<const LocalKeyUnwrapper::Ring> LocalKeyUnwrapper::ring() const {
  std::lock_guard lock(mutex_);
  return ring_;
}

std::string LocalKeyUnwrapper::key_id() const {
  return ring()->front().key_id;
}

std::vector<std::string> LocalKeyUnwrapper::key_ids() const {
  std::vector<std::string> out;
  for (const RingKey& k : *ring()) out.push_back(k.key_id);
  return out;
}

Result<SecretBytes> LocalKeyUnwrapper::Unwrap(const WrappedKey& wrapped,
                                              std::string_view associated_data) {
  if (wrapped.backend != KekBackend::kLocal) return Unwrappable("not a local-wrapped data key");
  auto find = [&](const Ring& r) -> const RingKey* {
    for (const RingKey& k : r) {
      if (k.key_id == wrapped.key_id) return &k;
    }
    return nullptr;
  };
  auto current = ring();
  const RingKey* key = find(*current);
  if (key == nullptr && !file_.empty()) {
    // A rotation may have made a new key or moved the current one to "<file>.old" since.
    auto reloaded = LoadRing(file_);
    if (reloaded) {
      std::lock_guard lock(mutex_);
      ring_ = *reloaded;
      current = ring_;
      key = find(*current);
    }
  }
  if (key == nullptr) {
    return Unwrappable("it was wrapped for key " + wrapped.key_id + ", this process holds " +
                       current->front().key_id + " (wrong key pair)");
  }
  if (key->private_key.size() != crypto_box_SECRETKEYBYTES) {
    return Unwrappable("no valid private key is loaded");
  }
  if (wrapped.bytes.size() != crypto_box_SEALBYTES + kDataKeyBytes + kLocalBindingBytes) {
    return Unwrappable("wrapped data key has the wrong size");
  }
  SecretBytes message(kDataKeyBytes + kLocalBindingBytes);
  if (crypto_box_seal_open(
          message.data(), reinterpret_cast<const unsigned char*>(wrapped.bytes.data()),
          wrapped.bytes.size(), key->public_key.data(), key->private_key.data()) != 0) {
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
