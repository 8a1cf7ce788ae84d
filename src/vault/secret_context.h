// SecretContext: the row a sealed secret belongs to (user, connection, venue, which field, and the
// connection's key generation). Its canonical encoding is the associated data of both the payload
// AEAD and the data-key wrap, so a ciphertext copied into another row, another field, another
// format version, or back into its own row after the key was replaced, fails to open.
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
  // The connection's key generation (store::Connection::key_generation): one more each time the
  // row's key is replaced; a rotation rewraps under the same one.
  std::int64_t key_generation = 0;
};

// Unambiguous encoding: a domain tag, the format version, then each component with a 32-bit
// big-endian length prefix; then, for a key generation other than 0, the generation as a 64-bit
// big-endian number. Generation 0 (rows sealed before generations existed) encodes as it always
// did, so those rows keep opening; every later generation adds 8 bytes after length-prefixed
// fields, so no two contexts share an encoding.
std::string AssociatedData(const SecretContext& context, std::uint8_t format_version);

}  // namespace baro::vault
