// What the fake venues share: the venue-side HMAC check (computed independently of the product's
// own signing code, with OpenSSL directly) and the venue's clock.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace baro::fakes {

std::string VenueHmacSha256Hex(std::string_view key, std::string_view data);
std::string VenueHmacSha256Base64(std::string_view key, std::string_view data);
std::int64_t VenueNowMs();

}  // namespace baro::fakes
