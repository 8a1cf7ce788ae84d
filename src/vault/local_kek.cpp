#include "vault/local_kek.h"

#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

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

std::string RotationNewFile(const std::string& key_file) {
  return key_file + ".new";
}
std::string RotationOldFile(const std::string& key_file) {
  return key_file + ".old";
}

LocalKeyWrapper::LocalKeyWrapper(const X25519PublicKey& public_key)
    : public_key_(public_key), key_id_(LocalKeyId(public_key)) {}

namespace {
Result<X25519PublicKey> ReadPublicKey(const std::string& file) {
  auto text = ReadKeyFile(file, kLocalKeyFileMaxBytes, /*require_private=*/false);
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
  const auto binding = LocalBinding(associated_data);
  SecretBytes message(data_key.size() + kLocalBindingBytes);
  std::memcpy(message.data(), data_key.data(), data_key.size());
  std::memcpy(message.data() + data_key.size(), binding.data(), kLocalBindingBytes);
  WrappedKey out{KekBackend::kLocal, std::move(key_id),
                 std::string(message.size() + crypto_box_SEALBYTES, '\0')};
  if (crypto_box_seal(reinterpret_cast<unsigned char*>(out.bytes.data()), message.data(),
                      message.size(), public_key.data()) != 0) {
    return MakeError(ErrorCode::kCrypto, "crypto_box_seal failed");
  }
  return out;
}

}  // namespace baro::vault
