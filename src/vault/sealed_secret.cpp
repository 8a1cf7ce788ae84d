#include "vault/sealed_secret.h"

#include <cstring>

#include "vault/encoding.h"

namespace baro::vault {
namespace {
constexpr std::string_view kMagic = "BARO";
constexpr std::uint32_t kMaxWrappedKeyBytes = 8 * 1024;
constexpr std::uint32_t kMaxCiphertextBytes = 64 * 1024;

Error Malformed(std::string what) {
  return MakeError(ErrorCode::kInvalidInput, "sealed secret is malformed: " + std::move(what));
}
}  // namespace

std::string_view ToString(KekBackend backend) {
  switch (backend) {
    case KekBackend::kLocal:
      return "local";
    case KekBackend::kGcpKms:
      return "gcp-kms";
    case KekBackend::kVaultTransit:
      return "vault-transit";
  }
  return "unknown";
}

std::optional<KekBackend> KekBackendFromString(std::string_view name) {
  for (KekBackend b : {KekBackend::kLocal, KekBackend::kGcpKms, KekBackend::kVaultTransit}) {
    if (ToString(b) == name) return b;
  }
  return std::nullopt;
}

std::string SealedSecret::ToBinary() const {
  ByteWriter w;
  w.Raw(kMagic);
  w.U8(version);
  w.U8(static_cast<std::uint8_t>(data_key.backend));
  w.Field16(data_key.key_id);
  w.Field32(data_key.bytes);
  w.Raw(std::string_view(reinterpret_cast<const char*>(nonce.data()), nonce.size()));
  w.Field32(ciphertext);
  return w.Take();
}

std::string SealedSecret::ToText() const {
  return Base64Encode(ToBinary());
}

Result<SealedSecret> SealedSecret::FromBinary(std::string_view bytes) {
  ByteReader r(bytes);
  std::string_view magic, key_id, wrapped, nonce, ciphertext;
  std::uint8_t version = 0, backend = 0;
  if (!r.Raw(kMagic.size(), magic) || magic != kMagic) return Malformed("not a Baro sealed secret");
  if (!r.U8(version)) return Malformed("truncated header");
  if (version != kSealedSecretVersion) {
    return Malformed("unsupported format version " + std::to_string(version));
  }
  if (!r.U8(backend)) return Malformed("truncated header");
  SealedSecret s;
  s.version = version;
  s.data_key.backend = static_cast<KekBackend>(backend);
  if (ToString(s.data_key.backend) == "unknown") {
    return Malformed("unknown key-encryption back-end " + std::to_string(backend));
  }
  if (!r.Field16(key_id)) return Malformed("truncated key id");
  if (!r.Field32(wrapped, kMaxWrappedKeyBytes) || wrapped.empty()) {
    return Malformed("bad wrapped data key");
  }
  if (!r.Raw(kNonceBytes, nonce)) return Malformed("truncated nonce");
  if (!r.Field32(ciphertext, kMaxCiphertextBytes)) return Malformed("bad ciphertext length");
  if (!r.AtEnd()) return Malformed("trailing bytes");
  s.data_key.key_id = std::string(key_id);
  s.data_key.bytes = std::string(wrapped);
  std::memcpy(s.nonce.data(), nonce.data(), kNonceBytes);
  s.ciphertext = std::string(ciphertext);
  return s;
}

Result<SealedSecret> SealedSecret::FromText(std::string_view text) {
  auto bytes = Base64Decode(text);
  if (!bytes) return Malformed("not base64");
  return FromBinary(*bytes);
}

}  // namespace baro::vault
