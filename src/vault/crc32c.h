// CRC32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum Cloud KMS uses for its
// request and response integrity fields.
#pragma once

#include <cstdint>
#include <string_view>

namespace baro::vault {

std::uint32_t Crc32c(std::string_view bytes);

}  // namespace baro::vault
