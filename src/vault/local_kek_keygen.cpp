// `keys init`: the local key pair is made where the private key will live, never by the storing
// side.
#include <sodium.h>
#include <unistd.h>

#include "vault/encoding.h"
#include "vault/key_files.h"
#include "vault/local_kek.h"

namespace baro::vault {

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

}  // namespace baro::vault
