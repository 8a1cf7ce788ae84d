// SecretContext: the row a sealed secret belongs to (user, connection, venue, which field). Its
// canonical encoding is the associated data of both the payload AEAD and the data-key wrap, so a
// ciphertext copied into another row, another field or another format version fails to open.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/venue.h"

namespace baro::vault {

enum class SecretField { kApiKey, kApiSecret, kPassphrase };

std::string_view ToString(SecretField field);  // "api_key", "api_secret", "passphrase"
std::optional<SecretField> SecretFieldFromString(std::string_view name);

struct SecretContext {
  std::string user_id;
  std::string connection_id;
  Venue venue = Venue::kBinance;
  SecretField field = SecretField::kApiSecret;
};

// Unambiguous encoding: a domain tag, the format version, then each component with a 32-bit
// big-endian length prefix.
std::string AssociatedData(const SecretContext& context, std::uint8_t format_version);

}  // namespace baro::vault
