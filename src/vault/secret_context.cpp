#include "vault/secret_context.h"

#include "vault/encoding.h"

namespace baro::vault {

std::string_view ToString(SecretField field) {
  switch (field) {
    case SecretField::kApiKey:
      return "api_key";
    case SecretField::kApiSecret:
      return "api_secret";
    case SecretField::kPassphrase:
      return "passphrase";
  }
  return "unknown";
}

std::optional<SecretField> SecretFieldFromString(std::string_view name) {
  for (SecretField f : {SecretField::kApiKey, SecretField::kApiSecret, SecretField::kPassphrase}) {
    if (ToString(f) == name) return f;
  }
  return std::nullopt;
}

std::string AssociatedData(const SecretContext& context, std::uint8_t format_version) {
  ByteWriter w;
  w.Raw("baro.sealed-secret");
  w.U8(format_version);
  w.Field32(context.user_id);
  w.Field32(context.connection_id);
  w.Field32(ToString(context.venue));
  w.Field32(ToString(context.field));
  if (context.key_generation != 0) {
    const auto generation = static_cast<std::uint64_t>(context.key_generation);
    w.U32(static_cast<std::uint32_t>(generation >> 32));
    w.U32(static_cast<std::uint32_t>(generation & 0xffffffffu));
  }
  return w.Take();
}

}  // namespace baro::vault
