// Request-signing primitives shared by the venues: HMAC-SHA256/512 over exact bytes, as lower-case
// hex or base64. Keys come in locked memory; intermediate digests are wiped.
#pragma once

#include <string>
#include <string_view>

#include "core/secret.h"

namespace baro::exchanges {

std::string HmacSha256Hex(const SecretBytes& key, std::string_view data);
std::string HmacSha256Base64(const SecretBytes& key, std::string_view data);
std::string HmacSha512Hex(const SecretBytes& key, std::string_view data);
std::string Sha512Hex(std::string_view data);

}  // namespace baro::exchanges
