#include "vault/rotation_files.h"

#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "vault/encoding.h"
#include "vault/key_files.h"

namespace baro::vault {
namespace {

bool Exists(const std::string& path) {
  return ::access(path.c_str(), F_OK) == 0;
}

Error FileError(const std::string& what, const std::string& path, int err) {
  return MakeError(ErrorCode::kInternal, what + " " + path + ": " + std::strerror(err));
}

std::string TempNameFor(const std::string& path) {
  unsigned char random[8];
  randombytes_buf(random, sizeof random);
  return path + ".tmp-" +
         HexEncode(std::string_view(reinterpret_cast<const char*>(random), sizeof random));
}

// Writes `contents` to a fresh temporary file beside `path`, then links it to `path` (which must
// not exist) or renames it over `path`.
Status WriteWhole(const std::string& path, std::string_view contents, mode_t mode, bool replace) {
  const std::string temp = TempNameFor(path);
  if (auto st = WriteNewFile(temp, contents, mode); !st) return st;
  if (replace) {
    if (::rename(temp.c_str(), path.c_str()) != 0)
      return FileError("cannot rename to", path, errno);
    return {};
  }
  if (::link(temp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());  // never linked: it protects nothing
    if (err == EEXIST) {
      return MakeError(ErrorCode::kConflict, "refusing to overwrite existing key file " + path);
    }
    return FileError("cannot link", path, err);
  }
  ::unlink(temp.c_str());  // the same inode lives on under `path`
  return {};
}

std::string PublicLine(const X25519PublicKey& key) {
  return Base64Encode(std::string_view(reinterpret_cast<const char*>(key.data()), key.size())) +
         "\n";
}

Result<std::string> PublicFileKeyId(const std::string& file) {
  auto w = LocalKeyWrapper::Load({file, ""});
  if (!w) return w.error();
  return (*w)->key_id();
}

}  // namespace

LocalRotationStage LocalRotationStageOf(const LocalKeyOptions& options) {
  if (Exists(RotationNewFile(options.private_key_file))) return LocalRotationStage::kInProgress;
  if (Exists(RotationOldFile(options.private_key_file))) return LocalRotationStage::kOldKept;
  return LocalRotationStage::kIdle;
}

Result<SecretBytes> PrepareNewLocalKey(const LocalKeyOptions& options) {
  const std::string file = RotationNewFile(options.private_key_file);
  if (Exists(file)) return LoadLocalPrivateKey(file);
  if (sodium_init() < 0) return MakeError(ErrorCode::kInternal, "libsodium failed to start");
  X25519PublicKey public_key{};
  SecretBytes private_key(crypto_box_SECRETKEYBYTES);
  crypto_box_keypair(public_key.data(), private_key.data());
  SecretBytes text = Base64EncodeSecret(private_key);
  std::string line(text.view());
  line.push_back('\n');
  Status written = WriteWhole(file, line, 0600, /*replace=*/false);
  SecureZero(line);
  if (!written) return written.error();
  return private_key;
}

Status PromoteNewLocalKey(const LocalKeyOptions& options, const RotationStepHook& hook) {
  auto step = [&](std::string_view name) {
    if (hook) hook(name);
  };
  const std::string new_private = RotationNewFile(options.private_key_file);
  const std::string old_private = RotationOldFile(options.private_key_file);
  const std::string old_public = RotationOldFile(options.public_key_file);
  if (!Exists(new_private)) {
    return MakeError(ErrorCode::kNotFound,
                     "no rotation is under way: " + new_private + " is absent");
  }
  auto next = LoadLocalPrivateKey(new_private);
  if (!next) return next.error();
  const X25519PublicKey next_public = PublicKeyOf(*next);
  auto current = LoadLocalPrivateKey(options.private_key_file);
  if (!current) return current.error();
  const X25519PublicKey current_public = PublicKeyOf(*current);
  const std::string current_id = LocalKeyId(current_public);

  if (Exists(old_private)) {
    auto old = LoadLocalPrivateKey(old_private);
    if (!old) return old.error();
    if (LocalKeyId(PublicKeyOf(*old)) != current_id) {
      return MakeError(ErrorCode::kConflict,
                       old_private + " holds another key than " + options.private_key_file +
                           ": an earlier rotation's old key is still there (see docs/security.md)");
    }
  } else if (::link(options.private_key_file.c_str(), old_private.c_str()) != 0) {
    return FileError("cannot link", old_private, errno);
  }
  step("old-private");

  if (Exists(old_public)) {
    auto id = PublicFileKeyId(old_public);
    if (!id) return id.error();
    if (*id != current_id) {
      return MakeError(ErrorCode::kConflict, old_public + " holds another key than " + old_private +
                                                 " (see docs/security.md)");
    }
  } else if (auto st = WriteWhole(old_public, PublicLine(current_public), 0644, false); !st) {
    return st;
  }
  step("old-public");

  auto published = PublicFileKeyId(options.public_key_file);
  if (!published || *published != LocalKeyId(next_public)) {
    if (auto st = WriteWhole(options.public_key_file, PublicLine(next_public), 0644, true); !st) {
      return st;
    }
  }
  step("public");

  if (::rename(new_private.c_str(), options.private_key_file.c_str()) != 0) {
    return FileError("cannot rename to", options.private_key_file, errno);
  }
  step("private");
  return {};
}

}  // namespace baro::vault
