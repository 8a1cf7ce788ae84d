// SealedSecret: the stored form of one secret (an API key, API secret or passphrase) under envelope
// encryption. It says how to open itself: format version, which key-encryption-key back-end and key
// version wrapped its data key, the wrapped data key, the XChaCha20-Poly1305 nonce and ciphertext.
//
// Binary layout, version 1 (integers big-endian):
//   "BARO" | u8 version=1 | u8 backend | u16 len, key id | u32 len, wrapped data key |
//   24-byte nonce | u32 len, ciphertext (plaintext + 16-byte tag)
// The text form (for a database column) is that binary in standard base64.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace baro::vault {

inline constexpr std::uint8_t kSealedSecretVersion = 1;
inline constexpr std::size_t kNonceBytes = 24;  // crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
inline constexpr std::size_t kDataKeyBytes = 32;

// Key-encryption-key back-ends. The numeric values are part of the stored format.
enum class KekBackend : std::uint8_t { kLocal = 1, kGcpKms = 2, kVaultTransit = 3 };

std::string_view ToString(KekBackend backend);  // "local", "gcp-kms", "vault-transit"
std::optional<KekBackend> KekBackendFromString(std::string_view name);

// A data key as wrapped by a back-end. `key_id` names the key-encryption key and its version
// (local: "x25519:<fingerprint>", gcp-kms: the cryptoKeyVersion resource name, vault-transit:
// "<key>:v<N>"). `bytes` is opaque to everyone but that back-end.
struct WrappedKey {
  KekBackend backend = KekBackend::kLocal;
  std::string key_id;
  std::string bytes;
};

struct SealedSecret {
  std::uint8_t version = kSealedSecretVersion;
  WrappedKey data_key;
  std::array<unsigned char, kNonceBytes> nonce{};
  std::string ciphertext;

  std::string ToBinary() const;
  std::string ToText() const;  // base64 of ToBinary()
  static Result<SealedSecret> FromBinary(std::string_view bytes);
  static Result<SealedSecret> FromText(std::string_view text);
};

}  // namespace baro::vault
