#include "vault/local_kek.h"

#include <sodium.h>
#include <sys/stat.h>
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

std::string RotationNewFile(const std::string& key_file) {
  return key_file + ".new";
}
std::string RotationOldFile(const std::string& key_file) {
  return key_file + ".old";
}

X25519PublicKey PublicKeyOf(const SecretBytes& private_key) {
  X25519PublicKey out{};
  if (private_key.size() == crypto_box_SECRETKEYBYTES) {
    crypto_scalarmult_base(out.data(), private_key.data());
  }
  return out;
}

Result<SecretBytes> LoadLocalPrivateKey(const std::string& private_key_file) {
  auto text = ReadKeyFile(private_key_file, kKeyFileMaxBytes, /*require_private=*/true);
  if (!text) return text.error();
  auto key = Base64DecodeSecret(TrimWhitespace(text->view()));
  if (!key || key->size() != crypto_box_SECRETKEYBYTES) {
    return MakeError(ErrorCode::kInvalidInput,
                     "not an X25519 private key file: " + private_key_file);
  }
  return std::move(*key);
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

namespace {
Result<X25519PublicKey> ReadPublicKey(const std::string& file) {
  auto text = ReadKeyFile(file, kKeyFileMaxBytes, /*require_private=*/false);
  if (!text) return text.error();
  auto bytes = Base64Decode(TrimWhitespace(text->view()));
  if (!bytes || bytes->size() != crypto_box_PUBLICKEYBYTES) {
    return MakeError(ErrorCode::kInvalidInput, "not an X25519 public key file: " + file);
  }
  X25519PublicKey key{};
  std::memcpy(key.data(), bytes->data(), key.size());
  return key;
}
}  // namespace

Result<std::unique_ptr<LocalKeyWrapper>> LocalKeyWrapper::Load(const LocalKeyOptions& options) {
  auto key = ReadPublicKey(options.public_key_file);
  if (!key) return key.error();
  auto out = std::make_unique<LocalKeyWrapper>(*key);
  out->file_ = options.public_key_file;
  if (auto st = out->ReloadIfChanged(); !st) return st.error();
  return out;
}

std::string LocalKeyWrapper::key_id() const {
  std::lock_guard lock(mutex_);
  return key_id_;
}

Status LocalKeyWrapper::ReloadIfChanged() {
  if (file_.empty()) return {};
  struct stat st {};
  if (::stat(file_.c_str(), &st) != 0) {
    return MakeError(ErrorCode::kUnavailable, "cannot stat public key file " + file_);
  }
  const FileStamp now{
      static_cast<unsigned long long>(st.st_dev), static_cast<unsigned long long>(st.st_ino),
      static_cast<long long>(st.st_size),
      static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec};
  if (now == stamp_) return {};
  auto key = ReadPublicKey(file_);
  if (!key) return key.error();
  public_key_ = *key;
  key_id_ = LocalKeyId(*key);
  stamp_ = now;
  return {};
}

Result<WrappedKey> LocalKeyWrapper::Wrap(const SecretBytes& data_key,
                                         std::string_view associated_data) {
  X25519PublicKey public_key{};
  std::string key_id;
  {
    std::lock_guard lock(mutex_);
    if (auto st = ReloadIfChanged(); !st) return st.error();
    public_key = public_key_;
    key_id = key_id_;
  }
  const auto binding = Binding(associated_data);
  SecretBytes message(data_key.size() + kBindingBytes);
  std::memcpy(message.data(), data_key.data(), data_key.size());
  std::memcpy(message.data() + data_key.size(), binding.data(), kBindingBytes);
  WrappedKey out{KekBackend::kLocal, std::move(key_id),
                 std::string(message.size() + crypto_box_SEALBYTES, '\0')};
  if (crypto_box_seal(reinterpret_cast<unsigned char*>(out.bytes.data()), message.data(),
                      message.size(), public_key.data()) != 0) {
    return MakeError(ErrorCode::kCrypto, "crypto_box_seal failed");
  }
  return out;
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
  if (wrapped.bytes.size() != crypto_box_SEALBYTES + kDataKeyBytes + kBindingBytes) {
    return Unwrappable("wrapped data key has the wrong size");
  }
  SecretBytes message(kDataKeyBytes + kBindingBytes);
  if (crypto_box_seal_open(
          message.data(), reinterpret_cast<const unsigned char*>(wrapped.bytes.data()),
          wrapped.bytes.size(), key->public_key.data(), key->private_key.data()) != 0) {
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
